/**
 * The service scheduler (ref ecs-services-elb-logs §2): keeps each ACTIVE service at desiredCount RUNNING tasks,
 * replaces tasks that stop (any cause), rolls deployments within maximumPercent / minimumHealthyPercent, trips the
 * circuit breaker and rolls back, throttles failing launches, and drains a deleted service to INACTIVE.
 *
 * It is driven by the agent's task reports (service-task-reports.ts), by the API (`poke` after Create/Update/Delete) and by the
 * Timer (throttled launches). Each service reconciles one run at a time (a keyed queue); the stored service is re-read
 * and written in one transaction for every change, never held across an await, so a report that arrives while a
 * launch is awaited is not lost. Everything it needs is in the store, so `resume()` after a restart carries on.
 */

import { isServiceError } from '../../aws/index.js';
import { KeyedSerialQueue } from '../../engines/concurrency/index.js';
import {
  circuitBreakerThreshold,
  launchDelayMs,
  rollingStep,
  schedulerStopReasons,
  serviceEvents,
  serviceLifecycle,
} from '../../engines/ecs/index.js';
import type { Clock, Timer } from '../../ports/index.js';
import type { TaskRecord } from './domain/documents.js';
import { liveTasks } from './domain/render-service.js';
import { complete, primaryOf, retire, tripCircuitBreaker } from './domain/service-changes.js';
import type { ServiceDocument } from './domain/service-documents.js';
import { type ServiceRecords, type ServiceRef, serviceKey } from './service-records.js';
import type { ServiceTargets, TargetVerdict } from './service-targets.js';
import type { EcsStore } from './store.js';
import type { TaskRunner } from './task-runner.js';
import type { Tasks } from './tasks.js';

export interface SchedulerParts {
  readonly store: EcsStore;
  readonly runner: TaskRunner;
  readonly tasks: () => Tasks;
  readonly clock: Clock;
  readonly timer: Timer;
  readonly records: ServiceRecords;
  readonly targets: ServiceTargets;
}

/** RunTask's limit per call, kept for the scheduler's batches too. */
const launchBatch = 10;

export class ServiceScheduler {
  readonly #p: SchedulerParts;
  readonly #queue = new KeyedSerialQueue<string>();
  readonly #timers = new Map<string, { at: number; cancel: () => void }>();
  #watching = false;

  constructor(parts: SchedulerParts) {
    this.#p = parts;
  }

