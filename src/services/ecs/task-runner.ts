/**
 * RunTask (ref ecs-private-auth §2.2, §2.3, §7): authorize, find the cluster and the definition, decide the launch type and
 * check the network configuration, apply the overrides, check iam:PassRole, assume the execution role as
 * ecs-tasks.amazonaws.com once per task, then store every task and hand each to the agent. Anything refused before
 * the last step leaves nothing behind.
 */
import type { RequestContext } from '../../aws/index.js';
import {
  applyContainerOverrides,
  type ContainerDefinition,
  type EcsScope,
  ecsArns,
  fargateSizeProblem,
  ecsMessages as m,
  parseTaskCpu,
  parseTaskDefinitionIdentifier,
  parseTaskMemory,
  resolveRoleArn,
  type TaskAgentPort,
  type TaskDefinition,
  type TaskRoleCredentials,
  unknownOverrideNames,
} from '../../engines/ecs/index.js';
import { isBerthError } from '../../errors/index.js';
import type { Clock, Random } from '../../ports/index.js';
import { checkAwsvpcRecords } from './awsvpc-check.js';
import type { ClusterName, Clusters, Where } from './clusters.js';
import type { ClusterDocument, TaskRecord } from './domain/documents.js';
import { newTaskId } from './domain/ids.js';
import { chooseLaunch, type LaunchChoice } from './domain/launch-choice.js';
import { type NewTask, newTask } from './domain/new-task.js';
import { renderTask, renderTaskDefinition } from './domain/render.js';
import { checkTags } from './domain/tags.js';
import { type EcsAccess, requestTagKeys } from './ecs-access.js';
import type { AssumeExecutionRole } from './ecs-service-deps.js';
import { ecsErrors } from './errors.js';
import type { NetworkRecordsPort } from './network-records-port.js';
import type { AwsvpcConfiguration, RunTaskRequest, TaskOverrides } from './run-task-request.js';
import type { EcsStore } from './store.js';
import type { TaskDefinitions } from './task-definitions.js';

export interface TaskRunnerParts {
  readonly store: EcsStore;
  readonly access: EcsAccess;
  readonly clusters: Clusters;
  readonly definitions: TaskDefinitions;
  readonly clock: Clock;
  readonly random: Random;
  readonly partition: string;
  readonly assumeRole: AssumeExecutionRole;
  readonly agent: TaskAgentPort;
  /** EC2's records, to check awsvpc subnets and security groups; absent, nothing is checked. */
  readonly networkRecords?: () => Promise<NetworkRecordsPort>;
}

/** What RunTask decided before starting anything. */
interface Plan {
  readonly cluster: ClusterDocument;
  readonly definition: TaskDefinition;
  readonly launch: LaunchChoice;
  readonly effective: Effective;
}

/** The task size and roles after overrides. */
interface Effective {
  readonly cpu?: string;
  readonly memory?: string;
  readonly executionRoleArn?: string;
  readonly taskRoleArn?: string;
  readonly containers: ContainerDefinition[];
}

export class TaskRunner {
  readonly #p: TaskRunnerParts;

  constructor(parts: TaskRunnerParts) {
    this.#p = parts;
  }

  async run(ctx: RequestContext, request: RunTaskRequest) {
    const plan = await this.#plan(ctx, request);
    const tasks = await this.#start(ctx, plan, request);
    return { tasks: tasks.map((task) => renderTask(task, true)), failures: [] };
  }

  /**
   * The service scheduler's launches: ECS acting for itself, so no IAM question (the caller was asked at
   * CreateService/UpdateService), and a deregistered revision still runs ([DOC] API_DeregisterTaskDefinition:
   * "Existing services … that reference an INACTIVE task definition continue to run without disruption"). Refusals
   * (cluster gone, execution role not assumable) are thrown as RunTask would answer them.
   */
  async launch(where: Where, request: RunTaskRequest): Promise<TaskRecord[]> {
    const plan = this.#resolve(where, this.#p.clusters.named(where, request.cluster), request, true);
    return this.#start(where, plan, request);
  }

