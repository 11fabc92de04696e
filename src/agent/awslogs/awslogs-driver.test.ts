// The awslogs driver against a recording LogsWriter: the stream name, awslogs-create-group, ECS's texts when the
// group is missing or a permission is denied (ref ecs-services-elb-logs §7.4), shipping and the last flush, and the
// execution role's credentials renewed for a task that runs longer than they last.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ContainerDefinition, LaunchType, TaskLaunch } from '../../engines/ecs/index.js';
import { Secret } from '../../errors/index.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { AwsCallError } from '../task/ports.js';
import { AwslogsDriver } from './awslogs-driver.js';
import type { LogEvent, LogsWriter } from './logs-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-awslogs-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const taskId = '3caf853ecb00491db67740079d4a02a7';

function launch(launchType: LaunchType = 'FARGATE'): TaskLaunch {
  return {
    taskArn: `arn:aws:ecs:us-east-1:111111111111:task/default/${taskId}`,
    taskId,
    clusterArn: 'arn:aws:ecs:us-east-1:111111111111:cluster/default',
    launchType,
    region: 'us-east-1',
    accountId: '111111111111',
    taskDefinition: {} as TaskLaunch['taskDefinition'],
    containers: [],
    executionCredentials: {
      roleArn: 'arn:aws:iam::111111111111:role/exec',
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: new Secret('s'),
      sessionToken: new Secret('t'),
      expiration: new Date(Date.now() + 3_600_000),
    },
  };
}

const web = (options: Record<string, string>): ContainerDefinition =>
  ({ name: 'web', image: 'web', logConfiguration: { logDriver: 'awslogs', options } }) as ContainerDefinition;
const options = {
  'awslogs-group': '/ecs/web',
  'awslogs-region': 'us-east-1',
  'awslogs-stream-prefix': 'app',
};

function recorder(fail: Partial<Record<'group' | 'stream' | 'put', AwsCallError>> = {}) {
  const calls: string[] = [];
  const events: LogEvent[] = [];
  const writer: LogsWriter = {
    createLogGroup: async (_call, group) => {
      calls.push(`CreateLogGroup ${group}`);
      if (fail.group) throw fail.group;
    },
    createLogStream: async (_call, group, stream) => {
      calls.push(`CreateLogStream ${group} ${stream}`);
      if (fail.stream) throw fail.stream;
    },
    putLogEvents: async (_call, _group, _stream, batch) => {
      if (fail.put) throw fail.put;
      events.push(...batch);
    },
  };
  return { writer, calls, events };
}

const apiError = (code: string, message: string) =>
  new AwsCallError({ code, message, statusCode: 400, requestId: 'req-1', fault: 'client', attempts: 1 });

test('stream prefix/container/task-id; the group is created only with awslogs-create-group; lines shipped, the last on close', async () => {
  const { writer, calls, events } = recorder();
  const file = join(dir, 'web.log');
  const driver = new AwslogsDriver(writer, launch(), () => undefined);
  const opened = await driver.open(web({ ...options, 'awslogs-create-group': 'true' }), 'x-web', file);
  assert.equal(opened.kind, 'shipping');
  assert.deepEqual(calls, ['CreateLogGroup /ecs/web', `CreateLogStream /ecs/web app/web/${taskId}`]);
  appendFileSync(
    file,
    `${JSON.stringify({ time: '2026-12-07T10:00:00.000Z', stream: 'stdout', text: 'hello\n' })}\n`,
  );
  appendFileSync(
    file,
    `${JSON.stringify({ time: '2026-12-07T10:00:01.000Z', stream: 'stderr', text: '\n' })}\n`,
  );
  appendFileSync(
    file,
    JSON.stringify({ time: '2026-12-07T10:00:02.000Z', stream: 'stderr', text: 'no newline' }),
  );
  await driver.close();
  assert.deepEqual(events, [
    { timestamp: Date.parse('2026-12-07T10:00:00.000Z'), message: 'hello' },
    { timestamp: Date.parse('2026-12-07T10:00:02.000Z'), message: 'no newline' },
  ]);
  const again = recorder();
  await new AwslogsDriver(again.writer, launch(), () => undefined).open(
    web(options),
    'x-web',
    join(dir, 'b.log'),
  );
  assert.deepEqual(again.calls, [`CreateLogStream /ecs/web app/web/${taskId}`]);
});

test('a missing group: Fargate ResourceInitializationError, EC2 CannotStartContainerError (ref ecs-services-elb-logs §7.4)', async () => {
  const missing = apiError('ResourceNotFoundException', 'The specified log group does not exist.');
  const fargate = await new AwslogsDriver(
    recorder({ stream: missing }).writer,
    launch(),
    () => undefined,
  ).open(web(options), 'x-web', join(dir, 'c.log'));
  assert.deepEqual(fargate, {
    kind: 'failed',
    reason:
      'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: ' +
      'failed to create Cloudwatch log stream: operation error CloudWatch Logs: CreateLogStream, https response ' +
      'error StatusCode: 400, RequestID: req-1, ResourceNotFoundException: The specified log group does not exist. ' +
      ': exit status 1',
  });
  const ec2 = await new AwslogsDriver(
    recorder({ stream: missing }).writer,
    launch('EC2'),
    () => undefined,
  ).open(web(options), 'x-web', join(dir, 'd.log'));
  assert.deepEqual(ec2, {
    kind: 'failed',
    reason:
      'CannotStartContainerError: Error response from daemon: failed to initialize logging driver: failed to ' +
      'create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist.',
  });
});

