// ECS services in process: the API, the scheduler on a fake timer, and an agent that plays tasks through their states
// (ref ecs-services-elb-logs §1, §2). Event texts are §2.4's, verbatim.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListServicesCommand,
  ListTasksCommand,
  StopTaskCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { ecsPort } from '../../cli/control-plane/index.js';
import { controlPlaneHarness } from '../../testing/control-plane-harness.js';
import { sdkError } from '../../testing/sdk-error.js';
import {
  describeService,
  playingAgent,
  pullFailure,
  serviceSetup,
  serviceTaskArns,
} from '../../testing/service-fixtures.js';

const setup = () => serviceSetup();

const messages = (service: { events?: { message?: string }[] }) => service.events!.map((e) => e.message!);
const idOf = (arn: string) => arn.split('/').at(-1)!;

test('a service comes up to desiredCount RUNNING tasks and reports a steady state (ref ecs-services-elb-logs §1.3, §2.2)', async () => {
  const { h, ecs, create, rev1 } = await setup();
  const created = (await create()).service!;
  assert.equal(created.status, 'ACTIVE');
  assert.equal(created.runningCount, 0);
  assert.deepEqual(created.events, []);
  const [deployment] = created.deployments!;
  assert.match(deployment!.id!, /^ecs-svc\/\d{19}$/);
  assert.equal(deployment!.status, 'PRIMARY');
  assert.equal(deployment!.rolloutState, 'IN_PROGRESS');
  assert.equal(deployment!.rolloutStateReason, `ECS deployment ${deployment!.id} in progress.`);
  assert.deepEqual(created.deploymentConfiguration, {
    deploymentCircuitBreaker: { enable: false, rollback: false },
    maximumPercent: 200,
    minimumHealthyPercent: 100,
  });

  await h.timer.advance(1000);
  const steady = await describeService(ecs, 'web');
  assert.equal(steady.runningCount, 2);
  assert.equal(steady.pendingCount, 0);
  assert.equal(steady.deployments!.length, 1);
  assert.equal(steady.deployments![0]!.rolloutState, 'COMPLETED');
  assert.equal(steady.deployments![0]!.rolloutStateReason, `ECS deployment ${deployment!.id} completed.`);
  const tasks = await serviceTaskArns(ecs, 'web');
  assert.equal(tasks.length, 2);
  const [steadyText, completed, started] = messages(steady);
  assert.equal(steadyText, '(service web) has reached a steady state.');
  assert.equal(completed, `(service web) (deployment ${deployment!.id}) deployment completed.`);
  const ids = [...tasks.map(idOf)];
  assert.ok(
    [ids, [...ids].reverse()].some(
      (order) =>
        started === `(service web) has started 2 tasks: ${order.map((id) => `(task ${id})`).join(' ')}.`,
    ),
    started,
  );
  assert.equal(messages(steady).length, 3);
  const described = await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks }));
  for (const task of described.tasks!) {
    assert.equal(task.group, 'service:web');
    assert.equal(task.startedBy, deployment!.id);
    assert.equal(task.taskDefinitionArn, rev1);
  }
  // The waiter's success condition (ref §1.8): one deployment and runningCount == desiredCount.
  assert.equal(steady.desiredCount, steady.runningCount);
  assert.deepEqual((await ecs.send(new ListServicesCommand({ cluster: 'prod' }))).serviceArns, [
    'arn:aws:ecs:us-east-1:000000000000:service/prod/web',
  ]);
});

test('a task that stops, by StopTask or by exiting, is replaced (ref ecs-services-elb-logs §2.1)', async () => {
  const { h, agent, ecs, create } = await setup();
  await create();
  await h.timer.advance(1000);
  const [first, second] = await serviceTaskArns(ecs, 'web');
  await ecs.send(new StopTaskCommand({ cluster: 'prod', task: first! }));
  await h.timer.advance(1000);
  agent.exit(second!);
  await h.timer.advance(1000);
  const now = await serviceTaskArns(ecs, 'web');
  assert.equal(now.length, 2);
  assert.ok(!now.includes(first!) && !now.includes(second!));
  const service = await describeService(ecs, 'web');
  assert.equal(service.runningCount, 2);
  assert.equal(service.deployments![0]!.failedTasks, 0, 'tasks that ran are no failed launches');
  assert.equal(agent.launched.length, 4);
});

