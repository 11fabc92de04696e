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
import type {
  ProvisionContext,
  ProvisionedResource,
  ResourceProvisioner,
} from '../../services/cloudformation/resource-provisioner.js';
import { deleteIgnoringNotFound, handled } from './handler-failure.js';
import { nameOrGenerated, resourceTags, retag } from './physical-names.js';
import { withClient } from './provider-client.js';
import { type Properties, typeTable } from './type-table.js';

// AWS::Logs::LogGroup through the CloudWatch Logs API. Ref is the group's name; Fn::GetAtt Arn is the ARN with `:*`,
// which execution-role policies name (ref cloudformation-cdk §5.2). LogGroupName and LogGroupClass are createOnly in
// the type's schema; retention and tags change in place.

const service = 'CloudWatchLogs';

export function logsResourceTypes(endpoint: string): ResourceProvisioner {
  const logs = <T>(context: ProvisionContext, use: (client: CloudWatchLogsClient) => Promise<T>) =>
    withClient(CloudWatchLogsClient, endpoint, context, (client) => handled(service, () => use(client)));

  return typeTable({
    'AWS::Logs::LogGroup': {
      replacedOn: ['LogGroupName', 'LogGroupClass'],
      create: (p, context) =>
        logs(context, async (client) => {
          const name = nameOrGenerated(p['LogGroupName'], context, 512);
          const tags = Object.fromEntries(resourceTags(p['Tags'], context).map((t) => [t.Key, t.Value]));
          await client.send(
            new CreateLogGroupCommand({
              logGroupName: name,
              ...(typeof p['KmsKeyId'] === 'string' ? { kmsKeyId: p['KmsKeyId'] } : {}),
              ...(typeof p['LogGroupClass'] === 'string'
                ? { logGroupClass: p['LogGroupClass'] as never }
                : {}),
              ...(Object.keys(tags).length > 0 ? { tags } : {}),
            }),
          );
          if (p['RetentionInDays'] !== undefined) await applyRetention(client, name, p);
          return described(client, name);
        }),
      update: (name, p, previous, context) =>
        logs(context, async (client) => {
          if (p['RetentionInDays'] !== previous['RetentionInDays']) await applyRetention(client, name, p);
          const arn = (await described(client, name)).attributes['Arn'] as string;
          await retagGroup(client, arn.replace(/:\*$/, ''), p, previous, context);
          return described(client, name);
        }),
      delete: (name, _p, context) =>
        withClient(CloudWatchLogsClient, endpoint, context, (client) =>
          deleteIgnoringNotFound(service, () =>
            client.send(new DeleteLogGroupCommand({ logGroupName: name })),
          ),
        ),
    },
  });
}

async function applyRetention(client: CloudWatchLogsClient, name: string, p: Properties): Promise<void> {
  const days = p['RetentionInDays'];
  if (days === undefined) await client.send(new DeleteRetentionPolicyCommand({ logGroupName: name }));
  else
    await client.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: Number(days) }));
}

function retagGroup(
  client: CloudWatchLogsClient,
  arn: string,
  p: Properties,
  previous: Properties,
  context: ProvisionContext,
) {
  return retag(p['Tags'], previous['Tags'], context, {
    remove: (keys) => client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: keys })),
    set: (tags) =>
      client.send(
        new TagResourceCommand({
          resourceArn: arn,
          tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])),
        }),
      ),
  });
}

/** Ref and GetAtt of the group, read back so the ARN is the one the service made (its partition included). */
async function described(client: CloudWatchLogsClient, name: string): Promise<ProvisionedResource> {
  const out = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  const group = out.logGroups?.find((g) => g.logGroupName === name);
  return { physicalId: name, attributes: { Arn: group?.arn ?? '' } };
}
