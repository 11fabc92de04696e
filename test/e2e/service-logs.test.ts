// `berth logs --service NAME` against a real `berth up` with runc: every task of a service, each line led by
// `<task id>/<container> | `; one container of each task logs to its local file, the other with the awslogs driver
// (read back through the Logs API, ref ecs-services-elb-logs §7.4). --follow picks up a task the scheduler starts
// later (a scale-out), shows the last lines tasks print on SIGTERM when the service is deleted, and ends once the
// service is INACTIVE and its last task has stopped.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import {
  type ContainerDefinition,
  CreateServiceCommand,
  DeleteServiceCommand,
  ListTasksCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { berthBin } from '../integ/berth-process.js';
import { allowAwslogs } from './support/awslogs-world.js';
import { type EcsWorld, type PrivateImage, startEcsWorld } from './support/ecs-world.js';

const serviceName = 'chatty';
const group = '/ecs/chatty';
let world: EcsWorld;
let web: PrivateImage;
let definition: string;

// Says it started, and on SIGTERM that it got it, then exits: the last lines a follower must not miss.
const talker = [
  'sh',
  '-c',
  `echo started; trap 'echo got TERM; exit 0' TERM; while :; do sleep 1 & wait $!; done`,
];

before(async () => {
  world = await startEcsWorld();
  web = await world.privateWebImage('svclogs');
  await allowAwslogs(world, 'svclogsExecution', group);
  const container = (name: string, extra: Partial<ContainerDefinition> = {}): ContainerDefinition => ({
    name,
    image: web.image,
    essential: true,
    command: talker,
    repositoryCredentials: { credentialsParameter: web.secretArn },
    ...extra,
  });
  definition = await world.registerFargate(
    'chatty',
    [
      container('files'),
      container('shipped', {
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': group,
            'awslogs-region': world.berth.region,
            'awslogs-stream-prefix': 'ecs',
          },
        },
      }),
    ],
    { execution: web.executionRoleArn },
  );
});

after(async () => {
  await world?.close();
});

async function taskIds(): Promise<string[]> {
  const { taskArns = [] } = await world.ecs.send(new ListTasksCommand({ serviceName }));
  return taskArns.map((arn) => arn.split('/').pop()!).sort();
}

/** A hang guard, not a timing assertion. */
async function until<T>(what: () => string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(what());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const linesOf = (ids: readonly string[], text: string) =>
  ids.flatMap((id) => [`${id}/files | ${text}`, `${id}/shipped | ${text}`]).sort();

test('berth logs --service: the current tasks, then (--follow) new ones and the last lines until INACTIVE', async (t) => {
  await world.ecs.send(
    new CreateServiceCommand({
      serviceName,
      taskDefinition: definition,
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: [world.subnet] } },
    }),
  );
  const first = await until(
    () => 'two tasks',
    async () => {
      const ids = await taskIds();
      return ids.length === 2 ? ids : undefined;
    },
  );
  // Without --follow: what the current tasks wrote so far, once both containers of both have started talking.
  const printed = await until(
    () => 'both tasks talking',
    () => {
      const once = world.cli(['logs', '--service', serviceName]);
      assert.equal(once.code, 0, once.stderr);
      const lines = once.stdout.trimEnd().split('\n').sort();
      return lines.length === 4 ? lines : undefined;
    },
  );
  assert.deepEqual(printed, linesOf(first, 'started'));

  const follow = spawn(
    process.execPath,
    [berthBin, 'logs', '--service', serviceName, '--follow', '--state', world.berth.stateDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  t.after(() => follow.kill());
  let stdout = '';
  let stderr = '';
  follow.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  follow.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => follow.on('close', (code) => resolve(code)));
  const shown = () => stdout.trimEnd().split('\n').filter(Boolean).sort();
  await until(
    () => `follower printed ${stdout}${stderr}`,
    () => (shown().length === 4 ? true : undefined),
  );
  assert.deepEqual(shown(), linesOf(first, 'started'));

  await world.ecs.send(new UpdateServiceCommand({ service: serviceName, desiredCount: 3 }));
  const all = await until(
    () => 'three tasks',
    async () => {
      const ids = await taskIds();
      return ids.length === 3 ? ids : undefined;
    },
  );
  const added = all.filter((id) => !first.includes(id));
  await until(
    () => `the new task's lines: ${stdout}${stderr}`,
    () => (shown().length === 6 ? true : undefined),
  );
  assert.deepEqual(shown(), linesOf(all, 'started'));
  assert.equal(added.length, 1);

  await world.ecs.send(new DeleteServiceCommand({ service: serviceName, force: true }));
  const code = await until(
    () => `berth logs --service --follow did not end: ${stdout}${stderr}`,
    () =>
      Promise.race([exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 500))]),
  );
  assert.equal(code, 0, stderr);
  assert.deepEqual(shown(), [...linesOf(all, 'started'), ...linesOf(all, 'got TERM')].sort());
});

test('berth logs: a task or --service, not both; an unknown service is exit 3', () => {
  const both = world.cli(['logs', 'abc', '--service', serviceName]);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /give a task, or --service NAME \(not both\)/);
  const missing = world.cli(['logs', '--service', 'nope']);
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /^berth: no service nope in cluster default$/m);
});
