// CloudWatch Logs beside an EcsWorld: a Logs client of its berth, and the set-up an awslogs task needs (the group,
// and the execution role's logs:CreateLogStream / logs:PutLogEvents on it, ref aws-iam-and-protocols §6).
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import type { EcsWorld } from './ecs-world.js';

export function logsClient(world: EcsWorld): CloudWatchLogsClient {
  const { endpoint, region, credentials } = world.berth;
  return new CloudWatchLogsClient({ endpoint, region, credentials, maxAttempts: 1 });
}

/** The awslogs statement of an execution role: `actions` on the group and its streams (`log-group:NAME:*`). */
export function awslogsStatement(region: string, account: string, group: string, actions: string[]) {
  return {
    Effect: 'Allow',
    Action: actions,
    Resource: `arn:aws:logs:${region}:${account}:log-group:${group}:*`,
  };
}

/** Creates `group` (unless `create` is false) and lets `role` create streams in it and write to them. */
export async function allowAwslogs(
  world: EcsWorld,
  role: string,
  group: string,
  create = true,
): Promise<void> {
  const { region, accountId } = world.berth;
  if (create) await logsClient(world).send(new CreateLogGroupCommand({ logGroupName: group }));
  const statement = awslogsStatement(region, accountId, group, ['logs:CreateLogStream', 'logs:PutLogEvents']);
  await world.iam.send(
    new PutRolePolicyCommand({
      RoleName: role,
      PolicyName: `awslogs-${group.replaceAll('/', '-')}`,
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
    }),
  );
}
