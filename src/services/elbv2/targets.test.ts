// Targets and their health in process (ref ecs-services-elb-logs §4.5): registration, health as ELB gives it
// (states, reason codes, texts), draining for the deregistration delay, and the targets port ECS services use.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { health } from '../../engines/elbv2/index.js';
import { elbv2Harness, RecordingDataPlane } from '../../testing/elbv2-fixtures.js';

async function world<P extends RecordingDataPlane>(dataPlane: P = new RecordingDataPlane() as P) {
  const { elb, h, targets } = elbv2Harness(dataPlane);
  const lbArn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'web' }))).LoadBalancers![0]!
    .LoadBalancerArn!;
  const tgArn = (
    await elb.send(
      new CreateTargetGroupCommand({ Name: 'app', Protocol: 'HTTP', Port: 8080, TargetType: 'ip' }),
    )
  ).TargetGroups![0]!.TargetGroupArn!;
  const healthOf = async (targets?: { Id: string; Port?: number }[]) =>
    (
      await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn, Targets: targets }))
    ).TargetHealthDescriptions!.map((d) => [
      d.Target?.Id,
      d.Target?.Port,
      d.HealthCheckPort,
      d.TargetHealth?.State,
      d.TargetHealth?.Reason,
      d.TargetHealth?.Description,
    ]);
  const listen = () =>
    elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: lbArn,
        Port: 8090,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
      }),
    );
  return { elb, h, dataPlane, tgArn, healthOf, listen, targets };
}

test('a group no listener forwards to: its targets are unused/Target.NotInUse; an unregistered one named is Target.NotRegistered', async () => {
  const { elb, tgArn, healthOf } = await world();
  assert.deepEqual(await healthOf(), []);
  await elb.send(
    new RegisterTargetsCommand({
      TargetGroupArn: tgArn,
      Targets: [{ Id: '10.0.1.23' }, { Id: '10.0.1.24', Port: 9000 }],
    }),
  );
  assert.deepEqual(await healthOf(), [
    [
      '10.0.1.23',
      8080,
      '8080',
      'unused',
      'Target.NotInUse',
      'Target group is not configured to receive traffic from the load balancer',
    ],
    [
      '10.0.1.24',
      9000,
      '9000',
      'unused',
      'Target.NotInUse',
      'Target group is not configured to receive traffic from the load balancer',
    ],
  ]);
  assert.deepEqual(await healthOf([{ Id: '10.9.9.9', Port: 80 }]), [
    ['10.9.9.9', 80, '80', 'unused', 'Target.NotRegistered', 'Target is not registered to the target group'],
  ]);
  const bad = await elb
    .send(new RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: 'i-0123' }] }))
    .catch((e: Error) => e);
  assert.equal((bad as Error).name, 'InvalidTargetException');
});

test('in use: initial/Elb.RegistrationInProgress until the data plane checked it; then what the checks found; healthy has no reason', async () => {
  const { elb, dataPlane, tgArn, healthOf, listen } = await world();
  await listen();
  await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: '10.0.1.23' }] }));
  assert.deepEqual(dataPlane.model.targetGroups[0]!.targets, [{ id: '10.0.1.23', port: 8080 }]);
  assert.deepEqual(await healthOf(), [
    [
      '10.0.1.23',
      8080,
      '8080',
      'initial',
      'Elb.RegistrationInProgress',
      'Target registration is in progress',
    ],
  ]);
  dataPlane.setHealth(tgArn, { id: '10.0.1.23', port: 8080 }, health('healthy'));
  assert.deepEqual(await healthOf(), [['10.0.1.23', 8080, '8080', 'healthy', undefined, undefined]]);
  dataPlane.setHealth(
    tgArn,
    { id: '10.0.1.23', port: 8080 },
    health('unhealthy', 'Target.ResponseCodeMismatch', 503),
  );
  assert.deepEqual(await healthOf(), [
    [
      '10.0.1.23',
      8080,
      '8080',
      'unhealthy',
      'Target.ResponseCodeMismatch',
      'Health checks failed with these codes: [503]',
    ],
  ]);
});

