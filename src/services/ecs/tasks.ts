/**
 * Tasks after RunTask: DescribeTasks, ListTasks, StopTask, and the agent's reports (TaskStateSink). Stopped tasks
 * stay visible for an hour, then go ([DOC] API_DescribeTasks / API_ListTasks: "Recently stopped tasks might appear in
 * the returned results"; the ECS developer guide keeps STOPPED tasks "for at least one hour").
 */
import type { RequestContext } from '../../aws/index.js';
import {
  ecsArns,
  ecsMessages as m,
  parseTaskIdentifier,
  type TaskAgentPort,
  type TaskStateChange,
  type TaskStateSink,
  type TaskStopCode,
} from '../../engines/ecs/index.js';
import type { Clock } from '../../ports/index.js';
import type { ClusterName, Clusters } from './clusters.js';
import type { TaskRecord } from './domain/documents.js';
import { paginate } from './domain/pagination.js';
import { renderTask } from './domain/render.js';
import { mergeTaskState } from './domain/task-state-merge.js';
import type { EcsAccess } from './ecs-access.js';
import { ecsErrors } from './errors.js';
import type { EcsStore } from './store.js';

const keepStoppedMs = 3600_000;

export interface ListTasksRequest {
  readonly cluster?: string;
  readonly family?: string;
  readonly startedBy?: string;
  readonly serviceName?: string;
  readonly desiredStatus: 'RUNNING' | 'PENDING' | 'STOPPED';
  readonly launchType?: string;
  readonly maxResults?: number;
  readonly nextToken?: string;
}

/** Told of every stored change an agent report made (the service scheduler counts failures and replaces tasks). */
export type TaskObserver = (before: TaskRecord, after: TaskRecord) => void;

export class Tasks implements TaskStateSink {
  readonly #store: EcsStore;
  readonly #access: EcsAccess;
  readonly #clusters: Clusters;
  readonly #clock: Clock;
  readonly #agent: TaskAgentPort;
  readonly #observe: TaskObserver;

  constructor(
    store: EcsStore,
    access: EcsAccess,
    clusters: Clusters,
    clock: Clock,
    agent: TaskAgentPort,
    observe: TaskObserver,
  ) {
    this.#store = store;
    this.#access = access;
    this.#clusters = clusters;
    this.#clock = clock;
    this.#agent = agent;
    this.#observe = observe;
  }

