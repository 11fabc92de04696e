/** ELBv2's listener and rule operations by Query Action name (ref ecs-services-elb-logs §4.4). */
import { type OperationSpec, queryOperation } from '../../aws/index.js';
import type { Elbv2Resources } from './elbv2-resources.js';
import { elbv2Errors } from './errors.js';
import { readActions, readConditions } from './input/read-actions.js';
import { arnRule, readAttributes, readPaging, readPort, readTags } from './input/read-common.js';

const protocols = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE'] as const;

export function listenerHandlers(x: Elbv2Resources): Record<string, OperationSpec> {
  return {
    CreateListener: queryOperation(
      (r) => ({
        loadBalancerArn: r.string('LoadBalancerArn', arnRule),
        protocol: r.choice('Protocol', protocols),
        port: readPort(r),
        defaultActions: readActions(r, 'DefaultActions', true) ?? [],
        tags: readTags(r),
      }),
      (ctx, { protocol, ...input }) => x.listeners.create(ctx, { ...input, protocol: httpOnly(protocol) }),
    ),
    DescribeListeners: queryOperation(
      (r) => ({
        loadBalancerArn: r.string('LoadBalancerArn'),
        arns: r.strings('ListenerArns') ?? [],
        ...readPaging(r),
      }),
      (ctx, input) => x.listeners.describe(ctx, input),
    ),
    ModifyListener: queryOperation(
      (r) => ({
        arn: r.string('ListenerArn', arnRule),
        port: readPort(r),
        protocol: r.choice('Protocol', protocols),
        defaultActions: readActions(r, 'DefaultActions', false),
      }),
      (ctx, { arn, protocol, ...changes }) =>
        x.listeners.modify(ctx, arn, { ...changes, protocol: httpOnly(protocol) }),
    ),
    DeleteListener: queryOperation(
      (r) => r.string('ListenerArn', arnRule),
      (ctx, arn) => x.listeners.delete(ctx, arn),
    ),
    DescribeListenerAttributes: queryOperation(
      (r) => r.string('ListenerArn', arnRule),
      (ctx, arn) => x.listeners.describeAttributes(ctx, arn),
    ),
    ModifyListenerAttributes: queryOperation(
      (r) => ({ arn: r.string('ListenerArn', arnRule), attributes: readAttributes(r) }),
      (ctx, { arn, attributes }) => x.listeners.modifyAttributes(ctx, arn, attributes),
    ),
    CreateRule: queryOperation(
      (r) => ({
        listenerArn: r.string('ListenerArn', arnRule),
        priority: r.integer('Priority', { min: 1, max: 50000 }) ?? requiredPriority(r),
        conditions: readConditions(r, 'Conditions', true) ?? [],
        actions: readActions(r, 'Actions', true) ?? [],
        tags: readTags(r),
      }),
      (ctx, input) => x.rules.create(ctx, input),
    ),
    DescribeRules: queryOperation(
      (r) => ({ listenerArn: r.string('ListenerArn'), arns: r.strings('RuleArns') ?? [], ...readPaging(r) }),
      (ctx, input) => x.rules.describe(ctx, input),
    ),
    ModifyRule: queryOperation(
      (r) => ({
        arn: r.string('RuleArn', arnRule),
        conditions: readConditions(r, 'Conditions', false),
        actions: readActions(r, 'Actions', false),
      }),
      (ctx, { arn, ...changes }) => x.rules.modify(ctx, arn, changes),
    ),
    DeleteRule: queryOperation(
      (r) => r.string('RuleArn', arnRule),
      (ctx, arn) => x.rules.delete(ctx, arn),
    ),
  };
}

/** Priority is required; the reader has no required integer, so a missing one is reported as a missing string. */
function requiredPriority(r: Parameters<Parameters<typeof queryOperation>[0]>[0]): number {
  r.string('Priority', { required: true });
  return 0;
}

/** A listener protocol ALB does not take (TCP …) is refused as AWS's IncompatibleProtocols would [INF]. */
function httpOnly(protocol: (typeof protocols)[number] | undefined): 'HTTP' | 'HTTPS' | undefined {
  if (protocol === undefined || protocol === 'HTTP' || protocol === 'HTTPS') return protocol;
  throw elbv2Errors.incompatibleProtocols(protocol);
}