  /** Reconciles `ref` after `ms` (0: soon), unless a reconcile is already due earlier. */
  poke(ref: ServiceRef, ms = 0): void {
    const key = serviceKey(ref);
    const at = this.#p.clock.now().getTime() + ms;
    const pending = this.#timers.get(key);
    if (pending && pending.at <= at) return;
    pending?.cancel();
    const cancel = this.#p.timer.after(ms, () => {
      this.#timers.delete(key);
      return this.#queue.run(key, () => this.#reconcile(ref));
    });
    this.#timers.set(key, { at, cancel });
  }

  /** After a restart: every service not yet INACTIVE carries on from the stored state. */
  resume(): void {
    for (const service of this.#p.store.allServices()) if (service.status !== 'INACTIVE') this.poke(service);
  }

  async #reconcile(ref: ServiceRef): Promise<void> {
    const now = () => this.#p.clock.now();
    let service = this.#p.records.read(ref);
    if (!service || service.status === 'INACTIVE') return;
    if (service.status === 'DRAINING') return this.#drain(ref, service);
    if (service.loadBalancers.length > 0) this.#watch();

    const primary = primaryOf(service);
    const breaker = service.deploymentConfiguration.deploymentCircuitBreaker;
    const threshold = circuitBreakerThreshold(service.desiredCount, breaker.thresholdConfiguration);
    if (breaker.enable && primary.rolloutState === 'IN_PROGRESS' && primary.failedTasks >= threshold) {
      service = this.#p.records.update(ref, (s) => {
        const tripped = tripCircuitBreaker(s, now());
        return this.#p.records.withEvents(tripped.service, tripped.messages, now());
      })!;
      const failedTasks = this.#live(service).filter(
        (t) => t.startedBy === primary.id && t.desiredStatus === 'RUNNING',
      );
      await this.#stop(service, failedTasks, primary.id);
      if (failedTasks.length > 0)
        this.#p.records.say(ref, [serviceEvents.stoppedPending(service.serviceName, failedTasks.length)]);
      service = this.#p.records.read(ref)!;
    }

    const current = primaryOf(service);
    const desired = this.#live(service).filter((t) => t.desiredStatus === 'RUNNING');
    const verdicts = await this.#p.targets.verdicts(service, desired);
    const failing = await this.#replaceUnhealthy(ref, service, desired, verdicts, current.id);
    const live = desired.filter((t) => !failing.includes(t));
    const healthy = (t: TaskRecord) => verdicts.get(t.taskArn)?.healthy === true;
    const mine = live.filter((t) => t.startedBy === current.id);
    const older = live.filter((t) => t.startedBy !== current.id);
    const throttledMs =
      service.nextLaunchAt === undefined ? 0 : Date.parse(service.nextLaunchAt) - now().getTime();
    const step = rollingStep({
      desiredCount: service.desiredCount,
      maximumPercent: service.deploymentConfiguration.maximumPercent,
      minimumHealthyPercent: service.deploymentConfiguration.minimumHealthyPercent,
      primary: counted(mine, healthy),
      older: counted(older, healthy),
      mayLaunch: current.rolloutState !== 'FAILED' && throttledMs <= 0,
    });

    const running = (tasks: TaskRecord[]) => tasks.filter((t) => t.lastStatus === 'RUNNING');
    const pending = (tasks: TaskRecord[]) => tasks.filter((t) => t.lastStatus !== 'RUNNING');
    const excess = [...pending(mine), ...running(mine)].slice(0, step.stopPrimary);
    const stopRunning = [...running(older).slice(0, step.stopOlderRunning), ...running(excess)];
    const stopPending = [...pending(older).slice(0, step.stopOlderPending), ...pending(excess)];
    await this.#stop(service, [...stopRunning, ...stopPending], current.id);
    if (stopRunning.length > 0)
      this.#p.records.say(ref, [
        serviceEvents.stoppedRunning(
          service.serviceName,
          stopRunning.map((t) => t.taskId),
        ),
      ]);
    if (step.deadlocked && service.deadlockReported !== current.id) {
      this.#p.records.update(ref, (s) => ({ ...s, deadlockReported: current.id }));
      this.#p.records.say(ref, [serviceEvents.deploymentDeadlocked(service.serviceName)]);
    }
    if (step.start > 0) await this.#launch(ref, service, current.id, step.start);
    else if (throttledMs > 0 && mine.length < service.desiredCount) this.poke(ref, throttledMs);
    this.#settle(ref, healthy);
  }

  /**
   * Tasks whose target turned unhealthy after the grace period (healthCheckGracePeriodSeconds from the task's start)
   * are stopped with ECS's reason, after E13; the rolling step then starts their replacements (ref §5). A task still
   * in its grace period is looked at again when it ends.
   */
  async #replaceUnhealthy(
    ref: ServiceRef,
    service: ServiceDocument,
    tasks: readonly TaskRecord[],
    verdicts: ReadonlyMap<string, TargetVerdict>,
    deploymentId: string,
  ): Promise<TaskRecord[]> {
    const now = this.#p.clock.now().getTime();
    const grace = service.healthCheckGracePeriodSeconds * 1000;
    const failing: TaskRecord[] = [];
    for (const task of tasks) {
      const unhealthy = verdicts.get(task.taskArn)?.unhealthy;
      if (!unhealthy) continue;
      const graceLeft = Date.parse(task.startedAt ?? task.createdAt) + grace - now;
      if (graceLeft > 0) {
        this.poke(ref, graceLeft);
        continue;
      }
      const { targetGroupArn, port, description } = unhealthy;
      this.#p.records.say(ref, [
        serviceEvents.unhealthyTarget(service.serviceName, task.taskId, port, targetGroupArn, description),
      ]);
      await this.#stop(service, [task], deploymentId, schedulerStopReasons.elbHealthChecks(targetGroupArn));
      failing.push(task);
    }
    return failing;
  }

  /** Learns of target health changes once a service has a load balancer; each change reconciles its services. */
  #watch(): void {
    if (this.#watching) return;
    this.#watching = true;
    void this.#p.targets.watch((targetGroupArn) => {
      for (const service of this.#p.store.allServices())
        if (
          service.status !== 'INACTIVE' &&
          service.loadBalancers.some((lb) => lb.targetGroupArn === targetGroupArn)
        )
          this.poke(service);
    });
  }

  /** Launches `count` PRIMARY tasks in batches; a refusal is E14 and a failed launch (ref §2.4, §2.5). */
  async #launch(
    ref: ServiceRef,
    service: ServiceDocument,
    deploymentId: string,
    count: number,
  ): Promise<void> {
    for (let left = count; left > 0; left -= launchBatch) {
      try {
        const tasks = await this.#p.runner.launch(
          { accountId: ref.account, region: ref.region },
          {
            cluster: service.clusterName,
            taskDefinition: primaryOf(service).taskDefinition,
            count: Math.min(left, launchBatch),
            launchType: service.launchType === 'EXTERNAL' ? undefined : service.launchType,
            capacityProviderStrategy: service.capacityProviderStrategy,
            platformVersion: service.platformVersion,
            networkConfigurationGiven: service.awsvpcConfiguration !== undefined,
            awsvpcConfiguration: service.awsvpcConfiguration,
            startedBy: deploymentId,
            group: `service:${service.serviceName}`,
            tags: service.propagateTags === 'SERVICE' ? service.tags : [],
            enableExecuteCommand: service.enableExecuteCommand,
          },
        );
        this.#p.records.say(ref, [
          serviceEvents.started(
            service.serviceName,
            tasks.map((t) => t.taskId),
          ),
        ]);
      } catch (error) {
        if (!isServiceError(error)) throw error;
        const now = this.#p.clock.now();
        this.#p.records.update(ref, (s) =>
          this.#p.records.failedLaunch(
            this.#p.records.withEvents(s, [serviceEvents.unableToPlace(s.serviceName, error.message)], now),
            deploymentId,
            now,
          ),
        );
        this.poke(ref, launchDelayMs(this.#p.records.read(ref)?.launchFailures ?? 1));
        return;
      }
    }
  }

  /** Retires deployments without tasks; a PRIMARY with desiredCount RUNNING and nothing else is steady (E7, E8). */
  #settle(ref: ServiceRef, healthy: (task: TaskRecord) => boolean): void {
    const now = this.#p.clock.now();
    this.#p.records.update(ref, (service) => {
      const live = this.#live(service);
      let next = service;
      for (const d of service.deployments)
        if (d.status === 'ACTIVE' && !live.some((t) => t.startedBy === d.id)) next = retire(next, d.id, now);
      const primary = primaryOf(next);
      const others = next.deployments.filter((d) => d.status === 'ACTIVE').length;
      const running = live.filter((t) => t.startedBy === primary.id && healthy(t));
      const steady =
        others === 0 && live.length === next.desiredCount && running.length === next.desiredCount;
      if (!steady) return { ...next, steady: false };
      const said: string[] = [];
      if (primary.rolloutState === 'IN_PROGRESS') {
        next = complete(next, now);
        said.push(serviceEvents.deploymentCompleted(next.serviceName, primary.id));
      }
      if (!next.steady || said.length > 0) said.push(serviceEvents.steadyState(next.serviceName));
      return this.#p.records.withEvents({ ...next, steady: true }, said, now);
    });
  }

  /** DeleteService: every task stopped, then INACTIVE once none is left (ref §1.2). */
  async #drain(ref: ServiceRef, service: ServiceDocument): Promise<void> {
    const live = this.#live(service);
    const primary = primaryOf(service);
    const running = live.filter((t) => t.desiredStatus === 'RUNNING');
    await this.#stop(service, running, primary.id);
    const stoppedRunning = running.filter((t) => t.lastStatus === 'RUNNING');
    if (stoppedRunning.length > 0)
      this.#p.records.say(ref, [
        serviceEvents.stoppedRunning(
          service.serviceName,
          stoppedRunning.map((t) => t.taskId),
        ),
      ]);
    if (live.length === 0)
      this.#p.records.update(ref, (s) => ({ ...s, status: serviceLifecycle.next(s.status, 'INACTIVE') }));
  }

  /** Stops tasks; behind a load balancer the RUNNING ones are deregistered first and stop once drained (ref §5). */
  async #stop(
    service: ServiceDocument,
    tasks: readonly TaskRecord[],
    deploymentId: string,
    reason = schedulerStopReasons.scaling(deploymentId),
  ): Promise<void> {
    if (tasks.length === 0) return;
    const running = tasks.filter((t) => t.lastStatus === 'RUNNING');
    const { said, drained } = await this.#p.targets.deregister(service, running);
    this.#p.records.say(service, said);
    for (const task of tasks)
      this.#p.tasks().stopForScheduler(task, reason, running.includes(task) ? drained : undefined);
  }

  #live(service: ServiceDocument): TaskRecord[] {
    return liveTasks(service, this.#p.store.tasks(service.account, service.region, service.clusterName));
  }
}

/** Healthy RUNNING tasks count as running; the rest (pending, or running but not yet healthy) as pending. */
function counted(tasks: readonly TaskRecord[], healthy: (task: TaskRecord) => boolean) {
  const running = tasks.filter(healthy).length;
  return { running, pending: tasks.length - running };
}
