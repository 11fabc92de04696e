// ECS services behind a load balancer, in process, with a fake ELB behind ECS's consumer port (ref
// ecs-services-elb-logs §5): target group checks at CreateService, registration once RUNNING, health gating steady
// state, replacement of an unhealthy task after the grace period, deregistration and draining before a stop.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DescribeTasksCommand, ListTasksCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { sdkError } from '../../testing/sdk-error.js';
import { describeService, fakeElb, serviceSetup, serviceTaskArns } from '../../testing/service-fixtures.js';

const tg = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/0123456789abcdef';
const instanceTg = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/old/fedcba9876543210';

async function setup() {
  const elb = fakeElb({ [tg]: 'ip', [instanceTg]: 'instance' });
  return { elb, ...(await serviceSetup(elb.port)) };
}

const withTarget = { loadBalancers: [{ targetGroupArn: tg, containerName: 'app', containerPort: 8080 }] };

const messages = (service: { events?: { message?: string }[] }) => service.events!.map((e) => e.message!);

test('CreateService refuses a target group ELB does not have and an instance target group for awsvpc (ref ecs-services-elb-logs §1.7)', async () => {
  const { create } = await setup();
  const unknown = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/nope/0000000000000000';
  const missing = await sdkError(
    create({ loadBalancers: [{ targetGroupArn: unknown, containerName: 'app', containerPort: 8080 }] }),
  );
  assert.equal(missing.name, 'InvalidParameterException');
  assert.equal(
    missing.message,
    `The target group with targetGroupArn ${unknown} does not have an associated load balancer.`,
  );
  const instance = await sdkError(
    create({ loadBalancers: [{ targetGroupArn: instanceTg, containerName: 'app', containerPort: 8080 }] }),
  );
  assert.equal(
    instance.message,
    `The provided target group ${instanceTg} has target type instance, which is incompatible with the awsvpc network mode specified in the task definition.`,
  );
});

test('RUNNING tasks are registered as ip:containerPort; the service is steady only once the targets are healthy (ref ecs-services-elb-logs §5)', async () => {
  const { h, elb, ecs, create } = await setup();
  const created = (await create(withTarget)).service!;
  assert.equal(
    created.roleArn,
    'arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS',
  );
  await h.timer.advance(1000);
  assert.deepEqual(
    elb.targets(tg).map((t) => [t.port, t.state]),
    [
      [8080, 'initial'],
      [8080, 'initial'],
    ],
  );
  let service = await describeService(ecs, 'web');
  assert.equal(service.deployments![0]!.rolloutState, 'IN_PROGRESS', 'not steady while targets are initial');
  assert.equal(
    messages(service).filter((m) => m === `(service web) registered 1 targets in (target-group ${tg})`)
      .length,
    2,
  );
  elb.setHealth(tg, 'healthy');
  await h.timer.advance(1000);
  service = await describeService(ecs, 'web');
  assert.equal(service.deployments![0]!.rolloutState, 'COMPLETED');
  assert.equal(messages(service)[0], '(service web) has reached a steady state.');
});

test('an unhealthy target past the grace period: E13, the task stopped with ECS reason, a replacement (ref ecs-services-elb-logs §5)', async () => {
  const { h, elb, ecs, create } = await setup();
  await create({ ...withTarget, healthCheckGracePeriodSeconds: 30 });
  await h.timer.advance(1000);
  elb.setHealth(tg, 'healthy');
  await h.timer.advance(1000);
  const [sick] = elb.targets(tg);
  const before = await serviceTaskArns(ecs, 'web');
  elb.setHealth(tg, 'unhealthy', 'Health checks failed with these codes: [502]', sick!.id);
  await h.timer.advance(1000);
  assert.deepEqual(await serviceTaskArns(ecs, 'web'), before, 'still in its grace period');
  await h.timer.advance(30_000);
  const after = await serviceTaskArns(ecs, 'web');
  assert.equal(after.length, 2);
  const gone = before.filter((arn) => !after.includes(arn));
  assert.equal(gone.length, 1);
  const [task] = (await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: gone }))).tasks!;
  assert.equal(task!.stopCode, 'ServiceSchedulerInitiated');
  assert.equal(task!.stoppedReason, `Task failed ELB health checks in (target-group ${tg})`);
  const taskId = gone[0]!.split('/').at(-1);
  assert.ok(
    messages(await describeService(ecs, 'web')).includes(
      `(service web) (task ${taskId}) (port 8080) is unhealthy in (target-group ${tg}) due to (reason Health checks failed with these codes: [502]).`,
    ),
  );
});

test('scale-in deregisters first (E5, E6) and stops the task only once its target has drained (ref ecs-services-elb-logs §5)', async () => {
  const { h, agent, elb, ecs, create } = await setup();
  const id = (await create(withTarget)).service!.deployments![0]!.id!;
  await h.timer.advance(1000);
  elb.setHealth(tg, 'healthy');
  await h.timer.advance(1000);
  elb.hold.drains = true;
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 1 }));
  await h.timer.advance(1000);
  assert.equal(elb.targets(tg).length, 1);
  assert.equal(agent.stopped.length, 0, 'not stopped while draining');
  const said = messages(await describeService(ecs, 'web'));
  assert.ok(said.includes(`(service web) deregistered 1 targets in (target-group ${tg})`));
  assert.ok(said.includes(`(service web, taskSet ${id}) has begun draining connections on 1 tasks.`));
  const desiredStopped = await ecs.send(new ListTasksCommand({ cluster: 'prod', desiredStatus: 'STOPPED' }));
  assert.equal(desiredStopped.taskArns!.length, 1);
  elb.drain();
  await h.timer.advance(1000);
  assert.equal(agent.stopped.length, 1);
  assert.equal((await describeService(ecs, 'web')).runningCount, 1);
});