test('scaling changes desiredCount without a new deployment; scale-in stops with ServiceSchedulerInitiated (ref ecs-services-elb-logs §1.2, §1.6)', async () => {
  const { h, ecs, create } = await setup();
  const id = (await create()).service!.deployments![0]!.id!;
  await h.timer.advance(1000);
  const up = (await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 3 })))
    .service!;
  assert.equal(up.deployments!.length, 1);
  await h.timer.advance(1000);
  assert.equal((await serviceTaskArns(ecs, 'web')).length, 3);

  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 1 }));
  await h.timer.advance(1000);
  const left = await serviceTaskArns(ecs, 'web');
  assert.equal(left.length, 1);
  const stopped = await ecs.send(
    new ListTasksCommand({ cluster: 'prod', serviceName: 'web', desiredStatus: 'STOPPED' }),
  );
  const tasks = (await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: stopped.taskArns! })))
    .tasks!;
  assert.equal(tasks.length, 2);
  for (const task of tasks) {
    assert.equal(task.stopCode, 'ServiceSchedulerInitiated');
    assert.equal(task.stoppedReason, `Scaling activity initiated by (deployment ${id})`);
  }
  const service = await describeService(ecs, 'web');
  assert.ok(
    messages(service).some((m) =>
      /^\(service web\) has stopped 2 running tasks: \(task \w+\) \(task \w+\)\.$/.test(m),
    ),
  );
  assert.equal(service.runningCount, 1);
});

test('a new revision rolls out within maximumPercent and minimumHealthyPercent, then the old deployment goes (ref ecs-services-elb-logs §2.2)', async () => {
  const { h, ecs, create, rev2 } = await setup();
  const old = (await create()).service!.deployments![0]!.id!;
  await h.timer.advance(1000);
  const oldTasks = await serviceTaskArns(ecs, 'web');
  const updated = (
    await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web:2' }))
  ).service!;
  assert.equal(updated.taskDefinition, rev2);
  assert.deepEqual(
    updated.deployments!.map((d) => [d.status, d.rolloutState]),
    [
      ['PRIMARY', 'IN_PROGRESS'],
      ['ACTIVE', 'COMPLETED'],
    ],
  );
  const fresh = updated.deployments![0]!.id!;
  assert.notEqual(fresh, old);
  await h.timer.advance(1000);
  const service = await describeService(ecs, 'web');
  assert.equal(service.deployments!.length, 1);
  assert.equal(service.deployments![0]!.id, fresh);
  assert.equal(service.deployments![0]!.rolloutState, 'COMPLETED');
  const now = await serviceTaskArns(ecs, 'web');
  assert.equal(now.length, 2);
  assert.ok(now.every((arn) => !oldTasks.includes(arn)));
  assert.ok(messages(service).includes(`(service web) (deployment ${fresh}) deployment completed.`));
});

test('min 100 % and max 100 % can neither start nor stop: E17 is said once (ref ecs-services-elb-logs §2.2)', async () => {
  const { h, ecs, create } = await setup();
  await create({ deploymentConfiguration: { maximumPercent: 100, minimumHealthyPercent: 100 } });
  await h.timer.advance(1000);
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web:2' }));
  await h.timer.advance(1000);
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 2 }));
  await h.timer.advance(1000);
  const said = messages(await describeService(ecs, 'web')).filter((m) =>
    m.includes('unable to stop or start'),
  );
  assert.deepEqual(said, [
    '(service web) was unable to stop or start tasks during a deployment because of the service deployment ' +
      'configuration. Update the minimumHealthyPercent or maximumPercent value and try again.',
  ]);
});

