/**
 * The data plane's model from ELBv2's records (ref ecs-services-elb-logs §4.4, §4.7): every listener with its rules
 * lowest priority first and its default actions last, each rule reduced to its terminal action ("Each rule must
 * include exactly one of … forward, redirect, or fixed-response, and it must be the last action"); every target
 * group some listener forwards to, with its targets — draining ones until their delay has passed.
 */
import type { DataPlaneModel, ListenerAction, ServedTargetGroup } from '../../../engines/elbv2/index.js';
import type {
  ListenerRecord,
  LoadBalancerRecord,
  RuleRecord,
  StoredAction,
  TargetGroupRecord,
} from './records.js';

export interface StoredState {
  readonly loadBalancers: readonly LoadBalancerRecord[];
  readonly listeners: readonly ListenerRecord[];
  readonly rules: readonly RuleRecord[];
  readonly targetGroups: readonly TargetGroupRecord[];
}

export function dataPlaneModel(state: StoredState, now: Date): DataPlaneModel {
  const dnsNames = new Map(state.loadBalancers.map((lb) => [lb.arn, lb.dnsName]));
  const listeners = state.listeners.map((listener) => {
    const rules = state.rules
      .filter((rule) => rule.listenerArn === listener.arn)
      .sort((a, b) => a.priority - b.priority)
      .map((rule) => ({ conditions: rule.conditions, action: terminal(rule.actions) }));
    return {
      arn: listener.arn,
      port: listener.port,
      dnsName: dnsNames.get(listener.loadBalancerArn) ?? '',
      rules: [...rules, { conditions: [], action: terminal(listener.defaultActions) }],
    };
  });
  const used = new Set(
    listeners.flatMap((l) =>
      l.rules.flatMap((r) => (r.action.type === 'forward' ? r.action.targetGroups.map((g) => g.arn) : [])),
    ),
  );
  const targetGroups: ServedTargetGroup[] = state.targetGroups
    .filter((tg) => used.has(tg.arn))
    .map((tg) => ({
      arn: tg.arn,
      targetType: tg.targetType,
      healthCheck: tg.healthCheck,
      targets: liveTargets(tg, now).map((t) => ({
        id: t.id,
        port: t.port,
        ...(t.drainingUntil === undefined ? {} : { drainingUntil: Date.parse(t.drainingUntil) }),
      })),
    }));
  return { listeners, targetGroups };
}

/** Registered targets, and draining ones whose delay has not passed. */
export function liveTargets(tg: TargetGroupRecord, now: Date) {
  return tg.targets.filter(
    (t) => t.drainingUntil === undefined || Date.parse(t.drainingUntil) > now.getTime(),
  );
}

/** Whether a listener's or rule's actions forward to `arn`. */
export function forwardsTo(actions: readonly StoredAction[], arn: string): boolean {
  return actions.some((a) => a.action.type === 'forward' && a.action.targetGroups.some((g) => g.arn === arn));
}

function terminal(actions: readonly StoredAction[]): ListenerAction {
  const sorted = [...actions].sort((a, b) => (a.order ?? 50001) - (b.order ?? 50001));
  return sorted.at(-1)!.action;
}