  async describe(
    ctx: RequestContext,
    clusterIdentifier: string | undefined,
    identifiers: readonly string[],
    include: readonly string[],
  ) {
    if (identifiers.length === 0) throw ecsErrors.invalidParameter(m.tasksEmpty);
    if (identifiers.length > 100) throw ecsErrors.invalidParameter(m.tasksTooMany);
    const cluster = this.#clusters.named(ctx, clusterIdentifier);
    const arns = identifiers.map((identifier) => this.#taskArn(ctx, cluster, identifier));
    for (const [index, arn] of arns.entries())
      await this.#access.authorize(ctx, 'DescribeTasks', arn ?? identifiers[index]!, {
        'ecs:cluster': cluster.arn,
      });
    this.#clusters.active(ctx, cluster);
    const found: ReturnType<typeof renderTask>[] = [];
    const failures: { arn: string; reason: string }[] = [];
    for (const [index, identifier] of identifiers.entries()) {
      const task = arns[index] === undefined ? undefined : this.#find(ctx, cluster, identifier);
      if (task) found.push(renderTask(task, include.includes('TAGS')));
      else failures.push({ arn: arns[index] ?? identifier, reason: 'MISSING' });
    }
    return { tasks: found, failures };
  }

  async list(ctx: RequestContext, request: ListTasksRequest) {
    const cluster = this.#clusters.named(ctx, request.cluster);
    // The Service Authorization Reference lists container-instance as ListTasks' resource; without one berth asks
    // about `*`, with the cluster as `ecs:cluster` [INF].
    await this.#access.authorize(ctx, 'ListTasks', '*', { 'ecs:cluster': cluster.arn });
    this.#clusters.active(ctx, cluster);
    const { serviceName } = request;
    if (
      serviceName !== undefined &&
      !this.#store.service(ctx.accountId, ctx.region, cluster.name, serviceName)
    )
      throw ecsErrors.serviceNotFound();
    // desiredStatus defaults to RUNNING ([DOC] API_ListTasks); berth's tasks are never desired PENDING.
    const wanted = request.desiredStatus;
    const tasks = this.#live(ctx, cluster.name).filter(
      (task) =>
        task.desiredStatus === wanted &&
        (request.family === undefined || task.family === request.family) &&
        (request.startedBy === undefined || task.startedBy === request.startedBy) &&
        (serviceName === undefined || task.group === `service:${serviceName}`) &&
        (request.launchType === undefined || task.launchType === request.launchType),
    );
    const page = paginate(tasks, (task) => task.taskId, request.maxResults ?? 100, request.nextToken);
    return { taskArns: page.items.map((task) => task.taskArn), nextToken: page.nextToken };
  }

  /**
   * StopTask: desired STOPPED now, the agent told to stop (SIGTERM, then SIGKILL after stopTimeout); the task reaches
   * STOPPED when the agent reports it. stopCode UserInitiated; the stopped reason is the caller's, or "Task stopped by
   * user" [INF, as the console shows it].
   */
  async stop(
    ctx: RequestContext,
    clusterIdentifier: string | undefined,
    identifier: string,
    reason: string | undefined,
  ) {
    const cluster = this.#clusters.named(ctx, clusterIdentifier);
    const arn = this.#taskArn(ctx, cluster, identifier);
    await this.#access.authorize(ctx, 'StopTask', arn ?? identifier, { 'ecs:cluster': cluster.arn });
    this.#clusters.active(ctx, cluster);
    const task = this.#requestStop(
      () => {
        const found = arn === undefined ? undefined : this.#find(ctx, cluster, identifier);
        if (!found) throw ecsErrors.invalidParameter(m.taskNotFound);
        return found;
      },
      'UserInitiated',
      reason ?? m.stoppedByUser,
    );
    return { task: renderTask(task, false) };
  }

  /** The service scheduler stops a task (stopCode ServiceSchedulerInitiated, ref ecs-services-elb-logs §1.6). */
  stopForScheduler(task: TaskRecord, reason: string, after?: Promise<unknown>): void {
    this.#requestStop(
      () => this.#store.task(task.account, task.region, task.clusterName, task.taskId) ?? task,
      'ServiceSchedulerInitiated',
      reason,
      after,
    );
  }

  /**
   * Desired STOPPED now (a first stop's code and reason stay), and the agent told — once `after` settles when given
   * (a load balancer's target draining); the task as stored.
   */
  #requestStop(
    find: () => TaskRecord,
    stopCode: TaskStopCode,
    reason: string,
    after?: Promise<unknown>,
  ): TaskRecord {
    const { task, changed } = this.#store.transaction(() => {
      const found = find();
      if (found.desiredStatus === 'STOPPED') return { task: found, changed: false };
      const stopping: TaskRecord = {
        ...found,
        desiredStatus: 'STOPPED',
        stopCode: found.stopCode ?? stopCode,
        stoppedReason: found.stoppedReason ?? reason,
        stoppingAt: found.stoppingAt ?? this.#clock.now().toISOString(),
        version: found.version + 1,
      };
      this.#store.putTask(stopping);
      return { task: stopping, changed: true };
    });
    if (changed && after) void after.finally(() => this.#agent.stop(task.taskArn, task.stoppedReason!));
    else if (changed) this.#agent.stop(task.taskArn, task.stoppedReason!);
    return task;
  }

  /** The agent's report, merged into the stored task; a report about a task berth does not know is dropped. */
  submit(change: TaskStateChange): void {
    const moved = this.#store.transaction(() => {
      const task = this.#byArn(change.taskArn);
      if (!task) return undefined;
      const merged = mergeTaskState(task, change, this.#clock.now());
      if (merged) this.#store.putTask(merged);
      return merged && { before: task, after: merged };
    });
    if (moved) this.#observe(moved.before, moved.after);
  }

  /** The ARNs of every task not yet STOPPED, across accounts and regions. */
  unfinished(): string[] {
    return this.#store
      .allTasks()
      .filter((task) => task.lastStatus !== 'STOPPED')
      .map((task) => task.taskArn);
  }

  /** The ARN a task identifier names within the request's cluster; undefined when it cannot name a task there. */
  #taskArn(ctx: RequestContext, cluster: ClusterName, identifier: string): string | undefined {
    const scope = this.#clusters.scope(ctx);
    const parsed = parseTaskIdentifier(identifier, scope);
    if (!parsed || parsed.scope.account !== scope.account || parsed.scope.region !== scope.region)
      return undefined;
    if (parsed.value.cluster !== undefined && parsed.value.cluster !== cluster.name) return undefined;
    return ecsArns.task(scope, cluster.name, parsed.value.taskId);
  }

  #find(ctx: RequestContext, cluster: ClusterName, identifier: string): TaskRecord | undefined {
    const parsed = parseTaskIdentifier(identifier, this.#clusters.scope(ctx))!;
    const task = this.#store.task(ctx.accountId, ctx.region, cluster.name, parsed.value.taskId);
    return task && !this.#expired(task) ? task : undefined;
  }

  #byArn(taskArn: string): TaskRecord | undefined {
    const parsed = parseTaskIdentifier(taskArn, { partition: '', region: '', account: '' });
    if (!parsed?.value.cluster) return undefined;
    const { scope, value } = parsed;
    return this.#store.task(scope.account, scope.region, value.cluster!, value.taskId);
  }

  /** A cluster's tasks, with those stopped more than an hour ago removed. */
  #live(ctx: RequestContext, clusterName: string): TaskRecord[] {
    const tasks = this.#store.tasks(ctx.accountId, ctx.region, clusterName);
    const expired = tasks.filter((task) => this.#expired(task));
    this.#store.transaction(() => {
      for (const task of expired) this.#store.deleteTask(task);
    });
    return tasks.filter((task) => !expired.includes(task));
  }

  #expired(task: TaskRecord): boolean {
    return (
      task.stoppedAt !== undefined && this.#clock.now().getTime() - Date.parse(task.stoppedAt) > keepStoppedMs
    );
  }
}
