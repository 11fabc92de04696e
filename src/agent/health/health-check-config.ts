/**
 * A container definition's `healthCheck` as the agent runs it (ref ecs-services-elb-logs §3.1): `command` starting
 * with CMD runs its arguments directly, CMD-SHELL runs the rest with the container's shell (`/bin/sh -c`, as Docker
 * does on Linux), neither runs the whole array (the 2023 guide: "If neither is specified, CMD is used"). Defaults:
 * interval 30 s, timeout 5 s, retries 3, no start period. The ranges (interval 5–300, timeout 2–60, retries 1–10,
 * startPeriod 0–300) are RegisterTaskDefinition's to enforce; the agent clamps into them so that a value it is
 * given anyway cannot make it probe in a tight loop.
 */
import type { ContainerDefinition } from '../../engines/ecs/index.js';

export interface HealthCheckConfig {
  /** The probe's argv inside the container. */
  readonly args: readonly string[];
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly startPeriodMs: number;
}

interface HealthCheckDefinition {
  readonly command?: readonly string[];
  readonly interval?: number;
  readonly timeout?: number;
  readonly retries?: number;
  readonly startPeriod?: number;
}

const seconds = 1000;

/** The container's health check, or undefined when its definition has none (or an empty command). */
export function healthCheckOf(definition: ContainerDefinition): HealthCheckConfig | undefined {
  const check = definition['healthCheck'] as HealthCheckDefinition | undefined;
  const args = probeArgs(check?.command ?? []);
  if (!check || args.length === 0) return undefined;
  return {
    args,
    intervalMs: clamp(check.interval ?? 30, 5, 300) * seconds,
    timeoutMs: clamp(check.timeout ?? 5, 2, 60) * seconds,
    retries: clamp(check.retries ?? 3, 1, 10),
    startPeriodMs: clamp(check.startPeriod ?? 0, 0, 300) * seconds,
  };
}

function probeArgs(command: readonly string[]): string[] {
  const [kind, ...rest] = command;
  if (kind === 'CMD') return rest;
  if (kind === 'CMD-SHELL') return rest.length === 0 ? [] : ['/bin/sh', '-c', rest.join(' ')];
  return [...command];
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
