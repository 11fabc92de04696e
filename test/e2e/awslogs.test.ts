// The awslogs driver end to end with runc (ref ecs-services-elb-logs §7.4): a Fargate task's lines reach its stream
// `prefix/container/task-id` as the execution role and GetLogEvents, FilterLogEvents and `berth logs` (through the
// Logs API) and `aws logs tail --follow` read them; a missing group and a role without the logs permissions stop the
// task with ECS's texts; awslogs-create-group creates the group only with logs:CreateLogGroup. The registry
// credentials reach no log.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { ContainerDefinition, Task } from '@aws-sdk/client-ecs';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { awsCliEnv } from '../integ/berth-process.js';
import { allowAwslogs, awslogsStatement, logsClient } from './support/awslogs-world.js';
import { type EcsWorld, type PrivateImage, startEcsWorld } from './support/ecs-world.js';

let world: EcsWorld;
let web: PrivateImage;
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

before(async () => {
  world = await startEcsWorld();
  web = await world.privateWebImage('shipper');
  await allowAwslogs(world, 'shipperExecution', '/ecs/app');
});

after(async () => {
  await world?.close();
});

const taskIdOf = (task: Task) => task.taskArn!.split('/').pop()!;

function printer(group: string, extra: Record<string, string> = {}): ContainerDefinition {
  return {
    name: 'app',
    image: web.image,
    essential: true,
    repositoryCredentials: { credentialsParameter: web.secretArn },
    command: ['sh', '-c', 'echo listening on 8080; echo ERROR upstream timed out >&2; printf "last line"'],
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': group,
        'awslogs-region': world.berth.region,
        'awslogs-stream-prefix': 'svc',
        ...extra,
      },
    },
  };
}

async function runToStop(family: string, container: ContainerDefinition, execution: string): Promise<Task> {
  const definition = await world.registerFargate(family, [container], { execution });
  const settled = await world.runAndSettle(definition);
  return world.waitFor(settled.taskArn!, (t) => t.lastStatus === 'STOPPED');
}

test('a task’s lines reach prefix/container/task-id; GetLogEvents, FilterLogEvents and berth logs read them', async () => {
  const task = await runToStop('awslogs-app', printer('/ecs/app'), web.executionRoleArn);
  assert.equal(task.stopCode, 'EssentialContainerExited', task.stoppedReason);
  const stream = `svc/app/${taskIdOf(task)}`;
  const logs = logsClient(world);
  const { events } = await logs.send(
    new GetLogEventsCommand({ logGroupName: '/ecs/app', logStreamName: stream, startFromHead: true }),
  );
  assert.deepEqual(events!.map((e) => e.message).sort(), [
    'ERROR upstream timed out',
    'last line',
    'listening on 8080',
  ]);
  const errors = await logs.send(
    new FilterLogEventsCommand({ logGroupName: '/ecs/app', filterPattern: 'ERROR' }),
  );
  assert.deepEqual(
    errors.events!.map((e) => [e.logStreamName, e.message]),
    [[stream, 'ERROR upstream timed out']],
  );
  // berth logs reads the stream through the Logs API: CloudWatch keeps no stdout/stderr, so every line is stdout.
  const shown = world.cli(['logs', taskIdOf(task)]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.deepEqual(shown.stdout.split('\n').sort(), [
    '',
    'ERROR upstream timed out',
    'last line',
    'listening on 8080',
  ]);
  assert.equal(shown.stderr, '');
  // Read from the stream, not the local file: an event only the stream has is shown too.
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: '/ecs/app',
      logStreamName: stream,
      logEvents: [{ timestamp: Date.now(), message: 'written by another writer' }],
    }),
  );
  const again = world.cli(['logs', taskIdOf(task), '--container', 'app']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /written by another writer\n$/);
});

test('berth logs --follow and aws logs tail --follow read a running task’s stream on, the last lines included', async () => {
  const container = { ...printer('/ecs/app'), command: ['sh', '-c', 'echo first; sleep 2; echo second'] };
  const definition = await world.registerFargate('awslogs-follow', [container], {
    execution: web.executionRoleArn,
  });
  const running = await world.runAndSettle(definition);
  assert.equal(running.lastStatus, 'RUNNING', running.stoppedReason);
  const stream = `svc/app/${taskIdOf(running)}`;
  const tail = awsLogsTail(['/ecs/app', '--follow', '--log-stream-names', stream, '--format', 'short']);
  try {
    const followed = world.cli(['logs', taskIdOf(running), '--follow']);
    assert.equal(followed.code, 0, followed.stderr);
    assert.equal(followed.stdout, 'first\nsecond\n');
    // The CLI polls FilterLogEvents every 5 s (ref ecs-services-elb-logs §7.3).
    await tail.seen('second');
    assert.match(tail.output(), /first\n.*second\n/s);
  } finally {
    tail.stop();
  }
});

