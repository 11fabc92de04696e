/**
 * The service scheduler's arithmetic, pure (ref ecs-services-elb-logs §2.2, §2.3, §2.5): how many tasks a step may
 * start and stop within maximumPercent / minimumHealthyPercent, the circuit breaker's threshold, the delay between
 * failing launches, and deployment ids.
 */

export interface CircuitBreakerThreshold {
  readonly type: 'COUNT' | 'BOUNDED_PERCENT' | 'UNBOUNDED_PERCENT';
  readonly value: number;
}

/**
 * ref ecs-services-elb-logs §2.3: "minimum threshold of 3 and a maximum threshold of 200… 0.5 * desired task count",
 * i.e. clamp(ceil(0.5 × desired), 3, 200); thresholdConfiguration (2026-07) changes the percentage or gives a count.
 */
export function circuitBreakerThreshold(
  desiredCount: number,
  configured: CircuitBreakerThreshold = { type: 'BOUNDED_PERCENT', value: 50 },
): number {
  const share = Math.ceil((configured.value * desiredCount) / 100);
  if (configured.type === 'COUNT') return configured.value;
  if (configured.type === 'UNBOUNDED_PERCENT') return share;
  return Math.min(200, Math.max(3, share));
}

/** One deployment's tasks as the scheduler counts them (desired RUNNING, not yet STOPPED). */
export interface DeploymentTasks {
  readonly running: number;
  readonly pending: number;
}

export interface RollingInput {
  readonly desiredCount: number;
  readonly maximumPercent: number;
  readonly minimumHealthyPercent: number;
  readonly primary: DeploymentTasks;
  /** Every older deployment together. */
  readonly older: DeploymentTasks;
  /** The PRIMARY deployment may launch (not FAILED, not throttled). */
  readonly mayLaunch: boolean;
}

export interface RollingStep {
  /** PRIMARY tasks to launch. */
  readonly start: number;
  /** Older deployments' PENDING tasks to stop (they count as neither healthy nor needed). */
  readonly stopOlderPending: number;
  /** Older deployments' RUNNING tasks to stop. */
  readonly stopOlderRunning: number;
  /** PRIMARY tasks above desiredCount (scale-in), pending ones first. */
  readonly stopPrimary: number;
  /** Neither a start nor a stop is allowed while the deployment is unfinished (E17). */
  readonly deadlocked: boolean;
}

/**
 * ref ecs-services-elb-logs §2.2: maxTasks = floor(desired × max / 100) counts RUNNING + PENDING of all deployments;
 * minHealthy = ceil(desired × min / 100) counts RUNNING ones. AWS does not publish its algorithm; this is the step
 * rule §2.2 infers from the documented examples. berth counts a RUNNING task as healthy at once (AWS waits 40 s for a
 * task without load balancer or health check): a local loop would otherwise wait 40 s per batch for nothing.
 */
export function rollingStep(input: RollingInput): RollingStep {
  const { desiredCount: desired, primary, older } = input;
  const maxTasks = Math.floor((desired * input.maximumPercent) / 100);
  const minHealthy = Math.ceil((desired * input.minimumHealthyPercent) / 100);
  const primaryTasks = primary.running + primary.pending;
  const total = primaryTasks + older.running + older.pending;
  const start = input.mayLaunch ? Math.max(0, Math.min(desired - primaryTasks, maxTasks - total)) : 0;
  const stopPrimary = Math.max(0, primaryTasks - desired);
  const healthy = primary.running + older.running;
  const stopOlderRunning = Math.min(older.running, Math.max(0, healthy - minHealthy));
  const stopOlderPending = older.pending;
  const unfinished = older.running + older.pending > 0 || primaryTasks < desired;
  const deadlocked =
    unfinished &&
    input.mayLaunch &&
    primary.pending === 0 &&
    start + stopOlderRunning + stopOlderPending === 0;
  return { start, stopOlderPending, stopOlderRunning, stopPrimary, deadlocked };
}

const throttleStartMs = 5_000;
const throttleCapMs = 15 * 60_000;

/**
 * ref ecs-services-elb-logs §2.5: after tasks repeatedly fail to reach RUNNING "the time between subsequent restart
 * attempts is incrementally increased up to a maximum of 15 minutes". AWS publishes neither the first delay nor the
 * growth (UNCONFIRMED): berth waits 5 s after the first failure and doubles, so a circuit breaker with threshold 3
 * trips within a minute locally (launches at 0 s, ≈5 s, ≈15 s).
 */
export function launchDelayMs(consecutiveFailures: number): number {
  if (consecutiveFailures <= 0) return 0;
  return Math.min(throttleCapMs, throttleStartMs * 2 ** (consecutiveFailures - 1));
}

/** After how many consecutive failed launches berth says the service "is unable to consistently start tasks". */
export const throttleEventFailures = 3;

/**
 * A deployment id: `ecs-svc/` and 19 decimal digits, zero-padded (ref ecs-services-elb-logs §1.4), from 8 random
 * bytes (below 2^63, as the observed ids are).
 */
export function deploymentId(bytes: Uint8Array): string {
  let n = 0n;
  for (const byte of bytes.subarray(0, 8)) n = (n << 8n) | BigInt(byte);
  n &= (1n << 63n) - 1n;
  return `ecs-svc/${n.toString().padStart(19, '0')}`;
}
