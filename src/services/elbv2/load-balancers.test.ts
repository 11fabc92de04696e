// ELBv2's load balancers, target groups and attributes in process over the SDK (ref ecs-services-elb-logs §4.2,
// §4.3, §4.6): ARNs and DNS names, idempotent creation, defaults, errors with ELB's codes and texts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ModifyLoadBalancerAttributesCommand,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbv2Harness } from '../../testing/elbv2-fixtures.js';

/** The SDK names a modelled error by its shape (`LoadBalancerNotFoundException`) from the wire's awsQueryError code. */
async function refusal(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  assert.fail('the call succeeded');
}

test('CreateLoadBalancer: ARN, a DNS name under elb.localhost, active; idempotent; the same name otherwise is DuplicateLoadBalancerName', async () => {
  const { elb } = elbv2Harness();
  const input = { Name: 'web', Subnets: ['subnet-1', 'subnet-2'], SecurityGroups: ['sg-1'] };
  const lb = (await elb.send(new CreateLoadBalancerCommand(input))).LoadBalancers![0]!;
  assert.match(
    lb.LoadBalancerArn!,
    /^arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer\/app\/web\/[0-9a-f]{16}$/,
  );
  assert.match(lb.DNSName!, /^web-\d+\.us-east-1\.elb\.localhost$/);
  assert.equal(lb.Scheme, 'internet-facing');
  assert.equal(lb.Type, 'application');
  assert.equal(lb.State?.Code, 'active');
  assert.equal(lb.CanonicalHostedZoneId, 'Z35SXDOTRQ7X7K');
  assert.deepEqual(lb.SecurityGroups, ['sg-1']);
  assert.deepEqual(
    lb.AvailabilityZones?.map((z) => z.SubnetId),
    ['subnet-1', 'subnet-2'],
  );
  const again = (await elb.send(new CreateLoadBalancerCommand(input))).LoadBalancers![0]!;
  assert.equal(again.LoadBalancerArn, lb.LoadBalancerArn);
  const dup = await refusal(elb.send(new CreateLoadBalancerCommand({ ...input, Scheme: 'internal' })));
  assert.deepEqual(dup, {
    name: 'DuplicateLoadBalancerNameException',
    message: "A load balancer with the same name 'web' exists, but with different settings",
    status: 400,
  });
  const internal = (await elb.send(new CreateLoadBalancerCommand({ Name: 'api', Scheme: 'internal' })))
    .LoadBalancers![0]!;
  assert.match(internal.DNSName!, /^internal-api-\d+\.us-east-1\.elb\.localhost$/);
});

test('load balancer names: the length, characters, hyphens and internal- rules', async () => {
  const { elb } = elbv2Harness();
  for (const [name, text] of [
    ['a'.repeat(33), `Load balancer name '${'a'.repeat(33)}' cannot be longer than '32' characters`],
    [
      'a_b',
      "Load balancer name 'a_b' can only contain characters that are alphanumeric characters or hyphens(-)",
    ],
    ['-ab', "Load balancer name '-ab' cannot begin or end with '-' character"],
    ['internal-x', "Load balancer name 'internal-x' cannot begin with 'internal-'"],
  ]) {
    const error = await refusal(elb.send(new CreateLoadBalancerCommand({ Name: name })));
    assert.deepEqual([error.name, error.message], ['ValidationError', text]);
  }
});