test('the circuit breaker fails a revision whose tasks cannot start, within a minute, and rolls back (ref ecs-services-elb-logs §2.3)', async () => {
  const { h, agent, ecs, create, rev1, rev2 } = await setup();
  const old = (
    await create({ deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } })
  ).service!.deployments![0]!.id!;
  await h.timer.advance(1000);
  const serving = await serviceTaskArns(ecs, 'web');
  agent.failing.add(rev2);
  const failing = (
    await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web:2' }))
  ).service!.deployments![0]!.id!;
  await h.timer.advance(60_000);
  const service = await describeService(ecs, 'web');
  assert.equal(service.taskDefinition, rev1);
  assert.deepEqual(
    service.deployments!.map((d) => [d.id, d.status, d.rolloutState, d.rolloutStateReason]),
    [[old, 'PRIMARY', 'COMPLETED', `ECS deployment ${old} completed.`]],
  );
  assert.deepEqual(await serviceTaskArns(ecs, 'web'), serving, 'the old tasks kept serving');
  const said = messages(service);
  const at = (text: string) => said.indexOf(text);
  assert.ok(at(`(service web) (deployment ${failing}) deployment failed: tasks failed to start.`) >= 0);
  assert.ok(
    at(`(service web) rolling back to deployment ${old}.`) <
      at(`(service web) (deployment ${failing}) deployment failed: tasks failed to start.`),
  );
  assert.ok(said.includes(`(service web) was unable to place a task. Reason: ${pullFailure}`) === false);
  assert.ok(
    said.includes(
      '(service web) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.',
    ),
  );
  assert.equal(messages(service)[0], '(service web) has reached a steady state.');
  // Threshold 3 for desired 2: two launches of two tasks each (max 200 %) reach it; none after the trip.
  assert.equal(agent.launched.filter((t) => t.taskDefinition.taskDefinitionArn === rev2).length, 4);
});

test('without rollback a FAILED deployment launches nothing more and both deployments stay (ref ecs-services-elb-logs §2.3)', async () => {
  const { h, agent, ecs, create, rev2 } = await setup();
  await create({ deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } } });
  await h.timer.advance(1000);
  agent.failing.add(rev2);
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'web:2' }));
  await h.timer.advance(5 * 60_000);
  const service = await describeService(ecs, 'web');
  assert.deepEqual(
    service.deployments!.map((d) => [d.status, d.rolloutState, d.failedTasks]),
    [
      ['PRIMARY', 'FAILED', 4],
      ['ACTIVE', 'COMPLETED', 0],
    ],
  );
  assert.equal(
    service.deployments![0]!.rolloutStateReason,
    'ECS deployment circuit breaker: tasks failed to start.',
  );
  assert.equal(agent.launched.filter((t) => t.taskDefinition.taskDefinitionArn === rev2).length, 4);
  assert.equal(service.runningCount, 2);
});

test('failing launches are throttled: 5 s, then 10 s, growing (ref ecs-services-elb-logs §2.5)', async () => {
  const { h, agent, create, rev1 } = await setup();
  agent.failing.add(rev1);
  await create({ desiredCount: 1 });
  await h.timer.advance(0);
  assert.equal(agent.launched.length, 1);
  await h.timer.advance(4_000);
  assert.equal(agent.launched.length, 1, 'no launch before 5 s');
  await h.timer.advance(1_000);
  assert.equal(agent.launched.length, 2);
  await h.timer.advance(9_000);
  assert.equal(agent.launched.length, 2, 'then 10 s');
  await h.timer.advance(1_000);
  assert.equal(agent.launched.length, 3);
});

test('DeleteService: refused while scaled above 0, with force DRAINING then INACTIVE; the name can be used again (ref ecs-services-elb-logs §1.2, §1.7)', async () => {
  const { h, ecs, create } = await setup();
  await create();
  await h.timer.advance(1000);
  const refused = await sdkError(ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'web' })));
  assert.equal(refused.name, 'InvalidParameterException');
  assert.equal(refused.message, 'The service cannot be stopped while it is scaled above 0.');
  const deleted = (await ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'web', force: true })))
    .service!;
  assert.equal(deleted.status, 'DRAINING');
  assert.deepEqual((await ecs.send(new ListServicesCommand({ cluster: 'prod' }))).serviceArns, []);
  await h.timer.advance(1000);
  const gone = await describeService(ecs, 'web');
  assert.equal(gone.status, 'INACTIVE');
  assert.equal(gone.runningCount, 0);
  assert.deepEqual(await serviceTaskArns(ecs, 'web'), []);
  const again = await sdkError(
    ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 1 })),
  );
  assert.equal(again.name, 'ServiceNotActiveException');
  assert.equal(again.message, 'Service was not ACTIVE.');
  assert.equal((await create()).service!.status, 'ACTIVE');
});

