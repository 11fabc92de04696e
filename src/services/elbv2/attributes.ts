/**
 * Target group and load balancer attributes (ref ecs-services-elb-logs §4.3): string values, validated per key.
 * The texts follow moto's (`'deregistration_delay.timeout_seconds' value '<v>' must be between '0-3600' inclusive`)
 * and AWS's "attribute key … is not recognized" [INF].
 */
import { elbv2Errors } from './errors.js';

type Check = (value: string) => boolean;

const integer =
  (min: number, max: number): Check =>
  (v) =>
    /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max;
const bool: Check = (v) => v === 'true' || v === 'false';
const ranges: Record<string, string> = {};

function rangeOf(key: string, min: number, max: number): Check {
  ranges[key] = `${min}-${max}`;
  return integer(min, max);
}

export const targetGroupAttributeChecks: Readonly<Record<string, Check>> = {
  'deregistration_delay.timeout_seconds': rangeOf('deregistration_delay.timeout_seconds', 0, 3600),
  'stickiness.enabled': bool,
  'stickiness.type': (v) => v === 'lb_cookie' || v === 'app_cookie',
  'stickiness.lb_cookie.duration_seconds': rangeOf('stickiness.lb_cookie.duration_seconds', 1, 604800),
  'load_balancing.algorithm.type': (v) =>
    ['round_robin', 'least_outstanding_requests', 'weighted_random'].includes(v),
  'slow_start.duration_seconds': (v) => v === '0' || integer(30, 900)(v),
};

export const loadBalancerAttributeChecks: Readonly<Record<string, Check>> = {
  'idle_timeout.timeout_seconds': rangeOf('idle_timeout.timeout_seconds', 1, 4000),
  'deletion_protection.enabled': bool,
  'routing.http2.enabled': bool,
  'access_logs.s3.enabled': bool,
};

/** `current` with `changes` applied, or the ValidationError / InvalidConfigurationRequest for the first bad one. */
export function applyAttributes(
  kind: 'Target group' | 'Load balancer',
  checks: Readonly<Record<string, Check>>,
  current: Readonly<Record<string, string>>,
  changes: readonly { Key: string; Value: string }[],
): Record<string, string> {
  const next = { ...current };
  for (const { Key, Value } of changes) {
    const check = checks[Key];
    if (!check) throw elbv2Errors.validation(`${kind} attribute key '${Key}' is not recognized`);
    if (!check(Value)) {
      const range = ranges[Key];
      throw elbv2Errors.invalidConfiguration(
        range
          ? `'${Key}' value '${Value}' must be between '${range}' inclusive`
          : `'${Key}' value '${Value}' is not valid`,
      );
    }
    next[Key] = Value;
  }
  return next;
}
