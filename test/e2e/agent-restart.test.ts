// `berth up` killed (SIGKILL: no chance to stop anything) while a task runs, then started again on the same state dir
// (issues 6 and 7): the task is reported STOPPED with the recovered reason, and its namespace, veth and runc
// container are gone before the endpoint answers; a new task then runs as usual.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DescribeTasksCommand, StopTaskCommand, type Task } from '@aws-sdk/client-ecs';
import { hostVethName } from '../../src/adapters/netns/names.js';
import { recoveredReason } from '../../src/agent/task/task-agent.js';
import { browserGet } from './support/browser-get.js';
import { type EcsWorld, startEcsWorld } from './support/ecs-world.js';
import { berthNetworkState, runcContainers, taskNamespace } from './support/host-network.js';
import { webPort } from './support/web-image.js';

let world: EcsWorld;

before(async () => {
  world = await startEcsWorld();
});

after(async () => {
  await world?.close();
});

const taskIdOf = (task: Task) => task.taskArn!.split('/').pop()!;

test('after a SIGKILL of berth up, the next start reports the task STOPPED and removes what it left', async () => {
  const web = await world.privateWebImage('restart');
  const family = await world.registerFargate(
    'survivor',
    [
      {
        name: 'web',
        image: web.image,
        essential: true,
        portMappings: [{ containerPort: webPort }],
        repositoryCredentials: { credentialsParameter: web.secretArn },
      },
    ],
    { execution: web.executionRoleArn },
  );
  const task = await world.runAndSettle(family);
  assert.equal(task.lastStatus, 'RUNNING', task.stoppedReason);
  const stateDir = world.berth.stateDir;
  const namespace = taskNamespace(stateDir, taskIdOf(task));
  const left = { bridge: true, namespaces: [namespace], veths: [hostVethName(namespace)] };
  assert.deepEqual(await berthNetworkState(stateDir), left);
  assert.deepEqual(await runcContainers(stateDir), [`${taskIdOf(task)}-web`]);

  await world.restartBerth('SIGKILL');

  const { tasks } = await world.ecs.send(new DescribeTasksCommand({ tasks: [task.taskArn!] }));
  const recovered = tasks?.[0];
  assert.equal(recovered?.lastStatus, 'STOPPED');
  assert.equal(recovered?.desiredStatus, 'STOPPED');
  assert.equal(recovered?.stoppedReason, recoveredReason);
  assert.ok(recovered?.stoppedAt);
  assert.equal(recovered?.containers?.[0]?.lastStatus, 'STOPPED');
  // Recovery runs before berth up listens: by now the namespace, its veth and the runc container are gone.
  const afterRestart = await berthNetworkState(stateDir);
  assert.deepEqual(afterRestart.namespaces, []);
  assert.deepEqual(afterRestart.veths, []);
  assert.deepEqual(await runcContainers(stateDir), []);

  const next = await world.runAndSettle(family);
  assert.equal(next.lastStatus, 'RUNNING', next.stoppedReason);
  const address = next.containers?.[0]?.networkInterfaces?.[0]?.privateIpv4Address;
  const page = await browserGet(`http://${address}:${webPort}/`);
  assert.deepEqual(page, { status: 200, body: world.web.page });
  await world.ecs.send(new StopTaskCommand({ task: next.taskArn }));
  const stopped = await world.waitFor(next.taskArn!, (t) => t.lastStatus === 'STOPPED');
  assert.equal(stopped.stopCode, 'UserInitiated');
  assert.deepEqual(await runcContainers(stateDir), []);
});
