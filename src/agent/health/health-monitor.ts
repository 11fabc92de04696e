/**
 * The health checks of one task's containers, run as Docker's health monitor runs them for ECS: the first probe one
 * interval after the container started, then one per interval, each inside the container (the runtime's exec) with
 * the check's timeout; a probe that times out fails. Each verdict goes into the container's view and the task's
 * health, and is reported to the control plane when it changes. `healthy` settles each container's gate for
 * `dependsOn` HEALTHY: true at the first HEALTHY, false when that can no longer come first (UNHEALTHY, an exit, the
 * task stopping, no health check at all: ECS requires one for that condition).
 */
import type { ContainerDefinition } from '../../engines/ecs/index.js';
import type { Clock } from '../../ports/index.js';
import type { RunningContainer } from '../runtime/runtime.js';
import type { ContainerGates } from '../task/container-order.js';
import type { Sleep } from '../task/ports.js';
import type { TaskReporter } from '../task/task-reporter.js';
import { type HealthState, initialHealth, nextHealth, taskHealth } from './container-health.js';
import { healthCheckOf } from './health-check-config.js';

export interface HealthMonitorParts {
  readonly definitions: readonly ContainerDefinition[];
  readonly reporter: TaskReporter;
  readonly gates: ReadonlyMap<string, ContainerGates>;
  readonly clock: Clock;
  readonly sleep: Sleep;
  /** Aborted when the task stops: probing ends. */
  readonly signal: AbortSignal;
  /** An essential container became UNHEALTHY. */
  readonly onUnhealthy: (name: string) => void;
}

export class TaskHealthMonitor {
  readonly #p: HealthMonitorParts;

  constructor(parts: HealthMonitorParts) {
    this.#p = parts;
  }

  /** Starts probing a container that just started; one without a check (or a runtime without exec) is never HEALTHY. */
  watch(definition: ContainerDefinition, container: RunningContainer): void {
    const gates = this.#p.gates.get(definition.name)!;
    const check = healthCheckOf(definition);
    if (check === undefined || container.exec === undefined) {
      gates.healthy.resolve(false);
      if (check !== undefined)
        this.#p.reporter.note(`${definition.name}: this runtime cannot run health checks`);
      return;
    }
    const stopped = new AbortController();
    const abort = () => stopped.abort();
    this.#p.signal.addEventListener('abort', abort, { once: true });
    void gates.exited.promise.then(abort);
    this.#p.reporter.container(definition.name).health = { status: 'UNKNOWN', since: this.#p.clock.now() };
    void this.#probe(definition, container, check, stopped.signal).finally(() => {
      this.#p.signal.removeEventListener('abort', abort);
      gates.healthy.resolve(false);
    });
  }

  async #probe(
    definition: ContainerDefinition,
    container: RunningContainer,
    check: NonNullable<ReturnType<typeof healthCheckOf>>,
    signal: AbortSignal,
  ): Promise<void> {
    const { clock, sleep, reporter } = this.#p;
    const startedAt = clock.now().getTime();
    let state: HealthState = initialHealth;
    for (;;) {
      await sleep(check.intervalMs, signal);
      if (signal.aborted) return;
      const result = await container.exec!(check.args, check.timeoutMs);
      if (signal.aborted) return;
      const now = clock.now();
      const next = nextHealth(
        state,
        { passed: result.exitCode === 0, inStartPeriod: now.getTime() - startedAt < check.startPeriodMs },
        check.retries,
      );
      const view = reporter.container(definition.name);
      const changed = next.status !== state.status;
      view.health = {
        status: next.status,
        since: changed ? now : (view.health?.since ?? now),
        output: result.timedOut
          ? `Health check exceeded timeout (${check.timeoutMs / 1000}s)`
          : result.output,
      };
      state = next;
      if (changed) this.#changed(definition, next.status);
    }
  }

  #changed(definition: ContainerDefinition, status: HealthState['status']): void {
    const { reporter, definitions, gates } = this.#p;
    gates.get(definition.name)!.healthy.resolve(status === 'HEALTHY');
    reporter.healthStatus = taskHealth(
      definitions.map((d) => ({
        essential: d.essential !== false,
        ...(reporter.container(d.name).health ? { health: reporter.container(d.name).health!.status } : {}),
      })),
    );
    if (reporter.status === 'ACTIVATING' || reporter.status === 'RUNNING') reporter.submit();
    if (status === 'UNHEALTHY' && definition.essential !== false) this.#p.onUnhealthy(definition.name);
  }
}
