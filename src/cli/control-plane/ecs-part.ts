import { AddressPool } from '../../agent/network/address-pool.js';
import { parseCidr } from '../../agent/network/cidr.js';
import { once } from '../../engines/concurrency/index.js';
import type { TaskAgentPort, TaskStateSink } from '../../engines/ecs/index.js';
import type { TaskRecord } from '../../services/ecs/domain/documents.js';
import { ecsRouting } from '../../services/ecs/ecs-routing.js';
import type { EcsService } from '../../services/ecs/index.js';
import { ecsCollections } from '../../services/ecs/store.js';
import { badInput } from '../cli-error.js';
import { iamStsPort } from './iam-sts-part.js';
import { lazyService, type Part, type PartDeps, portKey, provide } from './part.js';
import { describeFailure, taskNetworkOptions } from './task-network.js';

/** The ECS service, for what reaches it without an API (tests feed the agent's reports through it). */
export const ecsPort = portKey<EcsService>('ecs');

/** An agent with the lifecycle `berth up` drives: started with ECS's sink before ECS answers, closed at exit. */
export interface ManagedTaskAgent extends TaskAgentPort {
  start(sink: TaskStateSink): Promise<void>;
  close(): Promise<void>;
}

export interface EcsPartSetup {
  /** The agent tasks run on; default this host's (runc, a bridge and a netns per task). */
  readonly agent?: (deps: PartDeps) => ManagedTaskAgent;
}

interface EcsPartOptions {
  /** `--task-cidr`: the awsvpc task address range; default the network provider's. */
  readonly taskCidr: string;
}

/**
 * ECS with this host's task agent. ECS, the agent and its adapters load on ECS's first request — unless the previous
 * `berth up` left tasks unfinished: then they load at start, so that those tasks are reported STOPPED (with the
 * recovery reason) and their containers and networks removed before anyone can ask. The task range is checked
 * against the host's routes once the endpoint listens (it runs `ip`): the warning says so once.
 */
export function ecsPart(setup: EcsPartSetup = {}): Part<EcsPartOptions> {
  return {
    name: 'ecs',
    requires: [iamStsPort],
    provides: [ecsPort],
    options: {
      taskCidr: {
        flags: '--task-cidr <cidr>',
        description: 'awsvpc task addresses, on a host bridge (default 10.213.0.0/16)',
        parse: parseTaskCidr,
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
        agent = setup.agent ? setup.agent(deps) : await hostAgent(deps, options.taskCidr);
        const ecs = createEcsService({ ...deps, ...ecsExecutionRoles(roles), agent });
        await agent.start(ecs.taskStates);
        // The agent reported what it had recorded; a task it never recorded (berth stopped between RunTask's write
        // and the launch) is stopped here, with the same words.
        for (const taskArn of ecs.unfinishedTasks()) {
          ecs.taskStates.submit({ taskArn, lastStatus: 'STOPPED', stoppedReason: recoveredReason });
        }
        return ecs;
      });
      return {
        services: [lazyService(ecsRouting, async () => (await load()).definition)],
        provides: [provide(ecsPort, load)],
        start: async () => {
          if (hasUnfinishedTasks(deps)) await load();
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

async function hostAgent(deps: PartDeps, taskCidr: string | undefined): Promise<ManagedTaskAgent> {
  const { HostTaskAgent } = await import('./host-task-agent.js');
  const { stateDir, persistence, clock, log, endpoint } = deps;
  return new HostTaskAgent({
    stateDir,
    persistence,
    clock,
    log,
    endpoint,
    ...(taskCidr === undefined ? {} : { taskCidr }),
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

function hasUnfinishedTasks(deps: PartDeps): boolean {
  return deps.persistence
    .list<TaskRecord>(ecsCollections.tasks)
    .some((task) => task.lastStatus !== 'STOPPED');
}

function parseTaskCidr(cidr: string): string {
  try {
    new AddressPool(parseCidr(cidr));
  } catch (error) {
    throw badInput(`--task-cidr: ${(error as Error).message}`);
  }
  return cidr;
}
