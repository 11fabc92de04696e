import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { ProvisionedResource } from '../../services/cloudformation/resource-provisioner.js';
import { deleteIgnoringNotFound, handled } from './handler-failure.js';
import { nameOrGenerated, resourceTags, retag } from './physical-names.js';
import type { Properties, ProviderCall, ResourceProvider } from './provider.js';

// AWS::Logs::LogGroup through the CloudWatch Logs API. Ref is the group's name; Fn::GetAtt Arn is the ARN with `:*`,
// which execution-role policies name (ref cloudformation-cdk §5.2). LogGroupName and LogGroupClass are createOnly in
// the type's schema; retention and tags change in place.

const service = 'CloudWatchLogs';
const logs = <T>(call: ProviderCall, use: (client: CloudWatchLogsClient) => Promise<T>) =>
  handled(service, () => use(call.client(CloudWatchLogsClient)));

export const logsResourceTypes: Readonly<Record<string, ResourceProvider>> = {
  'AWS::Logs::LogGroup': {
    createOnly: ['LogGroupName', 'LogGroupClass'],
    create: (p, call) =>
      logs(call, async (client) => {
        const name = nameOrGenerated(p['LogGroupName'], call, 512);
        const tags = Object.fromEntries(resourceTags(p['Tags'], call.context).map((t) => [t.Key, t.Value]));
        await client.send(
          new CreateLogGroupCommand({
            logGroupName: name,
            ...(typeof p['KmsKeyId'] === 'string' ? { kmsKeyId: p['KmsKeyId'] } : {}),
            ...(typeof p['LogGroupClass'] === 'string' ? { logGroupClass: p['LogGroupClass'] as never } : {}),
            ...(Object.keys(tags).length > 0 ? { tags } : {}),
          }),
        );
        if (p['RetentionInDays'] !== undefined) await applyRetention(client, name, p);
        return described(client, name);
      }),
    update: (name, p, previous, call) =>
      logs(call, async (client) => {
        if (p['RetentionInDays'] !== previous['RetentionInDays']) await applyRetention(client, name, p);
        const arn = ((await described(client, name)).attributes['Arn'] as string).replace(/:\*$/, '');
        await retag(p['Tags'], previous['Tags'], call.context, {
          remove: (keys) => client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: keys })),
          set: (tags) =>
            client.send(
              new TagResourceCommand({
                resourceArn: arn,
                tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])),
              }),
            ),
        });
        return described(client, name);
      }),
    delete: (name, _p, call) =>
      deleteIgnoringNotFound(service, () =>
        call.client(CloudWatchLogsClient).send(new DeleteLogGroupCommand({ logGroupName: name })),
      ),
  },
};

async function applyRetention(client: CloudWatchLogsClient, name: string, p: Properties): Promise<void> {
  const days = p['RetentionInDays'];
  if (days === undefined) await client.send(new DeleteRetentionPolicyCommand({ logGroupName: name }));
  else
    await client.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: Number(days) }));
}

/** Ref and GetAtt of the group, read back so the ARN is the one the service made (its partition included). */
async function described(client: CloudWatchLogsClient, name: string): Promise<ProvisionedResource> {
  const out = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  const group = out.logGroups?.find((g) => g.logGroupName === name);
  return { physicalId: name, attributes: { Arn: group?.arn ?? '' } };
}