test('service errors carry ECS texts (ref ecs-services-elb-logs §1.7)', async () => {
  const { ecs, create } = await setup();
  await create();
  const twice = await sdkError(create({ desiredCount: 3 }));
  assert.equal(twice.name, 'InvalidParameterException');
  assert.equal(twice.message, 'Creation of service was not idempotent.');
  const missing = await sdkError(
    ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'nope', desiredCount: 1 })),
  );
  assert.equal(missing.name, 'ServiceNotFoundException');
  assert.equal(missing.message, 'Service not found.');
  const list = await sdkError(ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'nope' })));
  assert.equal(list.name, 'ServiceNotFoundException');
  const cluster = await sdkError(
    ecs.send(new DescribeServicesCommand({ cluster: 'nope', services: ['web'] })),
  );
  assert.equal(cluster.name, 'ClusterNotFoundException');
  assert.equal(cluster.message, 'Cluster not found.');
  const described = await ecs.send(
    new DescribeServicesCommand({ cluster: 'prod', services: ['nope', 'web'] }),
  );
  assert.deepEqual(described.failures, [
    { arn: 'arn:aws:ecs:us-east-1:000000000000:service/prod/nope', reason: 'MISSING' },
  ]);
  assert.equal(described.services!.length, 1);
  const daemon = await sdkError(create({ serviceName: 'd', schedulingStrategy: 'DAEMON' }));
  assert.equal(daemon.name, 'InvalidParameterException');
  assert.match(daemon.message, /^The daemon scheduling strategy does not support a desired count/);
  const badName = await sdkError(create({ serviceName: 'no spaces' }));
  assert.equal(badName.name, 'InvalidParameterException');
  assert.match(badName.message, /^Service name can contain up to 255 letters/);
  const noDefinition = await sdkError(create({ serviceName: 'x', taskDefinition: 'absent' }));
  assert.equal(noDefinition.name, 'ClientException');
  assert.equal(noDefinition.message, 'TaskDefinition not found.');
});

test('after a restart the scheduler resumes from the stored services and replaces the tasks berth lost', async () => {
  const { h, ecs, create } = await setup();
  await create();
  await h.timer.advance(1000);
  const before = await serviceTaskArns(ecs, 'web');

  const agent = playingAgent();
  const again = controlPlaneHarness({ agent: agent.port, persistence: h.persistence });
  const restarted = await again.need(ecsPort);
  agent.connect(restarted.taskStates, again.timer);
  await again.timer.advance(1000);
  const client = again.client(ECSClient);
  const after = await serviceTaskArns(client, 'web');
  assert.equal(after.length, 2);
  assert.ok(
    after.every((arn) => !before.includes(arn)),
    'the lost tasks were replaced',
  );
  const service = await describeService(client, 'web');
  assert.equal(service.runningCount, 2);
  assert.equal(service.deployments![0]!.failedTasks, 0);
  assert.equal(messages(service)[0], '(service web) has reached a steady state.');
});

test('ListServices pages ACTIVE services by name, 10 by default (ref ecs-services-elb-logs §1.2, §1.8)', async () => {
  const { ecs, create } = await setup();
  for (const name of ['c', 'a', 'b']) await create({ serviceName: name, desiredCount: 0 });
  const first = await ecs.send(new ListServicesCommand({ cluster: 'prod', maxResults: 2 }));
  assert.deepEqual(
    first.serviceArns!.map((arn) => arn.split('/').at(-1)),
    ['a', 'b'],
  );
  const second = await ecs.send(
    new ListServicesCommand({ cluster: 'prod', maxResults: 2, nextToken: first.nextToken }),
  );
  assert.deepEqual(
    second.serviceArns!.map((arn) => arn.split('/').at(-1)),
    ['c'],
  );
  assert.equal(second.nextToken, undefined);
  const bad = await sdkError(ecs.send(new ListServicesCommand({ cluster: 'prod', nextToken: 'garbage' })));
  assert.equal(bad.name, 'InvalidParameterException');
});
