/**
 * A container's health as Docker's health monitor decides it and ECS reports it (ref ecs-services-elb-logs §3.1):
 * UNKNOWN until a verdict, HEALTHY after a passing probe, UNHEALTHY after `retries` failures in a row. A failure
 * inside the start period does not count while the container has never been healthy; once a probe has passed, every
 * failure counts. The task's health is its essential containers' that have checks: UNHEALTHY if any is, HEALTHY if
 * all are, UNKNOWN otherwise (still evaluating, only non-essential checks, or none).
 */
import type { HealthStatus } from '../../engines/ecs/index.js';
import { transitions } from '../../engines/lifecycle/index.js';

/** Every status may follow every other except a return to UNKNOWN: a verdict, once given, is only replaced. */
export const healthLifecycle = transitions<HealthStatus>('container health', {
  UNKNOWN: ['UNKNOWN', 'HEALTHY', 'UNHEALTHY'],
  HEALTHY: ['HEALTHY', 'UNHEALTHY'],
  UNHEALTHY: ['UNHEALTHY', 'HEALTHY'],
});

export interface HealthState {
  readonly status: HealthStatus;
  /** Failed probes in a row that count. */
  readonly failures: number;
  /** Whether a probe has ever passed (the start period no longer excuses failures then). */
  readonly passedOnce: boolean;
}

export const initialHealth: HealthState = { status: 'UNKNOWN', failures: 0, passedOnce: false };

export interface ProbeOutcome {
  readonly passed: boolean;
  /** Whether the probe ran inside the start period (measured from the container's start). */
  readonly inStartPeriod: boolean;
}

export function nextHealth(state: HealthState, probe: ProbeOutcome, retries: number): HealthState {
  if (probe.passed)
    return { status: healthLifecycle.next(state.status, 'HEALTHY'), failures: 0, passedOnce: true };
  if (probe.inStartPeriod && !state.passedOnce) return state;
  const failures = state.failures + 1;
  const status = failures >= retries ? 'UNHEALTHY' : state.status;
  return { status: healthLifecycle.next(state.status, status), failures, passedOnce: state.passedOnce };
}

/** The task's healthStatus from its containers' (undefined: the container has no health check). */
export function taskHealth(
  containers: readonly { readonly essential: boolean; readonly health?: HealthStatus }[],
): HealthStatus {
  const checked = containers.filter((c) => c.essential && c.health !== undefined).map((c) => c.health);
  if (checked.includes('UNHEALTHY')) return 'UNHEALTHY';
  if (checked.length > 0 && checked.every((status) => status === 'HEALTHY')) return 'HEALTHY';
  return 'UNKNOWN';
}
