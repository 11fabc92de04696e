/**
 * A service's tasks as load-balancer targets (ref ecs-services-elb-logs §5): checked at CreateService, registered once
 * RUNNING, their health learnt, deregistered and drained before the scheduler stops them. A target is the task's
 * awsvpc address and the containerPort, or for bridge and host modes the container's host binding (the host's
 * loopback when bound to all addresses: berth's load balancer runs on this host).
 */
import { serviceErrorTexts, serviceEvents } from '../../engines/ecs/index.js';
import type { TaskRecord } from './domain/documents.js';
import type { LoadBalancerConfig, ServiceDocument } from './domain/service-documents.js';
import { ecsErrors } from './errors.js';
import type { LoadBalancerPort, Target } from './load-balancer-port.js';

export interface TaskTarget {
  readonly targetGroupArn: string;
  readonly target: Target;
}

/** What the scheduler learns of a task's targets. */
export interface TargetVerdict {
  readonly healthy: boolean;
  /** The first unhealthy target, with ELB's description of why. */
  readonly unhealthy?: {
    readonly targetGroupArn: string;
    readonly port: number;
    readonly description: string;
  };
}

export class ServiceTargets {
  /** undefined when this berth up has no load balancer. */
  readonly #port: () => Promise<LoadBalancerPort | undefined>;

  constructor(port: () => Promise<LoadBalancerPort | undefined>) {
    this.#port = port;
  }

  /** CreateService's checks of `loadBalancers` (ref §1.7). */
  async check(loadBalancers: readonly LoadBalancerConfig[], networkMode: string | undefined): Promise<void> {
    const groups = loadBalancers.flatMap((lb) =>
      lb.targetGroupArn === undefined ? [] : [lb.targetGroupArn],
    );
    if (groups.length === 0) return;
    const port = await this.#port();
    for (const arn of groups) {
      const found = port ? await port.describe(arn) : undefined;
      if (!found) throw ecsErrors.invalidParameter(serviceErrorTexts.noAssociatedLoadBalancer(arn));
      if (found.targetType === 'instance' && networkMode === 'awsvpc')
        throw ecsErrors.invalidParameter(serviceErrorTexts.instanceTargetWithAwsvpc(arn));
    }
  }

  /** Registers a RUNNING task; the E3 events said. */
  async register(service: ServiceDocument, task: TaskRecord): Promise<string[]> {
    const port = await this.#port();
    if (!port) return [];
    const said: string[] = [];
    for (const { targetGroupArn, target } of targetsOf(service, task)) {
      await port.register(targetGroupArn, [target]);
      said.push(serviceEvents.registeredTargets(service.serviceName, 1, targetGroupArn));
    }
    return said;
  }

  /**
   * Deregisters tasks before they are stopped: the E5 and E6 events (said at the same instant, ref §5) and a promise
   * that resolves when every target has drained (or failed to).
   */
  async deregister(
    service: ServiceDocument,
    tasks: readonly TaskRecord[],
  ): Promise<{ said: string[]; drained: Promise<unknown> }> {
    const port = await this.#port();
    const byGroup = new Map<string, Target[]>();
    for (const task of tasks)
      for (const { targetGroupArn, target } of targetsOf(service, task))
        byGroup.set(targetGroupArn, [...(byGroup.get(targetGroupArn) ?? []), target]);
    if (!port || byGroup.size === 0) return { said: [], drained: Promise.resolve() };
    const said: string[] = [];
    const drains: Promise<unknown>[] = [];
    for (const [arn, targets] of byGroup) {
      drains.push(port.deregister(arn, targets).catch(() => undefined));
      said.push(serviceEvents.deregisteredTargets(service.serviceName, targets.length, arn));
    }
    const deployments = new Set(tasks.map((task) => task.startedBy ?? ''));
    for (const id of deployments)
      said.push(
        serviceEvents.drainingConnections(
          service.serviceName,
          id,
          tasks.filter((task) => (task.startedBy ?? '') === id).length,
        ),
      );
    return { said, drained: Promise.all(drains) };
  }

  /** Each RUNNING task's verdict: healthy when every one of its targets is (a task without LB: RUNNING is enough). */
  async verdicts(
    service: ServiceDocument,
    tasks: readonly TaskRecord[],
  ): Promise<Map<string, TargetVerdict>> {
    const verdicts = new Map<string, TargetVerdict>();
    const port = service.loadBalancers.length > 0 ? await this.#port() : undefined;
    const health = new Map<string, Awaited<ReturnType<LoadBalancerPort['health']>>>();
    for (const task of tasks) {
      if (task.lastStatus !== 'RUNNING') continue;
      const targets = port ? targetsOf(service, task) : [];
      let healthy = true;
      let unhealthy: TargetVerdict['unhealthy'];
      for (const { targetGroupArn, target } of targets) {
        if (!health.has(targetGroupArn)) health.set(targetGroupArn, await port!.health(targetGroupArn));
        const state = health
          .get(targetGroupArn)!
          .find((entry) => entry.id === target.id && entry.port === target.port);
        if (state?.state !== 'healthy') healthy = false;
        if (state?.state === 'unhealthy' && !unhealthy)
          unhealthy = {
            targetGroupArn,
            port: target.port,
            description: state.description ?? state.reason ?? '',
          };
      }
      verdicts.set(task.taskArn, unhealthy ? { healthy, unhealthy } : { healthy });
    }
    return verdicts;
  }

  /** Calls `listener` with each target group whose targets change health, once a load balancer is there. */
  async watch(listener: (targetGroupArn: string) => void): Promise<void> {
    const port = await this.#port();
    port?.onHealthChange((arn) => listener(arn));
  }
}

/** The task's targets, one per `loadBalancers` entry with a target group. */
export function targetsOf(service: ServiceDocument, task: TaskRecord): TaskTarget[] {
  const targets: TaskTarget[] = [];
  for (const lb of service.loadBalancers) {
    if (lb.targetGroupArn === undefined || lb.containerPort === undefined) continue;
    const target = targetOf(task, lb);
    if (target) targets.push({ targetGroupArn: lb.targetGroupArn, target });
  }
  return targets;
}

function targetOf(task: TaskRecord, lb: LoadBalancerConfig): Target | undefined {
  if (task.networkMode === 'awsvpc') {
    const eni = task.attachments.find((a) => a.type === 'ElasticNetworkInterface');
    const address = eni?.details.find((d) => d.name === 'privateIPv4Address')?.value;
    return address === undefined ? undefined : { id: address, port: lb.containerPort! };
  }
  const container = task.containers.find((c) => c.name === lb.containerName) ?? task.containers[0];
  const binding = (container?.networkBindings ?? []).find(
    (b) => (b as { containerPort?: number }).containerPort === lb.containerPort,
  ) as { bindIP?: string; hostPort?: number } | undefined;
  if (binding?.hostPort === undefined) return undefined;
  const ip = binding.bindIP === undefined || binding.bindIP === '0.0.0.0' ? '127.0.0.1' : binding.bindIP;
  return { id: ip, port: binding.hostPort };
}