test('DeregisterTargets: draining/Target.DeregistrationInProgress for the delay, then gone; the port resolves when drained', async () => {
  const { elb, dataPlane, tgArn, healthOf, listen, targets } = await world();
  await listen();
  await elb.send(
    new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: tgArn,
      Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '1' }],
    }),
  );
  const port = await targets();
  await port.register(tgArn, [
    { id: '10.0.1.23', port: 8080 },
    { id: '10.0.1.24', port: 8080 },
  ]);
  const started = Date.now();
  const drained = port.deregister(tgArn, [{ id: '10.0.1.23', port: 8080 }]);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(
    (await healthOf()).map((row) => row.slice(3)),
    [
      ['draining', 'Target.DeregistrationInProgress', 'Target deregistration is in progress'],
      ['initial', 'Elb.RegistrationInProgress', 'Target registration is in progress'],
    ],
  );
  assert.ok(dataPlane.model.targetGroups[0]!.targets[0]!.drainingUntil! > started);
  await drained;
  assert.ok(Date.now() - started >= 990, 'resolved before the delay');
  assert.deepEqual(
    (await healthOf()).map((row) => row[0]),
    ['10.0.1.24'],
  );
  assert.deepEqual(dataPlane.model.targetGroups[0]!.targets, [{ id: '10.0.1.24', port: 8080 }]);
  // Deregistering a target that is not registered "returns successfully".
  await elb.send(new DeregisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: '10.7.7.7' }] }));
});

test('the targets port: describe, health, health changes', async () => {
  const { dataPlane, tgArn, listen, targets } = await world();
  await listen();
  const port = await targets();
  assert.deepEqual(port.describe(tgArn), { targetType: 'ip', port: 8080, protocol: 'HTTP' });
  assert.equal(port.describe(`${tgArn}0`), undefined);
  await port.register(tgArn, [{ id: '10.0.1.23', port: 8080 }]);
  const changes: unknown[] = [];
  const unsubscribe = port.onHealthChange((arn, change) => changes.push([arn, change]));
  dataPlane.setHealth(tgArn, { id: '10.0.1.23', port: 8080 }, health('healthy'));
  unsubscribe();
  dataPlane.setHealth(tgArn, { id: '10.0.1.23', port: 8080 }, health('unhealthy', 'Target.Timeout'));
  assert.deepEqual(changes, [[tgArn, { id: '10.0.1.23', port: 8080, state: 'healthy' }]]);
  assert.deepEqual(port.health(tgArn), [
    {
      id: '10.0.1.23',
      port: 8080,
      state: 'unhealthy',
      reason: 'Target.Timeout',
      description: 'Request timed out',
    },
  ]);
});

test('a deregistration still syncing when berth up stops starts no drain timer (berth up exits at once)', {
  timeout: 10_000,
}, async () => {
  // The data plane holds the deregistration's sync (the native plane reloads haproxy) while ELBv2 stops.
  class HeldPlane extends RecordingDataPlane {
    held?: Promise<void>;
    override async apply(model: Parameters<RecordingDataPlane['apply']>[0]): Promise<void> {
      await this.held;
      await super.apply(model);
    }
  }
  const { h, dataPlane, tgArn, listen, targets } = await world(new HeldPlane());
  await listen();
  const port = await targets();
  await port.register(tgArn, [{ id: '10.0.1.23', port: 8080 }]);
  let release = () => {};
  dataPlane.held = new Promise((resolve) => {
    release = resolve;
  });
  // The default deregistration delay is 300 s: only a drain ended by the stop resolves within the test.
  const drained = port.deregister(tgArn, [{ id: '10.0.1.23', port: 8080 }]);
  await h.stop();
  release();
  await drained;
});
