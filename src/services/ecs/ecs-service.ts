import { type JsonServiceDefinition, withOperations } from '../../aws/index.js';
import type { TaskStateSink } from '../../engines/ecs/index.js';
import { Clusters } from './clusters.js';
import { EcsAccess } from './ecs-access.js';
import { ecsRouting } from './ecs-routing.js';
import type { EcsServiceDeps } from './ecs-service-deps.js';
import { ecsOperations } from './handlers.js';
import { ResourceTags } from './resource-tags.js';
import { ServiceRecords } from './service-records.js';
import { ServiceScheduler } from './service-scheduler.js';
import { ServiceTargets } from './service-targets.js';
import { ServiceTaskReports } from './service-task-reports.js';
import { Services } from './services.js';
import { EcsStore } from './store.js';
import { TaskDefinitions } from './task-definitions.js';
import { TaskRunner } from './task-runner.js';
import { Tasks } from './tasks.js';

export interface EcsService {
  readonly definition: JsonServiceDefinition;
  /** The agent's reports: merged into the stored task, which DescribeTasks then shows. */
  readonly taskStates: TaskStateSink;
  /** Every task not yet STOPPED (for `berth up` after a restart: the lead stops them with a reason). */
  unfinishedTasks(): readonly string[];
  /** After a restart: the scheduler carries on with every service not yet INACTIVE. */
  resumeServices(): void;
}

/**
 * The ECS control plane (AWS JSON 1.1, target prefix `AmazonEC2ContainerServiceV20141113`, signing name and action
 * prefix `ecs`): clusters, task definitions, tasks, services (kept running by the service scheduler). It assumes execution roles through `assumeRole` and hands tasks to
 * the agent through `agent`; the agent's reports come back through `taskStates`.
 */
export function createEcsService(deps: EcsServiceDeps): EcsService {
  const store = new EcsStore(deps.persistence);
  const access = new EcsAccess(deps.authorizer);
  const clusters = new Clusters(store, access, deps.clock, deps.partition);
  const definitions = new TaskDefinitions(store, access, deps.clock, deps.partition);
  // The scheduler stops tasks through Tasks, and Tasks tells it of every report: one is made before the other.
  let reports: ServiceTaskReports | undefined;
  const tasks = new Tasks(store, access, clusters, deps.clock, deps.agent, (before, after) =>
    reports?.taskChanged(before, after),
  );
  const runner = new TaskRunner({
    store,
    access,
    clusters,
    definitions,
    clock: deps.clock,
    random: deps.random,
    partition: deps.partition,
    assumeRole: deps.assumeRole,
    agent: deps.agent,
    ...(deps.networkRecords ? { networkRecords: deps.networkRecords } : {}),
  });
  const { loadBalancers } = deps;
  const targets = new ServiceTargets(async () => (loadBalancers ? loadBalancers() : undefined));
  const records = new ServiceRecords(store, deps.clock, deps.random);
  const scheduler = new ServiceScheduler({
    records,
    targets,
    store,
    runner,
    tasks: () => tasks,
    clock: deps.clock,
    timer: deps.timer,
  });
  reports = new ServiceTaskReports({
    records,
    targets,
    clock: deps.clock,
    poke: (ref) => scheduler.poke(ref),
  });
  const services = new Services({
    targets,
    store,
    access,
    clusters,
    runner,
    scheduler,
    clock: deps.clock,
    random: deps.random,
  });
  const tags = new ResourceTags(store, access);
  return {
    definition: withOperations(
      ecsRouting,
      ecsOperations({ clusters, definitions, runner, tasks, tags, services }),
    ),
    taskStates: { submit: (change) => tasks.submit(change) },
    unfinishedTasks: () => tasks.unfinished(),
    resumeServices: () => scheduler.resume(),
  };
}
