// CloudWatch Logs groups and streams in process through the AWS SDK (ref ecs-services-elb-logs §7.2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  TagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { logsAccount, logsHarness } from '../../testing/logs-fixtures.js';
import { sdkError } from '../../testing/sdk-error.js';

const groupArn = (name: string) => `arn:aws:logs:us-east-1:${logsAccount}:log-group:${name}`;

test('groups: create, duplicate and missing texts, describe with prefix, pattern and pages, delete (ref ecs-services-elb-logs §7.2)', async () => {
  const { logs } = logsHarness();
  for (const name of ['/ecs/web', '/ecs/api', '/other/x', '/ecs/worker'])
    await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
  assert.deepEqual(await sdkError(logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web' }))), {
    name: 'ResourceAlreadyExistsException',
    message: 'The specified log group already exists',
    status: 400,
  });
  const all = await logs.send(new DescribeLogGroupsCommand({}));
  assert.deepEqual(
    all.logGroups!.map((g) => g.logGroupName),
    ['/ecs/api', '/ecs/web', '/ecs/worker', '/other/x'],
  );
  const web = all.logGroups![1]!;
  assert.equal(web.arn, `${groupArn('/ecs/web')}:*`);
  assert.equal(web.logGroupArn, groupArn('/ecs/web'));
  assert.equal(web.logGroupClass, 'STANDARD');
  assert.equal(web.retentionInDays, undefined);

  const first = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/', limit: 2 }));
  assert.deepEqual(
    first.logGroups!.map((g) => g.logGroupName),
    ['/ecs/api', '/ecs/web'],
  );
  assert.ok(first.nextToken);
  const second = await logs.send(
    new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/', limit: 2, nextToken: first.nextToken }),
  );
  assert.deepEqual(
    second.logGroups!.map((g) => g.logGroupName),
    ['/ecs/worker'],
  );
  assert.equal(second.nextToken, undefined);
  const pattern = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'WORK' }));
  assert.deepEqual(
    pattern.logGroups!.map((g) => g.logGroupName),
    ['/ecs/worker'],
  );

  await logs.send(new DeleteLogGroupCommand({ logGroupName: '/ecs/web' }));
  assert.deepEqual(await sdkError(logs.send(new DeleteLogGroupCommand({ logGroupName: '/ecs/web' }))), {
    name: 'ResourceNotFoundException',
    message: 'The specified log group does not exist.',
    status: 400,
  });
});

test('a bad group name is a validation error that changes nothing', async () => {
  const { logs } = logsHarness();
  const failure = await sdkError(logs.send(new CreateLogGroupCommand({ logGroupName: 'bad:name' })));
  assert.equal(failure.name, 'ValidationException');
  assert.match(failure.message, /^1 validation error detected: Value 'bad:name' at 'logGroupName'/);
  assert.deepEqual((await logs.send(new DescribeLogGroupsCommand({}))).logGroups, []);
});

test('streams: missing group, duplicate, describe by name and by last event time, delete', async () => {
  const { logs, clock } = logsHarness();
  assert.equal(
    (await sdkError(logs.send(new CreateLogStreamCommand({ logGroupName: 'g', logStreamName: 's' }))))
      .message,
    'The specified log group does not exist.',
  );
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'g' }));
  for (const name of ['web/web/aaa', 'web/web/bbb', 'db/db/ccc'])
    await logs.send(new CreateLogStreamCommand({ logGroupName: 'g', logStreamName: name }));
  assert.equal(
    (await sdkError(logs.send(new CreateLogStreamCommand({ logGroupName: 'g', logStreamName: 'db/db/ccc' }))))
      .name,
    'ResourceAlreadyExistsException',
  );
  const now = clock.now().getTime();
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: 'g',
      logStreamName: 'web/web/aaa',
      logEvents: [{ timestamp: now, message: 'hello' }],
    }),
  );
  const byName = await logs.send(
    new DescribeLogStreamsCommand({ logGroupName: 'g', logStreamNamePrefix: 'web/' }),
  );
  assert.deepEqual(
    byName.logStreams!.map((s) => s.logStreamName),
    ['web/web/aaa', 'web/web/bbb'],
  );
  assert.equal(byName.logStreams![0]!.lastEventTimestamp, now);
  assert.equal(
    byName.logStreams![0]!.arn,
    `arn:aws:logs:us-east-1:${logsAccount}:log-group:g:log-stream:web/web/aaa`,
  );
  const byTime = await logs.send(
    new DescribeLogStreamsCommand({
      logGroupIdentifier: groupArn('g'),
      orderBy: 'LastEventTime',
      descending: true,
      limit: 1,
    }),
  );
  assert.deepEqual(
    byTime.logStreams!.map((s) => s.logStreamName),
    ['web/web/aaa'],
  );
  const rest = await logs.send(
    new DescribeLogStreamsCommand({
      logGroupName: 'g',
      orderBy: 'LastEventTime',
      descending: true,
      nextToken: byTime.nextToken,
    }),
  );
  assert.deepEqual(
    rest.logStreams!.map((s) => s.logStreamName),
    ['web/web/bbb', 'db/db/ccc'],
  );
  await logs.send(new DeleteLogStreamCommand({ logGroupName: 'g', logStreamName: 'web/web/aaa' }));
  assert.equal(
    (
      await sdkError(
        logs.send(new DeleteLogStreamCommand({ logGroupName: 'g', logStreamName: 'web/web/aaa' })),
      )
    ).message,
    'The specified log stream does not exist.',
  );
});

test('retention: only the model values, shown by DescribeLogGroups, removed again', async () => {
  const { logs } = logsHarness();
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'g' }));
  const bad = await sdkError(
    logs.send(new PutRetentionPolicyCommand({ logGroupName: 'g', retentionInDays: 2 })),
  );
  assert.equal(bad.name, 'ValidationException');
  assert.match(bad.message, /Member must satisfy enum value set: \[1, 3, 5, 7, 14/);
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: 'g', retentionInDays: 7 }));
  assert.equal((await logs.send(new DescribeLogGroupsCommand({}))).logGroups![0]!.retentionInDays, 7);
  await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: 'g' }));
  assert.equal((await logs.send(new DescribeLogGroupsCommand({}))).logGroups![0]!.retentionInDays, undefined);
});

test('tags: at creation and by TagResource on the group ARN', async () => {
  const { logs } = logsHarness();
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'g', tags: { team: 'a' } }));
  await logs.send(new TagResourceCommand({ resourceArn: groupArn('g'), tags: { env: 'dev' } }));
  const { tags } = await logs.send(new ListTagsForResourceCommand({ resourceArn: groupArn('g') }));
  assert.deepEqual(tags, { team: 'a', env: 'dev' });
  assert.equal(
    (await sdkError(logs.send(new ListTagsForResourceCommand({ resourceArn: groupArn('nope') })))).name,
    'ResourceNotFoundException',
  );
});

test('ListTagsLogGroup (deprecated, still read by older Terraform providers): the group tags by name', async () => {
  const { logs } = logsHarness();
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web', tags: { team: 'a' } }));
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/bare' }));
  assert.deepEqual((await logs.send(new ListTagsLogGroupCommand({ logGroupName: '/ecs/web' }))).tags, {
    team: 'a',
  });
  assert.deepEqual((await logs.send(new ListTagsLogGroupCommand({ logGroupName: '/ecs/bare' }))).tags, {});
  assert.deepEqual(await sdkError(logs.send(new ListTagsLogGroupCommand({ logGroupName: '/ecs/nope' }))), {
    name: 'ResourceNotFoundException',
    message: 'The specified log group does not exist.',
    status: 400,
  });
});
