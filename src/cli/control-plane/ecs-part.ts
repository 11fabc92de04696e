import { AddressPool } from '../../agent/network/address-pool.js';
import { parseCidr } from '../../agent/network/cidr.js';
import { once } from '../../engines/concurrency/index.js';
import type { TaskAgentPort, TaskStateSink } from '../../engines/ecs/index.js';
import { systemTimer, type Timer } from '../../ports/index.js';
import type { RegistryHostOptions } from '../../registry/client/index.js';
import type { TaskRecord } from '../../services/ecs/domain/documents.js';
import type { ServiceDocument } from '../../services/ecs/domain/service-documents.js';
import { ecsRouting } from '../../services/ecs/ecs-routing.js';
import type { EcsService } from '../../services/ecs/index.js';
import type { LoadBalancerPort } from '../../services/ecs/load-balancer-port.js';
import type { NetworkRecordsPort } from '../../services/ecs/network-records-port.js';
import { ecsCollections } from '../../services/ecs/store.js';
import { badInput } from '../cli-error.js';
import { parseInsecureRegistries, parseRegistryCas } from '../registry-trust.js';
import { iamStsPort } from './iam-sts-part.js';
import { lazyService, type Part, type PartDeps, portKey, provide } from './part.js';
import { describeFailure, taskNetworkOptions } from './task-network.js';

/** The ECS service, for what reaches it without an API (tests feed the agent's reports through it). */
export const ecsPort = portKey<EcsService>('ecs');

/**
 * Elastic Load Balancing's target groups as ECS services use them (services/ecs/load-balancer-port.ts), provided by
 * the ELB part's glue (ecs-elb-port.ts). Required only when the ECS part is set up with `elbTargets`, and loaded on
 * the first service with a load balancer.
 */
export const elbTargetsPort = portKey<LoadBalancerPort>('elb-targets');

/**
 * EC2's network records as ECS checks awsvpc subnets and security groups against them
 * (services/ecs/network-records-port.ts), provided by the EC2 part. Required only when the ECS part is set up with
 * `networkRecords`, and loaded on the first awsvpc RunTask/CreateService/UpdateService.
 */
export const networkRecordsPort = portKey<NetworkRecordsPort>('network-records');

/** An agent with the lifecycle `berth up` drives: started with ECS's sink before ECS answers, closed at exit. */
export interface ManagedTaskAgent extends TaskAgentPort {
  start(sink: TaskStateSink): Promise<void>;
  close(): Promise<void>;
}

export interface EcsPartSetup {
  /** The agent tasks run on; default this host's (runc, a bridge and a netns per task). */
  readonly agent?: (deps: PartDeps) => ManagedTaskAgent;
  /** The service scheduler's timers; default the process's (tests move a FakeTimer). */
  readonly timer?: Timer;
  /** Services may use load balancers: ECS requires elbTargetsPort (without it a target group is refused). */
  readonly elbTargets?: boolean;
  /** awsvpc subnets and security groups must exist: ECS requires networkRecordsPort (EC2's records). */
  readonly networkRecords?: boolean;
}

interface EcsPartOptions {
  /** `--task-cidr`: the awsvpc task address range; default the network provider's. */
  readonly taskCidr: string;
  /** `--registry-ca`: CA bundles per registry host, for EC2-launch-type pulls (registry-trust.ts). */
  readonly registryCa: Record<string, RegistryHostOptions>;
  /** `--insecure-registry`: plain-HTTP registry hosts, for EC2-launch-type pulls. */
  readonly insecureRegistry: string[];
}

/**
 * ECS with this host's task agent. ECS, the agent and its adapters load on ECS's first request — unless the previous
 * `berth up` left tasks unfinished or services not INACTIVE: then they load at start, so that those tasks are
 * reported STOPPED (with the recovery reason) and their containers and networks removed before anyone can ask, and
 * the service scheduler carries on from the stored services (replacing those tasks). The task range is checked
 * against the host's routes once the endpoint listens (it runs `ip`): the warning says so once.
 */
