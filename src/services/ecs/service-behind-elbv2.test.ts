// An ECS service behind berth's own ELBv2 (not a fake): the parts wired as `berth up` wires them — the ELBv2 part
// provides ECS's load-balancer port (ref ecs-services-elb-logs §5). RUNNING tasks become targets of the target
// group, health gates the steady state, and a task leaving the service is deregistered first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { RecordingDataPlane } from '../../testing/elbv2-fixtures.js';
import { describeService, serviceSetup } from '../../testing/service-fixtures.js';

test('a service behind ELBv2: its tasks register as ip targets, healthy targets make it steady, scale-in deregisters', async () => {
  const dataPlane = new RecordingDataPlane();
  const { h, ecs, create } = await serviceSetup(undefined, { elbv2: dataPlane });
  const elb = h.client(ElasticLoadBalancingV2Client);
  const lbArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'web' }))).LoadBalancers![0]!
    .LoadBalancerArn!;
  const tgArn = (
    await elb.send(
      new CreateTargetGroupCommand({ Name: 'app', Protocol: 'HTTP', Port: 8080, TargetType: 'ip' }),
    )
  ).TargetGroups![0]!.TargetGroupArn!;
  await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: lbArn,
      Protocol: 'HTTP',
      Port: 8090,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
    }),
  );
  await create({ loadBalancers: [{ targetGroupArn: tgArn, containerName: 'app', containerPort: 8080 }] });
  await h.timer.advance(1000);

  const health = async () =>
    (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }))).TargetHealthDescriptions!;
  const registered = await health();
  assert.equal(registered.length, 2, 'both RUNNING tasks are targets');
  for (const target of registered) {
    assert.match(target.Target!.Id!, /^10\.213\.0\.\d+$/);
    assert.equal(target.Target!.Port, 8080);
  }
  assert.equal((await describeService(ecs, 'web')).runningCount, 2);

  for (const target of registered) {
    dataPlane.setHealth(tgArn, { id: target.Target!.Id!, port: 8080 }, { state: 'healthy' });
  }
  await h.timer.advance(1000);
  assert.deepEqual(
    (await health()).map((t) => t.TargetHealth!.State),
    ['healthy', 'healthy'],
  );

  // Draining is ELB's own wait (the deregistration delay): none here, so the scale-in completes at once.
  await elb.send(
    new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: tgArn,
      Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '0' }],
    }),
  );
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 1 }));
  for (let i = 0; i < 20 && (await describeService(ecs, 'web')).runningCount !== 1; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await h.timer.advance(1000);
  }
  assert.equal((await describeService(ecs, 'web')).runningCount, 1);
  assert.equal((await health()).length, 1, 'the task that left the service is no longer a target');
});