  /**
   * CreateService's and UpdateService's checks of what the service will launch (cluster, definition, network,
   * platform version), with RunTask's texts, and iam:PassRole for its roles: the scheduler asks no one later.
   */
  async check(
    ctx: RequestContext,
    request: RunTaskRequest,
  ): Promise<{ cluster: ClusterDocument; taskDefinitionArn: string; networkMode?: string }> {
    const plan = this.#resolve(ctx, this.#p.clusters.named(ctx, request.cluster), request, false);
    await this.#p.access.passRoles(ctx, [plan.effective.executionRoleArn, plan.effective.taskRoleArn]);
    await this.#checkRecords(ctx, plan, request);
    const { taskDefinitionArn, networkMode } = plan.definition;
    return { cluster: plan.cluster, taskDefinitionArn, networkMode };
  }

  async #start(ctx: Where, plan: Plan, request: RunTaskRequest): Promise<TaskRecord[]> {
    const scope = this.#p.clusters.scope(ctx);
    const started: { taskId: string; execution?: TaskRoleCredentials; taskRole?: TaskRoleCredentials }[] = [];
    for (let i = 0; i < request.count; i++) {
      const taskId = newTaskId(this.#p.random);
      const taskArn = ecsArns.task(scope, plan.cluster.clusterName, taskId);
      started.push({
        taskId,
        execution: await this.#renewable(plan.effective.executionRoleArn, taskId, taskArn, ctx),
        taskRole: await this.#renewable(plan.effective.taskRoleArn, taskId, taskArn, ctx),
      });
    }
    const now = this.#p.clock.now();
    const tasks = started.map(({ taskId }) =>
      newTask(this.#newTask(scope, plan, request, taskId, now), this.#p.random),
    );
    this.#p.store.transaction(() => {
      this.#p.clusters.keep(plan.cluster);
      for (const task of tasks) this.#p.store.putTask(task);
    });
    for (const [index, task] of tasks.entries()) {
      const { definition, effective, launch } = plan;
      const { execution, taskRole } = started[index]!;
      this.#p.agent.launch({
        taskArn: task.taskArn,
        taskId: task.taskId,
        clusterArn: task.clusterArn,
        launchType: launch.launchType,
        group: task.group,
        region: ctx.region,
        accountId: ctx.accountId,
        taskDefinition: definition,
        containers: effective.containers.map((container) => ({ definition: container })),
        ...(effective.cpu === undefined ? {} : { cpu: Number(effective.cpu) }),
        ...(effective.memory === undefined ? {} : { memory: Number(effective.memory) }),
        ...(execution
          ? { executionCredentials: execution.credentials, renewExecutionCredentials: execution.renew }
          : {}),
        ...(taskRole ? { taskRole } : {}),
        ...(request.awsvpcConfiguration
          ? { networkConfiguration: networkOf(request.awsvpcConfiguration) }
          : {}),
      });
    }
    return tasks;
  }

  /** Everything RunTask checks before it starts a task: IAM, the cluster, the definition, placement, overrides. */
  async #plan(ctx: RequestContext, request: RunTaskRequest): Promise<Plan> {
    const { clusters, access } = this.#p;
    const clusterName = clusters.named(ctx, request.cluster);
    const named = parseTaskDefinitionIdentifier(request.taskDefinition, clusters.scope(ctx));
    // IAM sees the definition as the caller named it: a family without revision is `task-definition/<family>`.
    const resource = named
      ? ecsArns.taskDefinition(named.scope, named.value.family, named.value.revision)
      : request.taskDefinition;
    await access.authorize(ctx, 'RunTask', resource, {
      'ecs:cluster': clusterName.arn,
      ...requestTagKeys(request.tags),
    });
    if (request.count < 1 || request.count > 10) throw ecsErrors.invalidParameter(m.countOutOfRange);
    checkTags(request.tags);
    const plan = this.#resolve(ctx, clusterName, request, false);
    await access.passRoles(ctx, [plan.effective.executionRoleArn, plan.effective.taskRoleArn]);
    await this.#checkRecords(ctx, plan, request);
    return plan;
  }

  /** The cluster, the definition, placement and overrides of a launch, checked (no IAM question here). */
  #resolve(ctx: Where, clusterName: ClusterName, request: RunTaskRequest, inactiveRuns: boolean): Plan {
    const { clusters, definitions } = this.#p;
    const cluster = clusters.forRunTask(ctx, clusterName);
    const document = definitions.find(ctx, request.taskDefinition);
    if (!document) throw ecsErrors.client(m.taskDefinitionNotFound);
    if (document.definition.status !== 'ACTIVE' && !inactiveRuns)
      throw ecsErrors.client(m.taskDefinitionInactive);
    const definition = renderTaskDefinition(document) as unknown as TaskDefinition;
    const launch = chooseLaunch(
      request.launchType,
      request.capacityProviderStrategy,
      cluster.defaultCapacityProviderStrategy,
      definition.compatibilities,
    );
    this.#checkNetwork(definition, request);
    const fargate = launch.launchType === 'FARGATE';
    if (fargate && !['LATEST', '1.4.0', undefined].includes(request.platformVersion))
      throw ecsErrors.invalidParameter(m.platformVersionNotSupported(request.platformVersion!));
    const effective = this.#effective(ctx, definition, request.overrides, fargate);
    return { cluster, definition, launch, effective };
  }

  #newTask(scope: EcsScope, plan: Plan, request: RunTaskRequest, taskId: string, now: Date): NewTask {
    const { cluster, definition, launch, effective } = plan;
    return {
      scope,
      clusterName: cluster.clusterName,
      clusterArn: cluster.clusterArn,
      taskId,
      family: definition.family,
      taskDefinitionArn: definition.taskDefinitionArn,
      networkMode: definition.networkMode,
      launchType: launch.launchType,
      capacityProviderName: launch.capacityProviderName,
      cpu: effective.cpu,
      memory: effective.memory,
      containers: effective.containers,
      overrides: echoOverrides(definition, request.overrides),
      subnetId: request.awsvpcConfiguration?.subnets[0],
      cpuArchitecture: cpuArchitecture(definition),
      startedBy: request.startedBy,
      group: request.group ?? `family:${definition.family}`,
      tags: request.tags,
      enableExecuteCommand: request.enableExecuteCommand,
      now,
    };
  }

  /** The awsvpc subnets and groups exist in EC2 (RunTask, CreateService, UpdateService; not the scheduler's launches). */
  async #checkRecords(ctx: Where, plan: Plan, request: RunTaskRequest): Promise<void> {
    if (plan.definition.networkMode !== 'awsvpc') return;
    const { account, region } = this.#p.clusters.scope(ctx);
    await checkAwsvpcRecords(this.#p.networkRecords, { account, region }, request.awsvpcConfiguration);
  }

  /** ref ecs-private-auth §2.3: awsvpc needs a network configuration, other modes refuse one. */
  #checkNetwork(definition: TaskDefinition, request: RunTaskRequest): void {
    if (definition.networkMode === 'awsvpc') {
      if (!request.awsvpcConfiguration) throw ecsErrors.invalidParameter(m.networkConfigurationRequired);
      if (request.awsvpcConfiguration.subnets.length === 0) throw ecsErrors.invalidParameter(m.subnetsEmpty);
    } else if (request.networkConfigurationGiven) {
      throw ecsErrors.invalidParameter(m.networkConfigurationNotValid);
    }
  }

  /** The definition with RunTask's overrides: container overrides, task size (a Fargate pair again), roles. */
  #effective(
    ctx: Where,
    definition: TaskDefinition,
    overrides: TaskOverrides | undefined,
    fargate: boolean,
  ): Effective {
    const containerOverrides = overrides?.containerOverrides ?? [];
    const unknown = unknownOverrideNames(definition.containerDefinitions, containerOverrides);
    if (unknown.length > 0) throw ecsErrors.invalidParameter(m.unknownOverrideContainer(unknown[0]!));
    const size = (
      text: string | undefined,
      parse: (t: string) => number | undefined,
      field: 'cpu' | 'memory',
    ) => {
      if (text === undefined) return undefined;
      const value = parse(text);
      if (value === undefined) throw ecsErrors.invalidParameter(m.invalidTaskSize(field));
      return String(value);
    };
    const cpu = size(overrides?.cpu, parseTaskCpu, 'cpu') ?? definition.cpu;
    const memory = size(overrides?.memory, parseTaskMemory, 'memory') ?? definition.memory;
    if (fargate && (overrides?.cpu !== undefined || overrides?.memory !== undefined)) {
      const problem = fargateSizeProblem(Number(cpu), Number(memory));
      if (problem === 'cpu') throw ecsErrors.invalidParameter(m.invalidTaskSize('cpu'));
      if (problem === 'pair')
        throw ecsErrors.invalidParameter(m.noFargateConfiguration(String(cpu), String(memory)));
    }
    const role = (value: string | undefined, registered: string | undefined) => {
      if (value === undefined) return registered;
      const arn = resolveRoleArn(value, this.#p.partition, ctx.accountId);
      if (!arn) throw ecsErrors.invalidParameter(m.roleInvalid);
      return arn;
    };
    return {
      cpu,
      memory,
      executionRoleArn: role(overrides?.executionRoleArn, definition.executionRoleArn),
      taskRoleArn: role(overrides?.taskRoleArn, definition.taskRoleArn),
      containers: applyContainerOverrides(definition.containerDefinitions, containerOverrides),
    };
  }

  /**
   * A role's credentials for one task (the execution role or the task role: the same trust policy check and refusal
   * text, ECS names either role in it), with the means to assume it again before they expire.
   */
  async #renewable(
    roleArn: string | undefined,
    taskId: string,
    taskArn: string,
    ctx: Where,
  ): Promise<TaskRoleCredentials | undefined> {
    if (roleArn === undefined) return undefined;
    const renew = async () => (await this.#assume(roleArn, taskId, taskArn, ctx))!;
    return { credentials: await renew(), renew };
  }

  /**
   * The execution role's credentials for one task, assumed as ecs-tasks.amazonaws.com with the task id as session
   * name. `aws:SourceArn` is the task's ARN: trust policies scope ECS tasks with `arn:aws:ecs:<region>:<account>:task/*`
   * patterns (awsdocs/amazon-ecs-developer-guide#208), so the source is the task, not its cluster. A refusal is
   * ref ecs-private-auth §2.2's text, as InvalidParameterException (the exception type is [INF] there).
   */
  async #assume(roleArn: string | undefined, taskId: string, taskArn: string, ctx: Where) {
    if (roleArn === undefined) return undefined;
    try {
      const issued = await this.#p.assumeRole({
        roleArn,
        sessionName: taskId,
        sourceAccount: ctx.accountId,
        sourceArn: taskArn,
      });
      return { roleArn, ...issued };
    } catch (error) {
      if (isBerthError(error) && error.code === 'BERTH_ROLE_NOT_ASSUMABLE')
        throw ecsErrors.invalidParameter(m.unableToAssumeRole(roleArn));
      throw error;
    }
  }
}

/** The overrides as RunTask and DescribeTasks echo them: one entry per container, by name, plus the task's own. */
function echoOverrides(
  definition: TaskDefinition,
  overrides: TaskOverrides | undefined,
): Record<string, unknown> {
  const given = overrides?.containerOverrides ?? [];
  const { other = {}, containerOverrides: _c, ...task } = overrides ?? { other: {} };
  return {
    containerOverrides: definition.containerDefinitions.map((container) => ({
      ...Object.assign({}, ...given.filter((override) => override.name === container.name)),
      name: container.name,
    })),
    inferenceAcceleratorOverrides: [],
    ...other,
    ...task,
  };
}

function networkOf(config: AwsvpcConfiguration) {
  return {
    subnets: config.subnets,
    securityGroups: config.securityGroups ?? [],
    ...(config.assignPublicIp === undefined ? {} : { assignPublicIp: config.assignPublicIp }),
  };
}

/** `runtimePlatform.cpuArchitecture` as the task's `ecs.cpu-architecture` attribute (x86_64 or arm64). */
function cpuArchitecture(definition: TaskDefinition): string | undefined {
  const platform = definition['runtimePlatform'] as { cpuArchitecture?: string } | undefined;
  return platform?.cpuArchitecture?.toLowerCase();
}
