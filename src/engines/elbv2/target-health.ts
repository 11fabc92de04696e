/**
 * A target's health as ALB reports it (ref ecs-services-elb-logs §4.5): the states and reason codes with their
 * descriptions, the lifecycle as a transition table (house style E5), and the pure step that applies one health
 * check's result to a target under the group's thresholds. "After your target is registered, it must pass one
 * health check to be considered healthy"; UnhealthyThresholdCount consecutive failures take it out of service,
 * HealthyThresholdCount consecutive passes put it back; the reason is the last failure's.
 */
import { transitions } from '../lifecycle/index.js';

export type TargetHealthState = 'initial' | 'healthy' | 'unhealthy' | 'unused' | 'draining' | 'unavailable';

/** The reason codes and descriptions ALB gives, verbatim (ref ecs-services-elb-logs §4.5, ALBUG). */
export const healthReasons = {
  'Elb.RegistrationInProgress': 'Target registration is in progress',
  'Elb.InitialHealthChecking': 'Initial health checks in progress',
  'Target.Timeout': 'Request timed out',
  'Target.FailedHealthChecks': 'Health checks failed',
  'Target.NotRegistered': 'Target is not registered to the target group',
  'Target.NotInUse': 'Target group is not configured to receive traffic from the load balancer',
  'Target.DeregistrationInProgress': 'Target deregistration is in progress',
  'Target.HealthCheckDisabled': 'Health checks are disabled',
  'Target.ResponseCodeMismatch': 'Health checks failed with these codes: [{code}]',
} as const;

export type HealthReason = keyof typeof healthReasons;

/** Who moves where: draining ends a target's life whatever its health; unused is a target group not in use. */
export const targetHealthLifecycle = transitions<TargetHealthState>('target health', {
  unused: ['initial', 'draining'],
  initial: ['healthy', 'unhealthy', 'draining', 'unused'],
  healthy: ['unhealthy', 'draining', 'unused'],
  unhealthy: ['healthy', 'draining', 'unused'],
  unavailable: ['initial', 'draining', 'unused'],
  draining: [],
});

export interface TargetHealth {
  readonly state: TargetHealthState;
  readonly reason?: HealthReason;
  /** Absent when healthy: "If the state is healthy, a description is not provided". */
  readonly description?: string;
}

/** A target's health with the consecutive results the thresholds count. */
export interface CheckedHealth extends TargetHealth {
  readonly passes: number;
  readonly failures: number;
}

export type CheckResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'Target.Timeout' | 'Target.FailedHealthChecks' }
  | { readonly ok: false; readonly reason: 'Target.ResponseCodeMismatch'; readonly code: number };

export function health(state: TargetHealthState, reason?: HealthReason, code?: number): TargetHealth {
  if (reason === undefined) return { state };
  const description = healthReasons[reason].replace('{code}', String(code ?? ''));
  return { state, reason, description };
}

/** A newly registered target (or one whose group starts receiving traffic) before its first check. */
export const registering: CheckedHealth = {
  ...health('initial', 'Elb.RegistrationInProgress'),
  passes: 0,
  failures: 0,
};

/** The health after one more check with `result`. */
export function afterCheck(
  current: CheckedHealth,
  result: CheckResult,
  thresholds: { readonly healthy: number; readonly unhealthy: number },
): CheckedHealth {
  if (result.ok) {
    const passes = current.passes + 1;
    const healthy =
      current.state === 'initial' || current.state === 'healthy' || passes >= thresholds.healthy;
    if (!healthy) return { ...current, passes, failures: 0 };
    return { ...move(current, health('healthy')), passes, failures: 0 };
  }
  const failures = current.failures + 1;
  const failed = health(
    'unhealthy',
    result.reason,
    result.reason === 'Target.ResponseCodeMismatch' ? result.code : undefined,
  );
  if (current.state === 'unhealthy') return { ...failed, passes: 0, failures };
  if (failures >= thresholds.unhealthy) return { ...move(current, failed), passes: 0, failures };
  const waiting = current.state === 'initial' ? health('initial', 'Elb.InitialHealthChecking') : current;
  return { ...waiting, passes: 0, failures };
}

function move(from: TargetHealth, to: TargetHealth): TargetHealth {
  if (from.state !== to.state) targetHealthLifecycle.next(from.state, to.state);
  return to;
}
