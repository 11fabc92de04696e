/**
 * What the agent's reports of service tasks mean to the scheduler (ref ecs-services-elb-logs §2.3, §2.5, §5).
 * Reaching RUNNING ends the deployment's failure count ("Once a service deployment has one or more successfully
 * running tasks, the failed task count resets to zero and stops being evaluated", API_Deployment) and the throttle;
 * stopping before RUNNING, not by ECS's or a user's hand, is a failed launch. Behind a load balancer a RUNNING task is
 * registered (E3) and one that stopped without the scheduler is deregistered. Every report then reconciles the service.
 */
import type { Clock } from '../../ports/index.js';
import type { TaskRecord } from './domain/documents.js';
import type { ServiceDocument } from './domain/service-documents.js';
import type { ServiceRecords, ServiceRef } from './service-records.js';
import type { ServiceTargets } from './service-targets.js';

export interface TaskReportParts {
  readonly records: ServiceRecords;
  readonly targets: ServiceTargets;
  readonly clock: Clock;
  /** Reconciles the service soon. */
  readonly poke: (ref: ServiceRef) => void;
}

export class ServiceTaskReports {
  readonly #p: TaskReportParts;

  constructor(parts: TaskReportParts) {
    this.#p = parts;
  }

  /** A task's stored state moved (Tasks' observer). */
  taskChanged(before: TaskRecord, after: TaskRecord): void {
    const serviceName = after.group.startsWith('service:') ? after.group.slice('service:'.length) : undefined;
    if (serviceName === undefined || before.lastStatus === after.lastStatus) return;
    const ref = { account: after.account, region: after.region, clusterName: after.clusterName, serviceName };
    const { records } = this.#p;
    const now = this.#p.clock.now();
    const service = records.read(ref);
    if (service && service.loadBalancers.length > 0) void this.#targetsOnChange(ref, service, after);
    if (after.lastStatus === 'RUNNING') {
      records.update(ref, (service) => {
        const { nextLaunchAt: _n, ...rest } = service;
        // resetOnHealthyTask false (2026-07): failures keep counting after a task ran.
        const reset = service.deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTask !== false;
        const deployments = service.deployments.map((d) =>
          d.id === after.startedBy && reset ? { ...d, hadRunningTask: true, failedTasks: 0 } : d,
        );
        return { ...rest, deployments, launchFailures: 0 };
      });
    } else if (after.lastStatus === 'STOPPED' && isFailedLaunch(after)) {
      records.update(ref, (service) => records.failedLaunch(service, after.startedBy, now));
    }
    this.#p.poke(ref);
  }

  async #targetsOnChange(ref: ServiceRef, service: ServiceDocument, task: TaskRecord): Promise<void> {
    const { targets, records } = this.#p;
    try {
      if (task.lastStatus === 'RUNNING') records.say(ref, await targets.register(service, task));
      else if (
        task.lastStatus === 'STOPPED' &&
        task.startedAt &&
        task.stopCode !== 'ServiceSchedulerInitiated'
      )
        records.say(ref, (await targets.deregister(service, [task])).said);
    } catch {
      // A target group deleted under the service: nothing to register with; its health never gates this task.
    }
    this.#p.poke(ref);
  }
}

/** A task that stopped without ever running, and not because ECS or a user stopped it (ref §2.3 stage 1). */
function isFailedLaunch(task: TaskRecord): boolean {
  return (
    task.startedAt === undefined &&
    task.stopCode !== 'ServiceSchedulerInitiated' &&
    task.stopCode !== 'UserInitiated'
  );
}