test('DescribeLoadBalancers by ARN, name and page; LoadBalancerNotFound; DeleteLoadBalancer of a missing one succeeds', async () => {
  const { elb } = elbv2Harness();
  const arns: string[] = [];
  for (const name of ['a', 'b', 'c'])
    arns.push(
      (await elb.send(new CreateLoadBalancerCommand({ Name: name }))).LoadBalancers![0]!.LoadBalancerArn!,
    );
  const page1 = await elb.send(new DescribeLoadBalancersCommand({ PageSize: 2 }));
  assert.deepEqual(
    page1.LoadBalancers?.map((lb) => lb.LoadBalancerName),
    ['a', 'b'],
  );
  const page2 = await elb.send(new DescribeLoadBalancersCommand({ PageSize: 2, Marker: page1.NextMarker }));
  assert.deepEqual(
    page2.LoadBalancers?.map((lb) => lb.LoadBalancerName),
    ['c'],
  );
  assert.equal(page2.NextMarker, undefined);
  const byArn = await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arns[1]!] }));
  assert.equal(byArn.LoadBalancers?.[0]?.LoadBalancerName, 'b');
  const missing = await refusal(elb.send(new DescribeLoadBalancersCommand({ Names: ['nope'] })));
  assert.deepEqual(
    [missing.name, missing.message],
    ['LoadBalancerNotFoundException', 'One or more load balancers not found'],
  );
  await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arns[0] }));
  await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arns[0] }));
  const left = await elb.send(new DescribeLoadBalancersCommand({}));
  assert.deepEqual(
    left.LoadBalancers?.map((lb) => lb.LoadBalancerName),
    ['b', 'c'],
  );
});

test('load balancer attributes: defaults, a change, a key ELB does not know', async () => {
  const { elb } = elbv2Harness();
  const arn = (await elb.send(new CreateLoadBalancerCommand({ Name: 'attrs' }))).LoadBalancers![0]!
    .LoadBalancerArn!;
  const before = await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }));
  assert.ok(before.Attributes?.some((a) => a.Key === 'idle_timeout.timeout_seconds' && a.Value === '60'));
  await elb.send(
    new ModifyLoadBalancerAttributesCommand({
      LoadBalancerArn: arn,
      Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '120' }],
    }),
  );
  const after = await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }));
  assert.ok(after.Attributes?.some((a) => a.Key === 'idle_timeout.timeout_seconds' && a.Value === '120'));
  const bad = await refusal(
    elb.send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerArn: arn,
        Attributes: [{ Key: 'x.y', Value: '1' }],
      }),
    ),
  );
  assert.deepEqual(
    [bad.name, bad.message],
    ['ValidationError', "Load balancer attribute key 'x.y' is not recognized"],
  );
  await elb.send(
    new ModifyLoadBalancerAttributesCommand({
      LoadBalancerArn: arn,
      Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }],
    }),
  );
  const protectedLb = await refusal(elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn })));
  assert.equal(protectedLb.name, 'OperationNotPermittedException');
});

test('CreateTargetGroup: ALB defaults as the API returns them; ip and instance; duplicate and validation errors', async () => {
  const { elb } = elbv2Harness();
  const tg = (
    await elb.send(
      new CreateTargetGroupCommand({
        Name: 'web',
        Protocol: 'HTTP',
        Port: 8080,
        TargetType: 'ip',
        VpcId: 'vpc-1',
      }),
    )
  ).TargetGroups![0]!;
  assert.match(
    tg.TargetGroupArn!,
    /^arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup\/web\/[0-9a-f]{16}$/,
  );
  assert.deepEqual(
    {
      HealthCheckProtocol: tg.HealthCheckProtocol,
      HealthCheckPort: tg.HealthCheckPort,
      HealthCheckPath: tg.HealthCheckPath,
      HealthCheckIntervalSeconds: tg.HealthCheckIntervalSeconds,
      HealthCheckTimeoutSeconds: tg.HealthCheckTimeoutSeconds,
      HealthyThresholdCount: tg.HealthyThresholdCount,
      UnhealthyThresholdCount: tg.UnhealthyThresholdCount,
      Matcher: tg.Matcher,
      HealthCheckEnabled: tg.HealthCheckEnabled,
      TargetType: tg.TargetType,
      VpcId: tg.VpcId,
      LoadBalancerArns: tg.LoadBalancerArns,
    },
    {
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: 'traffic-port',
      HealthCheckPath: '/',
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 2,
      Matcher: { HttpCode: '200' },
      HealthCheckEnabled: true,
      TargetType: 'ip',
      VpcId: 'vpc-1',
      LoadBalancerArns: [],
    },
  );
  const same = await elb.send(
    new CreateTargetGroupCommand({
      Name: 'web',
      Protocol: 'HTTP',
      Port: 8080,
      TargetType: 'ip',
      VpcId: 'vpc-1',
    }),
  );
  assert.equal(same.TargetGroups![0]!.TargetGroupArn, tg.TargetGroupArn);
  const dup = await refusal(
    elb.send(new CreateTargetGroupCommand({ Name: 'web', Protocol: 'HTTP', Port: 9090, TargetType: 'ip' })),
  );
  assert.deepEqual(
    [dup.name, dup.message],
    [
      'DuplicateTargetGroupNameException',
      "A target group with the same name 'web' exists, but with different settings",
    ],
  );
  const instance = (
    await elb.send(new CreateTargetGroupCommand({ Name: 'inst', Protocol: 'HTTP', Port: 80 }))
  ).TargetGroups![0]!;
  assert.equal(instance.TargetType, 'instance');
  const matcher = await refusal(
    elb.send(
      new CreateTargetGroupCommand({ Name: 'm', Protocol: 'HTTP', Port: 80, Matcher: { HttpCode: '600' } }),
    ),
  );
  assert.equal(matcher.name, 'ValidationError');
  const range = await refusal(
    elb.send(
      new CreateTargetGroupCommand({ Name: 'r', Protocol: 'HTTP', Port: 80, HealthCheckIntervalSeconds: 1 }),
    ),
  );
  assert.equal(range.name, 'ValidationError');
  assert.match(
    range.message,
    /^1 validation error detected: Value '1' at 'healthCheckIntervalSeconds' failed to satisfy constraint: Member must have value greater than or equal to 5$/,
  );
});

