/**
 * The stored services as the scheduler and the task reports change them: every change re-reads and writes the service
 * in one transaction (never held across an await, so concurrent reports are not lost), events are added with fresh
 * ids, and a failed launch is counted toward the circuit breaker and the launch throttle (ref ecs-services-elb-logs
 * §2.3, §2.5).
 */
import { launchDelayMs, serviceEvents, throttleEventFailures } from '../../engines/ecs/index.js';
import type { Clock, Random } from '../../ports/index.js';
import { newUuid } from './domain/ids.js';
import { withEvents } from './domain/service-changes.js';
import type { ServiceDocument } from './domain/service-documents.js';
import type { EcsStore } from './store.js';

/** Where a service is stored. A ServiceDocument is its own ref. */
export interface ServiceRef {
  readonly account: string;
  readonly region: string;
  readonly clusterName: string;
  readonly serviceName: string;
}

export const serviceKey = (ref: ServiceRef) =>
  `${ref.account}/${ref.region}/${ref.clusterName}/${ref.serviceName}`;

export class ServiceRecords {
  readonly #store: EcsStore;
  readonly #clock: Clock;
  readonly #random: Random;

  constructor(store: EcsStore, clock: Clock, random: Random) {
    this.#store = store;
    this.#clock = clock;
    this.#random = random;
  }

  read(ref: ServiceRef): ServiceDocument | undefined {
    return this.#store.service(ref.account, ref.region, ref.clusterName, ref.serviceName);
  }

  /** Reads, edits and writes the stored service in one transaction; the result, or undefined if it is gone. */
  update(ref: ServiceRef, edit: (service: ServiceDocument) => ServiceDocument): ServiceDocument | undefined {
    return this.#store.transaction(() => {
      const service = this.read(ref);
      if (!service) return undefined;
      const next = edit(service);
      if (next !== service) this.#store.putService(next);
      return next;
    });
  }

  say(ref: ServiceRef, messages: readonly string[]): void {
    if (messages.length === 0) return;
    const now = this.#clock.now();
    this.update(ref, (s) => this.withEvents(s, messages, now));
  }

  withEvents(service: ServiceDocument, messages: readonly string[], now: Date): ServiceDocument {
    return withEvents(service, messages, now, () => newUuid(this.#random));
  }

  /**
   * A launch of `deploymentId` failed (a task stopped before RUNNING, or the launch was refused): one more failure for
   * the deployment while none of its tasks has run, and the next launch waits longer; E16 at the third in a row.
   */
  failedLaunch(service: ServiceDocument, deploymentId: string | undefined, now: Date): ServiceDocument {
    const launchFailures = service.launchFailures + 1;
    const deployments = service.deployments.map((d) =>
      d.id === deploymentId && !d.hadRunningTask ? { ...d, failedTasks: d.failedTasks + 1 } : d,
    );
    const next = {
      ...service,
      deployments,
      launchFailures,
      nextLaunchAt: new Date(now.getTime() + launchDelayMs(launchFailures)).toISOString(),
    };
    const said =
      launchFailures === throttleEventFailures
        ? [serviceEvents.unableToStartConsistently(service.serviceName)]
        : [];
    return this.withEvents(next, said, now);
  }
}
