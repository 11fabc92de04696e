// IAM on CloudWatch Logs: the resources AWS names in its AccessDenied texts (engines/logs/logs-arns.ts [OBS]) and
// the `log-group:NAME:*` form execution-role policies use (ref cloudformation-cdk §AWS::Logs::LogGroup).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  ListTagsLogGroupCommand,
  PutLogEventsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { logsAccount, logsHarness } from '../../testing/logs-fixtures.js';
import { sdkError } from '../../testing/sdk-error.js';

const group = `arn:aws:logs:us-east-1:${logsAccount}:log-group`;
const user = (name: string) => `arn:aws:iam::${logsAccount}:user/${name}`;

test('a policy on log-group:NAME:* allows the group and its streams, and nothing of another group', async () => {
  const h = logsHarness();
  await h.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/other' }));
  const shipper = await h.userClient('shipper', {
    Effect: 'Allow',
    Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: `${group}:/ecs/web:*`,
  });
  await shipper.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web' }));
  await shipper.send(new CreateLogStreamCommand({ logGroupName: '/ecs/web', logStreamName: 'web/web/1' }));
  await shipper.send(
    new PutLogEventsCommand({
      logGroupName: '/ecs/web',
      logStreamName: 'web/web/1',
      logEvents: [{ timestamp: h.clock.now().getTime(), message: 'hi' }],
    }),
  );
  assert.deepEqual(
    await sdkError(
      shipper.send(new CreateLogStreamCommand({ logGroupName: '/ecs/other', logStreamName: 's' })),
    ),
    {
      name: 'AccessDeniedException',
      message:
        `User: ${user('shipper')} is not authorized to perform: logs:CreateLogStream on resource: ` +
        `${group}:/ecs/other:log-stream:s because no identity-based policy allows the logs:CreateLogStream action`,
      status: 400,
    },
  );
});

test('denials name the group form (…:log-stream:) and DescribeLogGroups the empty group, before existence is known', async () => {
  const h = logsHarness();
  const nobody = await h.userClient('nobody', {
    Effect: 'Allow',
    Action: 'sts:GetCallerIdentity',
    Resource: '*',
  });
  const create = await sdkError(nobody.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web' })));
  assert.equal(
    create.message,
    `User: ${user('nobody')} is not authorized to perform: logs:CreateLogGroup on resource: ` +
      `${group}:/ecs/web:log-stream: because no identity-based policy allows the logs:CreateLogGroup action`,
  );
  const describe = await sdkError(nobody.send(new DescribeLogGroupsCommand({})));
  assert.equal(
    describe.message,
    `User: ${user('nobody')} is not authorized to perform: logs:DescribeLogGroups on resource: ` +
      `${group}::log-stream: because no identity-based policy allows the logs:DescribeLogGroups action`,
  );
  const missing = await sdkError(
    nobody.send(new CreateLogStreamCommand({ logGroupName: '/no/such/group', logStreamName: 's' })),
  );
  assert.equal(missing.name, 'AccessDeniedException');
  const tags = await sdkError(nobody.send(new ListTagsLogGroupCommand({ logGroupName: '/ecs/web' })));
  assert.equal(
    tags.message,
    `User: ${user('nobody')} is not authorized to perform: logs:ListTagsLogGroup on resource: ` +
      `${group}:/ecs/web:log-stream: because no identity-based policy allows the logs:ListTagsLogGroup action`,
  );
});

test('CreateLogGroup with tags also needs logs:TagResource, with its own text (and nothing is created)', async () => {
  const h = logsHarness();
  const creator = await h.userClient('creator', {
    Effect: 'Allow',
    Action: ['logs:CreateLogGroup', 'logs:DescribeLogGroups'],
    Resource: '*',
  });
  assert.deepEqual(
    await sdkError(
      creator.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web', tags: { team: 'a' } })),
    ),
    {
      name: 'AccessDeniedException',
      message: `User with accountId: ${logsAccount} is not authorized to perform CreateLogGroup with Tags. An additional permission "logs:TagResource" is required.`,
      status: 400,
    },
  );
  assert.deepEqual((await creator.send(new DescribeLogGroupsCommand({}))).logGroups, []);
  await creator.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web' }));
});

test('tag-based policies: aws:RequestTag and aws:TagKeys on CreateLogGroup and TagResource (engines/aws-tags)', async () => {
  const h = logsHarness();
  const teamOnly = await h.userClient(
    'team',
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:TagResource'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestTag/team': 'a' } },
    },
    {
      Effect: 'Allow',
      Action: 'logs:CreateLogGroup',
      Resource: '*',
      Condition: { Null: { 'aws:TagKeys': 'true' } },
    },
  );
  await teamOnly.send(new CreateLogGroupCommand({ logGroupName: '/team/a', tags: { team: 'a' } }));
  await teamOnly.send(new CreateLogGroupCommand({ logGroupName: '/untagged' }));
  assert.equal(
    (
      await sdkError(
        teamOnly.send(new CreateLogGroupCommand({ logGroupName: '/team/b', tags: { team: 'b' } })),
      )
    ).name,
    'AccessDeniedException',
  );
  const arn = `${group}:/team/a`;
  await teamOnly.send(new TagResourceCommand({ resourceArn: arn, tags: { team: 'a' } }));
  assert.equal(
    (await sdkError(teamOnly.send(new TagResourceCommand({ resourceArn: arn, tags: { team: 'b' } }))))
      .message,
    `User: ${user('team')} is not authorized to perform: logs:TagResource on resource: ${arn} because no ` +
      'identity-based policy allows the logs:TagResource action',
  );
});
