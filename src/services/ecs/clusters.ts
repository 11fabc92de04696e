/**
 * Clusters: CreateCluster, DescribeClusters, ListClusters, DeleteCluster, and the lookup every task operation makes.
 * `default` is what a request without `cluster` means ([DOC] API_RunTask: "If you do not specify a cluster, the
 * default cluster is assumed"). Real ECS creates it for an account's first use; berth creates it on the first RunTask
 * that needs it. A deleted cluster stays visible as INACTIVE to DescribeClusters, as in ECS.
 */
import type { RequestContext } from '../../aws/index.js';
import {
  type EcsScope,
  ecsArns,
  ecsNamePattern,
  ecsMessages as m,
  parseClusterIdentifier,
} from '../../engines/ecs/index.js';
import type { Clock } from '../../ports/index.js';
import type { CapacityProviderStrategyItem, ClusterDocument, KeyValue, Tag } from './domain/documents.js';
import { checkClusterProviders } from './domain/launch-choice.js';
import { paginate } from './domain/pagination.js';
import { renderCluster } from './domain/render.js';
import { type EcsAccess, requestTagKeys } from './ecs-access.js';
import { ecsErrors } from './errors.js';
import type { EcsStore } from './store.js';

export const defaultCluster = 'default';

export interface CreateClusterRequest {
  readonly clusterName?: string;
  readonly tags?: readonly Tag[];
  readonly settings?: readonly KeyValue[];
  readonly configuration?: unknown;
  readonly capacityProviders?: readonly string[];
  readonly defaultCapacityProviderStrategy?: readonly CapacityProviderStrategyItem[];
}

/** The account and region a request (or the service scheduler, acting for ECS) works in. */
export type Where = Pick<RequestContext, 'accountId' | 'region'>;

/** A cluster as a request names it: its name and ARN in the caller's account and region. */
export interface ClusterName {
  readonly name: string;
  readonly arn: string;
}

const pendingStates = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING']);

export class Clusters {
  readonly #store: EcsStore;
  readonly #access: EcsAccess;
  readonly #clock: Clock;
  readonly #partition: string;

  constructor(store: EcsStore, access: EcsAccess, clock: Clock, partition: string) {
    this.#store = store;
    this.#access = access;
    this.#clock = clock;
    this.#partition = partition;
  }