/** `aws logs tail …` against this berth, running in the background (Debian's awscli 2.9 needs --endpoint-url). */
function awsLogsTail(args: string[]) {
  const { berth } = world;
  const child = spawn('/usr/bin/aws', ['logs', 'tail', ...args, '--endpoint-url', berth.endpoint], {
    // Python buffers a pipe's output: unbuffered, each line reaches the test as the CLI prints it.
    env: { ...awsCliEnv(berth), PYTHONUNBUFFERED: '1' },
  });
  let out = '';
  const collect = (chunk: Buffer) => {
    out += chunk.toString('utf8');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return {
    output: () => out,
    async seen(text: string) {
      for (let i = 0; i < 200 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(out.includes(text), `aws logs tail printed ${JSON.stringify(text)}: ${out}`);
    },
    stop: () => child.kill('SIGTERM'),
  };
}

test('a missing group stops the task with ECS’s ResourceInitializationError', async () => {
  // Allowed on the group's streams, so that what fails is the group's absence.
  await allowAwslogs(world, 'shipperExecution', '/ecs/missing', false);
  const task = await runToStop('awslogs-missing', printer('/ecs/missing'), web.executionRoleArn);
  assert.equal(task.stopCode, 'TaskFailedToStart');
  assert.match(
    task.stoppedReason!,
    new RegExp(
      '^ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: ' +
        'failed to create Cloudwatch log stream: operation error CloudWatch Logs: CreateLogStream, https response ' +
        `error StatusCode: 400, RequestID: ${uuid}, ResourceNotFoundException: The specified log group does not ` +
        'exist\\. : exit status 1$',
    ),
  );
});

test('an execution role without logs permissions stops the task with the AccessDenied text of CreateLogStream', async () => {
  const execution = await world.createRole(
    'noLogsExecution',
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: web.secretArn }],
    }),
  );
  const task = await runToStop('awslogs-denied', printer('/ecs/app'), execution);
  const id = taskIdOf(task);
  const { accountId: account, region } = world.berth;
  assert.equal(task.stopCode, 'TaskFailedToStart');
  assert.match(task.stoppedReason!, new RegExp(`RequestID: ${uuid}, api error AccessDeniedException`));
  assert.equal(
    task.stoppedReason!.replace(new RegExp(uuid), '<id>'),
    'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed ' +
      'to create Cloudwatch log stream: operation error CloudWatch Logs: CreateLogStream, https response error ' +
      'StatusCode: 400, RequestID: <id>, api error AccessDeniedException: User: ' +
      `arn:aws:sts::${account}:assumed-role/noLogsExecution/${id} is not authorized to perform: ` +
      `logs:CreateLogStream on resource: arn:aws:logs:${region}:${account}:log-group:/ecs/app:log-stream:svc/app/${id} ` +
      'because no identity-based policy allows the logs:CreateLogStream action : exit status 1',
  );
});

test('without logs:PutLogEvents the task runs (the driver checks only CreateLogStream at start); its lines are dropped', async () => {
  const { accountId: account, region } = world.berth;
  const execution = await world.createRole(
    'noPutExecution',
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: web.secretArn },
        awslogsStatement(region, account, '/ecs/app', ['logs:CreateLogStream']),
      ],
    }),
  );
  const task = await runToStop('awslogs-no-put', printer('/ecs/app'), execution);
  assert.equal(task.stopCode, 'EssentialContainerExited', task.stoppedReason);
  const { events } = await logsClient(world).send(
    new GetLogEventsCommand({ logGroupName: '/ecs/app', logStreamName: `svc/app/${taskIdOf(task)}` }),
  );
  assert.deepEqual(events, []);
});

test('awslogs-create-group: needs logs:CreateLogGroup (the group step’s text), then creates the group', async () => {
  const { accountId: account, region } = world.berth;
  const denied = await runToStop(
    'awslogs-create-denied',
    printer('/ecs/created', { 'awslogs-create-group': 'true' }),
    web.executionRoleArn,
  );
  assert.match(
    denied.stoppedReason!,
    new RegExp(
      '^ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: ' +
        'failed to create Cloudwatch log group: operation error CloudWatch Logs: CreateLogGroup, .*api error ' +
        `AccessDeniedException: .* logs:CreateLogGroup on resource: arn:aws:logs:${region}:${account}:log-group:` +
        '/ecs/created:log-stream: because no identity-based policy allows the logs:CreateLogGroup action : exit status 1$',
    ),
  );
  const statement = awslogsStatement(region, account, '/ecs/created', [
    'logs:CreateLogGroup',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
  ]);
  await world.iam.send(
    new PutRolePolicyCommand({
      RoleName: 'shipperExecution',
      PolicyName: 'create-group',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
    }),
  );
  const task = await runToStop(
    'awslogs-create',
    printer('/ecs/created', { 'awslogs-create-group': 'true' }),
    web.executionRoleArn,
  );
  assert.equal(task.stopCode, 'EssentialContainerExited', task.stoppedReason);
  const groups = await logsClient(world).send(
    new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/created' }),
  );
  assert.deepEqual(
    groups.logGroups!.map((g) => g.logGroupName),
    ['/ecs/created'],
  );
  const { events } = await logsClient(world).send(
    new FilterLogEventsCommand({ logGroupName: '/ecs/created' }),
  );
  assert.equal(events!.length, 3);
});

test('the registry credentials reach no log: not the events, not the task files, not berth.log', async () => {
  const password = 'shipper-registry-pw';
  for (const group of ['/ecs/app', '/ecs/created']) {
    const { events } = await logsClient(world).send(new FilterLogEventsCommand({ logGroupName: group }));
    for (const event of events!) assert.ok(!event.message!.includes(password), event.message);
  }
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
  const state = world.berth.stateDir;
  for (const path of [...files(join(state, 'tasks')), join(state, 'berth.log')])
    assert.ok(!readFileSync(path, 'utf8').includes(password), `${path} holds the registry password`);
});
