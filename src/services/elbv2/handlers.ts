/**
 * ELBv2's operations on load balancers, target groups, targets and tags by Query Action name (ref
 * ecs-services-elb-logs §4.2–§4.5): each reads its input, then acts. Listeners and rules: listener-handlers.ts.
 */
import { type OperationSpec, queryOperation } from '../../aws/index.js';
import type { Elbv2Resources } from './elbv2-resources.js';
import {
  arnRule,
  readAttributes,
  readHealthCheck,
  readPaging,
  readPort,
  readTags,
  readTargets,
} from './input/read-common.js';

const arnList = (r: Parameters<Parameters<typeof queryOperation>[0]>[0], name: string) =>
  r.strings(name) ?? [];

export function elbv2Handlers(x: Elbv2Resources): Record<string, OperationSpec> {
  return {
    CreateLoadBalancer: queryOperation(
      (r) => ({
        name: r.string('Name', { required: true }),
        subnets: r.strings('Subnets') ?? [],
        securityGroups: r.strings('SecurityGroups') ?? [],
        scheme: r.choice('Scheme', ['internet-facing', 'internal'] as const) ?? 'internet-facing',
        type: r.choice('Type', ['application', 'network', 'gateway'] as const) ?? 'application',
        ipAddressType:
          r.choice('IpAddressType', ['ipv4', 'dualstack', 'dualstack-without-public-ipv4'] as const) ??
          'ipv4',
        tags: readTags(r),
      }),
      (ctx, input) => x.loadBalancers.create(ctx, input),
    ),
    DescribeLoadBalancers: queryOperation(
      (r) => ({ arns: arnList(r, 'LoadBalancerArns'), names: arnList(r, 'Names'), ...readPaging(r) }),
      (ctx, input) => x.loadBalancers.describe(ctx, input),
    ),
    DeleteLoadBalancer: queryOperation(
      (r) => r.string('LoadBalancerArn', arnRule),
      (ctx, arn) => x.loadBalancers.delete(ctx, arn),
    ),
    DescribeLoadBalancerAttributes: queryOperation(
      (r) => r.string('LoadBalancerArn', arnRule),
      (ctx, arn) => x.loadBalancers.describeAttributes(ctx, arn),
    ),
    ModifyLoadBalancerAttributes: queryOperation(
      (r) => ({ arn: r.string('LoadBalancerArn', arnRule), attributes: readAttributes(r) }),
      (ctx, { arn, attributes }) => x.loadBalancers.modifyAttributes(ctx, arn, attributes),
    ),
    CreateTargetGroup: queryOperation(
      (r) => ({
        name: r.string('Name', { required: true }),
        protocol: r.choice('Protocol', ['HTTP', 'HTTPS'] as const),
        protocolVersion: r.string('ProtocolVersion'),
        port: readPort(r),
        vpcId: r.string('VpcId'),
        targetType: r.choice('TargetType', ['instance', 'ip', 'lambda', 'alb'] as const) ?? 'instance',
        healthCheck: readHealthCheck(r),
        tags: readTags(r),
      }),
      (ctx, input) => x.targetGroups.create(ctx, input),
    ),
    DescribeTargetGroups: queryOperation(
      (r) => ({
        loadBalancerArn: r.string('LoadBalancerArn'),
        arns: arnList(r, 'TargetGroupArns'),
        names: arnList(r, 'Names'),
        ...readPaging(r),
      }),
      (ctx, input) => x.targetGroups.describe(ctx, input),
    ),
    ModifyTargetGroup: queryOperation(
      (r) => ({ arn: r.string('TargetGroupArn', arnRule), changes: readHealthCheck(r) }),
      (ctx, { arn, changes }) => x.targetGroups.modify(ctx, arn, changes),
    ),
    DeleteTargetGroup: queryOperation(
      (r) => r.string('TargetGroupArn', arnRule),
      (ctx, arn) => x.targetGroups.delete(ctx, arn),
    ),
    DescribeTargetGroupAttributes: queryOperation(
      (r) => r.string('TargetGroupArn', arnRule),
      (ctx, arn) => x.targetGroups.describeAttributes(ctx, arn),
    ),
    ModifyTargetGroupAttributes: queryOperation(
      (r) => ({ arn: r.string('TargetGroupArn', arnRule), attributes: readAttributes(r) }),
      (ctx, { arn, attributes }) => x.targetGroups.modifyAttributes(ctx, arn, attributes),
    ),
    RegisterTargets: queryOperation(
      (r) => ({ arn: r.string('TargetGroupArn', arnRule), targets: readTargets(r) }),
      async (ctx, { arn, targets }) => {
        await x.context.authorize(ctx, arn);
        await x.targets.register(arn, targets);
        return {};
      },
    ),
    DeregisterTargets: queryOperation(
      (r) => ({ arn: r.string('TargetGroupArn', arnRule), targets: readTargets(r) }),
      async (ctx, { arn, targets }) => {
        await x.context.authorize(ctx, arn);
        // Answers once draining has begun; the targets are gone when the deregistration delay has passed.
        await x.targets.deregister(arn, targets);
        return {};
      },
    ),
    DescribeTargetHealth: queryOperation(
      (r) => ({ arn: r.string('TargetGroupArn', arnRule), targets: r.list('Targets') && readTargets(r) }),
      async (ctx, { arn, targets }) => {
        await x.context.authorize(ctx, arn);
        return { TargetHealthDescriptions: x.targetHealthWire(arn, targets) };
      },
    ),
    AddTags: queryOperation(
      (r) => ({ arns: r.strings('ResourceArns', { required: true }), tags: readTags(r) }),
      (ctx, { arns, tags }) => x.tags.add(ctx, arns, tags),
    ),
    RemoveTags: queryOperation(
      (r) => ({
        arns: r.strings('ResourceArns', { required: true }),
        keys: r.strings('TagKeys', { required: true }),
      }),
      (ctx, { arns, keys }) => x.tags.remove(ctx, arns, keys),
    ),
    DescribeTags: queryOperation(
      (r) => r.strings('ResourceArns', { required: true }, 20),
      (ctx, arns) => x.tags.describe(ctx, arns),
    ),
  };
}
