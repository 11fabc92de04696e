// issue 7: the awsvpc task range is checked against the host's routes when `berth up` starts (beside listening). A range the host
// already routes (here a blackhole route this test adds) is reported at start; berth up still serves the APIs, and a
// task stops in PROVISIONING with the same words instead of sending its traffic where the route says.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import {
  DescribeTasksCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
} from '@aws-sdk/client-ecs';
import { type BerthProcess, startBerth, testTaskCidr } from '../integ/berth-process.js';
import { defaultSubnetOf } from './support/default-subnet.js';

const cidr = testTaskCidr();
let berth: BerthProcess;

before(async () => {
  execFileSync('ip', ['route', 'add', 'blackhole', cidr]);
  berth = await startBerth({ taskCidr: cidr });
});

after(async () => {
  await berth?.stop();
  execFileSync('ip', ['route', 'del', 'blackhole', cidr]);
});

test('berth up names the clash at start, and a task stops with it', async () => {
  const overlap = `berth's task network ${cidr} overlaps the host route ${cidr} (blackhole)`;
  // The range is checked beside listening, not before it (the check runs `ip`): the line follows shortly.
  const logged = Date.now() + 10_000; // a hang guard, not a timing assertion
  while (
    !berth.output().stderr.includes(`tasks may not run on this host: ${overlap}`) &&
    Date.now() < logged
  ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.ok(
    berth.output().stderr.includes(`tasks may not run on this host: ${overlap}`),
    berth.output().stderr,
  );

  const ecs = new ECSClient({
    endpoint: berth.endpoint,
    region: berth.region,
    credentials: berth.credentials,
  });
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'clash',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'web', image: `127.0.0.1:${berth.port}/nobody/web:1`, essential: true }],
    }),
  );
  const ran = await ecs.send(
    new RunTaskCommand({
      taskDefinition: 'clash',
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: [await defaultSubnetOf(berth)] } },
    }),
  );
  const taskArn = ran.tasks![0]!.taskArn!;
  const deadline = Date.now() + 60_000; // a hang guard, not a timing assertion
  for (;;) {
    const task = (await ecs.send(new DescribeTasksCommand({ tasks: [taskArn] }))).tasks![0]!;
    if (task.lastStatus === 'STOPPED') {
      assert.ok(task.stoppedReason?.includes(overlap), task.stoppedReason);
      assert.equal(task.pullStartedAt, undefined);
      break;
    }
    assert.ok(Date.now() < deadline, `the task did not stop: ${task.lastStatus}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  ecs.destroy();
});
