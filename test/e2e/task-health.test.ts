// Container health checks through a real `berth up` and runc (issue 14; ref ecs-services-elb-logs §3.1): probes run
// inside the container, DescribeTasks shows the container's and the task's healthStatus, a service's task whose
// essential container turns UNHEALTHY is stopped with ECS's words while a standalone task carries on, and dependsOn
// HEALTHY holds a container back until its dependency passed its check. Intervals are the minimum, 5 s.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ContainerDefinition, RunTaskCommand, StopTaskCommand, type Task } from '@aws-sdk/client-ecs';
import { type EcsWorld, type PrivateImage, startEcsWorld } from './support/ecs-world.js';

let world: EcsWorld;
let web: PrivateImage;

before(async () => {
  world = await startEcsWorld();
  web = await world.privateWebImage('health');
});

after(async () => {
  await world?.close();
});

const idle = ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"];

function container(name: string, extra: Partial<ContainerDefinition> = {}): ContainerDefinition {
  return {
    name,
    image: web.image,
    essential: true,
    repositoryCredentials: { credentialsParameter: web.secretArn },
    command: idle,
    ...extra,
  };
}

const check = (script: string) => ({ command: ['CMD-SHELL', script], interval: 5, timeout: 2, retries: 1 });
const named = (task: Task, name: string) => task.containers!.find((c) => c.name === name)!;

async function stop(task: Task): Promise<void> {
  await world.ecs.send(new StopTaskCommand({ task: task.taskArn }));
  await world.waitFor(task.taskArn!, (t) => t.lastStatus === 'STOPPED');
}

describe('container health checks', () => {
  test('a passing check makes the container and the task HEALTHY', async () => {
    const family = await world.registerFargate(
      'hc-pass',
      [container('app', { healthCheck: check('exit 0') })],
      {
        execution: web.executionRoleArn,
      },
    );
    const task = await world.runAndSettle(family);
    assert.equal(task.healthStatus, 'UNKNOWN');
    const healthy = await world.waitFor(task.taskArn!, (t) => t.healthStatus === 'HEALTHY');
    assert.equal(named(healthy, 'app').healthStatus, 'HEALTHY');
    assert.equal(healthy.lastStatus, 'RUNNING');
    await stop(task);
  });

  test('a service task whose essential container fails its check stops with ECS words; a standalone one runs on', async () => {
    const family = await world.registerFargate(
      'hc-fail',
      [container('app', { healthCheck: check('cat /no-such-file') })],
      { execution: web.executionRoleArn },
    );
    // The scheduler runs a service's tasks in group service:<name>; RunTask with that group stands in for it here.
    const [served, alone] = await Promise.all([
      world.runAndSettle(family, { group: 'service:hc-web' }),
      world.runAndSettle(family),
    ]);
    const stopped = await world.waitFor(served.taskArn!, (t) => t.lastStatus === 'STOPPED');
    assert.equal(stopped.stoppedReason, 'Task failed container health checks');
    assert.equal(stopped.stopCode, 'ServiceSchedulerInitiated');
    assert.equal(stopped.healthStatus, 'UNHEALTHY');
    assert.equal(named(stopped, 'app').healthStatus, 'UNHEALTHY');

    const unhealthy = await world.waitFor(alone.taskArn!, (t) => t.healthStatus === 'UNHEALTHY');
    assert.equal(unhealthy.lastStatus, 'RUNNING');
    await stop(alone);
  });

  test('dependsOn HEALTHY starts the dependent container only after its dependency passed its check', async () => {
    const family = await world.registerFargate(
      'hc-order',
      [
        container('db', { healthCheck: check('exit 0') }),
        container('app', { dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] }),
      ],
      { execution: web.executionRoleArn },
    );
    const ran = await world.ecs.send(
      new RunTaskCommand({
        taskDefinition: family,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: [world.subnet] } },
      }),
    );
    const seen: Task[] = [];
    const running = await world.waitFor(ran.tasks![0]!.taskArn!, (t) => {
      seen.push(t);
      return named(t, 'app').lastStatus === 'RUNNING' || t.lastStatus === 'STOPPED';
    });
    assert.equal(running.lastStatus, 'RUNNING', running.stoppedReason);
    assert.equal(named(running, 'db').healthStatus, 'HEALTHY');
    // The app waited: it was seen PENDING while db ran, and never RUNNING before db was HEALTHY.
    assert.ok(
      seen.some((t) => named(t, 'db').lastStatus === 'RUNNING' && named(t, 'app').lastStatus === 'PENDING'),
    );
    for (const t of seen) {
      if (named(t, 'app').lastStatus === 'RUNNING') assert.equal(named(t, 'db').healthStatus, 'HEALTHY');
    }
    await stop(running);
  });
});