test('a denied CreateLogGroup is the group step with smithy\'s "api error" (an unmodeled error)', async () => {
  const denied = apiError(
    'AccessDeniedException',
    'User: x is not authorized to perform: logs:CreateLogGroup',
  );
  const opened = await new AwslogsDriver(recorder({ group: denied }).writer, launch(), () => undefined).open(
    web({ ...options, 'awslogs-create-group': 'true' }),
    'x-web',
    join(dir, 'e.log'),
  );
  assert.equal(opened.kind, 'failed');
  assert.match(
    (opened as { reason: string }).reason,
    /create stream has been retried 1 times: failed to create Cloudwatch log group: operation error CloudWatch Logs: CreateLogGroup, https response error StatusCode: 400, RequestID: req-1, api error AccessDeniedException: User: x is not authorized to perform: logs:CreateLogGroup : exit status 1$/,
  );
});

test('an existing group or stream is fine; a failing PutLogEvents is noted once and does not throw', async () => {
  const exists = apiError('ResourceAlreadyExistsException', 'The specified log group already exists');
  const notes: string[] = [];
  const { writer } = recorder({
    group: exists,
    stream: exists,
    put: apiError('AccessDeniedException', 'no'),
  });
  const file = join(dir, 'f.log');
  const driver = new AwslogsDriver(writer, launch(), (note) => notes.push(note));
  assert.equal(
    (await driver.open(web({ ...options, 'awslogs-create-group': 'true' }), 'x', file)).kind,
    'shipping',
  );
  appendFileSync(
    file,
    `${JSON.stringify({ time: '2026-12-07T10:00:00.000Z', stream: 'stdout', text: 'a\n' })}\n`,
  );
  await driver.close();
  assert.equal(notes.length, 1);
  assert.match(
    notes[0]!,
    /^web: awslogs could not send to \/ecs\/web\/app\/web\/.*its lines are dropped: no$/,
  );
});

test('a container without awslogs keeps its local file only', async () => {
  const definition = { name: 'web', image: 'web' } as ContainerDefinition;
  const { writer, calls } = recorder();
  assert.deepEqual(await new AwslogsDriver(writer, launch(), () => undefined).open(definition, 'x', 'f'), {
    kind: 'none',
  });
  assert.deepEqual(calls, []);
});

test('a task running past its execution credentials: each batch is sent with credentials renewed before they expire', async () => {
  const clock = new FakeClock();
  const hour = 3_600_000;
  const issued = (accessKeyId: string) => ({
    roleArn: 'arn:aws:iam::111111111111:role/exec',
    accessKeyId,
    secretAccessKey: new Secret('s'),
    sessionToken: new Secret('t'),
    expiration: new Date(clock.now().getTime() + hour),
  });
  let renewals = 0;
  const keys: string[] = [];
  const events: string[] = [];
  const writer: LogsWriter = {
    createLogGroup: async () => undefined,
    createLogStream: async () => undefined,
    putLogEvents: async (call, _group, _stream, batch) => {
      keys.push(call.credentials.accessKeyId);
      events.push(...batch.map((event) => event.message));
    },
  };
  const task: TaskLaunch = {
    ...launch(),
    executionCredentials: issued('ASIAFIRST'),
    renewExecutionCredentials: async () => issued(`ASIARENEWED${++renewals}`),
  };
  const file = join(dir, 'long.log');
  const driver = new AwslogsDriver(writer, task, () => undefined, clock);
  assert.equal((await driver.open(web(options), 'x-long', file)).kind, 'shipping');
  const write = async (text: string) => {
    appendFileSync(file, `${JSON.stringify({ time: clock.now().toISOString(), stream: 'stdout', text })}\n`);
    // The shipper sends once a second (real time); a hang guard, not a timing assertion.
    const deadline = Date.now() + 10_000;
    while (!events.includes(text) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(events.includes(text), `${text} was not shipped`);
  };
  await write('at start');
  clock.advance(20 * 60_000);
  await write('after 20 minutes');
  // 45 minutes in: 15 left, inside the renewal window (renewWindowMs, 30 minutes) — renewed before expiring.
  clock.advance(25 * 60_000);
  await write('after 45 minutes');
  clock.advance(20 * 60_000);
  await write('after 65 minutes');
  // 2 h 10 min in: the renewed ones are in their window too.
  clock.advance(65 * 60_000);
  await write('after 130 minutes');
  await driver.close();
  assert.deepEqual(keys, ['ASIAFIRST', 'ASIAFIRST', 'ASIARENEWED1', 'ASIARENEWED1', 'ASIARENEWED2']);
  assert.equal(renewals, 2);
});