export function ecsPart(setup: EcsPartSetup = {}): Part<EcsPartOptions> {
  return {
    name: 'ecs',
    requires: [
      iamStsPort,
      ...(setup.elbTargets ? [elbTargetsPort] : []),
      ...(setup.networkRecords ? [networkRecordsPort] : []),
    ],
    provides: [ecsPort],
    options: {
      taskCidr: {
        flags: '--task-cidr <cidr>',
        description: 'awsvpc task addresses, on a host bridge (default 10.213.0.0/16)',
        parse: parseTaskCidr,
      },
      registryCa: {
        flags: '--registry-ca <host=file,...>',
        description:
          "trust this PEM CA bundle for a registry host in EC2 tasks' pulls, as a container instance's daemon does (Fargate never does)",
        parse: (raw) => parseRegistryCas(raw),
      },
      insecureRegistry: {
        flags: '--insecure-registry <host,...>',
        description:
          "plain HTTP for these registry hosts in EC2 tasks' pulls (daemon.json insecure-registries)",
        parse: parseInsecureRegistries,
      },
    },
    build({ deps, need }, options) {
      let agent: ManagedTaskAgent | undefined;
      const load = once(async () => {
        const [{ createEcsService }, { recoveredReason }, { ecsExecutionRoles }, roles] = await Promise.all([
          import('../../services/ecs/index.js'),
          import('../../agent/task/task-agent.js'),
          import('./ecs-execution-roles.js'),
          need(iamStsPort),
        ]);
        agent = setup.agent ? setup.agent(deps) : await hostAgent(deps, options);
        const ecs = createEcsService({
          ...deps,
          ...ecsExecutionRoles(roles),
          agent,
          timer: setup.timer ?? systemTimer,
          ...(setup.elbTargets ? { loadBalancers: () => need(elbTargetsPort) } : {}),
          ...(setup.networkRecords ? { networkRecords: () => need(networkRecordsPort) } : {}),
        });
        await agent.start(ecs.taskStates);
        // The agent reported what it had recorded; a task it never recorded (berth stopped between RunTask's write
        // and the launch) is stopped here, with the same words.
        for (const taskArn of ecs.unfinishedTasks()) {
          ecs.taskStates.submit({ taskArn, lastStatus: 'STOPPED', stoppedReason: recoveredReason });
        }
        ecs.resumeServices();
        return ecs;
      });
      return {
        services: [lazyService(ecsRouting, async () => (await load()).definition)],
        provides: [provide(ecsPort, load)],
        start: async () => {
          if (hasUnfinishedWork(deps)) await load();
        },
        listening: () => {
          if (!setup.agent) checkTaskRange(deps, options.taskCidr);
        },
        stop: async () => {
          await agent?.close();
        },
      };
    },
  };
}

async function hostAgent(deps: PartDeps, options: Partial<EcsPartOptions>): Promise<ManagedTaskAgent> {
  const { HostTaskAgent } = await import('./host-task-agent.js');
  const { stateDir, persistence, clock, log, endpoint } = deps;
  const { taskCidr, registryCa, insecureRegistry } = options;
  return new HostTaskAgent({
    stateDir,
    persistence,
    clock,
    log,
    endpoint,
    ...(taskCidr === undefined ? {} : { taskCidr }),
    registryTrust: { hosts: registryCa ?? {}, insecureHosts: insecureRegistry ?? [] },
  });
}

/**
 * Whether the task range is free on this host, asked when berth up starts (a task would find out when the bridge is
 * made): berth up still serves the AWS APIs and the registry where tasks cannot run, each task then stops with the
 * reason; the log says it once, now.
 */
function checkTaskRange(deps: PartDeps, taskCidr: string | undefined): void {
  import('../../adapters/netns/index.js')
    .then(({ IprouteNetworkProvider }) =>
      new IprouteNetworkProvider(taskNetworkOptions(deps.stateDir, deps.endpoint, taskCidr)).checkRange(),
    )
    .catch((error: unknown) => deps.log.warn(`tasks may not run on this host: ${describeFailure(error)}`));
}

/** Tasks not yet STOPPED, or services the scheduler must keep running (or finish draining). */
function hasUnfinishedWork(deps: PartDeps): boolean {
  const { persistence } = deps;
  return (
    persistence.list<TaskRecord>(ecsCollections.tasks).some((task) => task.lastStatus !== 'STOPPED') ||
    persistence
      .list<ServiceDocument>(ecsCollections.services)
      .some((service) => service.status !== 'INACTIVE')
  );
}

function parseTaskCidr(cidr: string): string {
  try {
    new AddressPool(parseCidr(cidr));
  } catch (error) {
    throw badInput(`--task-cidr: ${(error as Error).message}`);
  }
  return cidr;
}