test('ModifyTargetGroup changes the health check; DescribeTargetGroups by name and ARN; TargetGroupNotFound; delete', async () => {
  const { elb } = elbv2Harness();
  const arn = (await elb.send(new CreateTargetGroupCommand({ Name: 'mod', Protocol: 'HTTP', Port: 80 })))
    .TargetGroups![0]!.TargetGroupArn!;
  const modified = await elb.send(
    new ModifyTargetGroupCommand({
      TargetGroupArn: arn,
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 10,
      Matcher: { HttpCode: '200-299' },
    }),
  );
  assert.equal(modified.TargetGroups![0]!.HealthCheckPath, '/health');
  assert.equal(modified.TargetGroups![0]!.Matcher?.HttpCode, '200-299');
  const byName = await elb.send(new DescribeTargetGroupsCommand({ Names: ['mod'] }));
  assert.equal(byName.TargetGroups![0]!.HealthCheckIntervalSeconds, 10);
  const missing = await refusal(elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [`${arn}0`] })));
  assert.deepEqual(
    [missing.name, missing.message],
    ['TargetGroupNotFoundException', 'One or more target groups not found'],
  );
  await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }));
  assert.deepEqual((await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups, []);
});

test('target group attributes: the defaults of a new group, deregistration delay range (ref ecs-services-elb-logs §4.3)', async () => {
  const { elb } = elbv2Harness();
  const arn = (await elb.send(new CreateTargetGroupCommand({ Name: 'attrs', Protocol: 'HTTP', Port: 80 })))
    .TargetGroups![0]!.TargetGroupArn!;
  const attributes = (await elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn })))
    .Attributes!;
  const byKey = Object.fromEntries(attributes.map((a) => [a.Key, a.Value]));
  assert.equal(byKey['deregistration_delay.timeout_seconds'], '300');
  assert.equal(byKey['stickiness.enabled'], 'false');
  assert.equal(byKey['stickiness.type'], 'lb_cookie');
  assert.equal(byKey['stickiness.lb_cookie.duration_seconds'], '86400');
  const changed = await elb.send(
    new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: arn,
      Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }],
    }),
  );
  assert.ok(
    changed.Attributes?.some((a) => a.Key === 'deregistration_delay.timeout_seconds' && a.Value === '5'),
  );
  const bad = await refusal(
    elb.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: arn,
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '4000' }],
      }),
    ),
  );
  assert.deepEqual(
    [bad.name, bad.message],
    [
      'InvalidConfigurationRequestException',
      "'deregistration_delay.timeout_seconds' value '4000' must be between '0-3600' inclusive",
    ],
  );
});