  scope(ctx: Where): EcsScope {
    return { partition: this.#partition, region: ctx.region, account: ctx.accountId };
  }

  /**
   * The cluster a request names (`default` when it names none), for authorization before any lookup. A name that is
   * not a cluster name, or an ARN of another account or region, names nothing: ClusterNotFoundException.
   */
  named(ctx: Where, identifier: string | undefined): ClusterName {
    const scope = this.scope(ctx);
    const parsed = parseClusterIdentifier(identifier ?? defaultCluster, scope);
    const sameScope =
      parsed && parsed.scope.account === scope.account && parsed.scope.region === scope.region;
    if (!parsed || !sameScope) throw ecsErrors.clusterNotFound();
    return { name: parsed.value, arn: ecsArns.cluster(scope, parsed.value) };
  }

  /** The ACTIVE cluster named, or ClusterNotFoundException. */
  active(ctx: Where, name: ClusterName): ClusterDocument {
    const cluster = this.#store.cluster(ctx.accountId, ctx.region, name.name);
    if (cluster?.status !== 'ACTIVE') throw ecsErrors.clusterNotFound();
    return cluster;
  }

  /**
   * RunTask's cluster: the ACTIVE one named; for `default`, a new one when there is none, stored only when the
   * tasks are (`keep`), so that a refused RunTask leaves nothing behind.
   */
  forRunTask(ctx: Where, name: ClusterName): ClusterDocument {
    if (name.name !== defaultCluster) return this.active(ctx, name);
    const found = this.#store.cluster(ctx.accountId, ctx.region, name.name);
    return found?.status === 'ACTIVE' ? found : this.#document(ctx, name, {});
  }

  /** Stores the cluster unless it is stored already (inside the caller's transaction). */
  keep(cluster: ClusterDocument): void {
    const found = this.#store.cluster(cluster.account, cluster.region, cluster.clusterName);
    if (found?.status !== 'ACTIVE') this.#store.putCluster(cluster);
  }

  async create(ctx: RequestContext, request: CreateClusterRequest) {
    const clusterName = request.clusterName ?? defaultCluster;
    const scope = this.scope(ctx);
    const arn = ecsArns.cluster(scope, clusterName);
    await this.#access.authorize(ctx, 'CreateCluster', arn, requestTagKeys(request.tags));
    if (!ecsNamePattern.test(clusterName)) throw ecsErrors.invalidParameter(m.clusterNameInvalid);
    // Creating an existing cluster returns it unchanged (CreateCluster is idempotent in ECS).
    const cluster = this.#store.transaction(() => {
      const found = this.#store.cluster(ctx.accountId, ctx.region, clusterName);
      if (found?.status === 'ACTIVE') return found;
      const cluster = this.#document(ctx, { name: clusterName, arn }, request);
      this.#store.putCluster(cluster);
      return cluster;
    });
    return { cluster: renderCluster(cluster, this.counts(cluster), ['TAGS']) };
  }

  async describe(
    ctx: RequestContext,
    identifiers: readonly string[] | undefined,
    include: readonly string[],
  ) {
    const given = identifiers && identifiers.length > 0 ? identifiers : [defaultCluster];
    if (given.length > 100) throw ecsErrors.invalidParameter(m.clustersTooMany);
    const clusters: ReturnType<typeof renderCluster>[] = [];
    const failures: { arn: string; reason: string }[] = [];
    for (const identifier of given) {
      const scope = this.scope(ctx);
      const parsed = parseClusterIdentifier(identifier, scope);
      const arn = parsed ? ecsArns.cluster(parsed.scope, parsed.value) : identifier;
      await this.#access.authorize(ctx, 'DescribeClusters', arn);
      const sameScope = parsed?.scope.account === scope.account && parsed.scope.region === scope.region;
      const cluster =
        parsed && sameScope ? this.#store.cluster(ctx.accountId, ctx.region, parsed.value) : undefined;
      if (cluster) clusters.push(renderCluster(cluster, this.counts(cluster), include));
      else failures.push({ arn, reason: 'MISSING' });
    }
    return { clusters, failures };
  }

  async list(ctx: RequestContext, maxResults: number | undefined, nextToken: string | undefined) {
    await this.#access.authorize(ctx, 'ListClusters', '*');
    const active = this.#store
      .clusters(ctx.accountId, ctx.region)
      .filter((cluster) => cluster.status === 'ACTIVE');
    const page = paginate(active, (cluster) => cluster.clusterName, maxResults ?? 100, nextToken);
    return { clusterArns: page.items.map((cluster) => cluster.clusterArn), nextToken: page.nextToken };
  }

  async delete(ctx: RequestContext, identifier: string) {
    const name = this.named(ctx, identifier);
    await this.#access.authorize(ctx, 'DeleteCluster', name.arn);
    const deleted = this.#store.transaction(() => {
      const cluster = this.active(ctx, name);
      const active = this.#store
        .tasks(ctx.accountId, ctx.region, name.name)
        .some((task) => task.lastStatus !== 'STOPPED');
      if (active) throw ecsErrors.clusterContainsTasks();
      const inactive: ClusterDocument = { ...cluster, status: 'INACTIVE' };
      this.#store.putCluster(inactive);
      return inactive;
    });
    return { cluster: renderCluster(deleted, this.counts(deleted)) };
  }

  /**
   * PutClusterCapacityProviders replaces both lists at once ([DOC] API_PutClusterCapacityProviders: "You must specify
   * both the available capacity providers and a default capacity provider strategy"); they are checked as RunTask
   * would use them (domain/launch-choice.ts). A provider that a task not yet STOPPED runs on stays: "You can only
   * disassociate an existing capacity provider from a cluster if it's not being used by any existing tasks."
   */
  async putCapacityProviders(
    ctx: RequestContext,
    identifier: string,
    capacityProviders: readonly string[],
    strategy: readonly CapacityProviderStrategyItem[],
  ) {
    const name = this.named(ctx, identifier);
    await this.#access.authorize(ctx, 'PutClusterCapacityProviders', name.arn);
    const updated = this.#store.transaction(() => {
      const cluster = this.active(ctx, name);
      checkClusterProviders(capacityProviders, strategy);
      const removed = new Set(cluster.capacityProviders.filter((p) => !capacityProviders.includes(p)));
      const inUse = this.#store
        .tasks(ctx.accountId, ctx.region, name.name)
        .some((task) => task.lastStatus !== 'STOPPED' && removed.has(task.capacityProviderName ?? ''));
      if (inUse) throw ecsErrors.resourceInUse();
      const next: ClusterDocument = {
        ...cluster,
        capacityProviders: [...capacityProviders],
        defaultCapacityProviderStrategy: [...strategy],
      };
      this.#store.putCluster(next);
      return next;
    });
    return { cluster: renderCluster(updated, this.counts(updated)) };
  }

  /** runningTasksCount counts RUNNING tasks; pendingTasksCount those not yet running ([DOC] API_Cluster). */
  counts(cluster: ClusterDocument) {
    const tasks = this.#store.tasks(cluster.account, cluster.region, cluster.clusterName);
    return {
      runningTasksCount: tasks.filter((task) => task.lastStatus === 'RUNNING').length,
      pendingTasksCount: tasks.filter((task) => pendingStates.has(task.lastStatus)).length,
    };
  }

  #document(ctx: Where, name: ClusterName, request: CreateClusterRequest): ClusterDocument {
    return {
      account: ctx.accountId,
      region: ctx.region,
      clusterName: name.name,
      clusterArn: name.arn,
      status: 'ACTIVE',
      tags: request.tags ?? [],
      settings: request.settings ?? [{ name: 'containerInsights', value: 'disabled' }],
      configuration: request.configuration,
      capacityProviders: request.capacityProviders ?? [],
      defaultCapacityProviderStrategy: request.defaultCapacityProviderStrategy ?? [],
      createdAt: this.#clock.now().toISOString(),
    };
  }
}
