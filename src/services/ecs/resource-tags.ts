/**
 * TagResource, UntagResource, ListTagsForResource for clusters, task definitions and tasks ([DOC] API_TagResource),
 * each authorized on the resource's ARN (`aws:RequestTag/…` and `aws:TagKeys` for the tags asked about).
 */
import type { RequestContext } from '../../aws/index.js';
import { type EcsResource, ecsMessages as m, parseResourceArn } from '../../engines/ecs/index.js';
import type { Tag } from './domain/documents.js';
import { mergeTags, removeTags } from './domain/tags.js';
import { type EcsAccess, requestTagKeys } from './ecs-access.js';
import { ecsErrors } from './errors.js';
import type { EcsStore } from './store.js';

export class ResourceTags {
  readonly #store: EcsStore;
  readonly #access: EcsAccess;

  constructor(store: EcsStore, access: EcsAccess) {
    this.#store = store;
    this.#access = access;
  }

  async tag(ctx: RequestContext, arn: string, tags: readonly Tag[]) {
    const resource = this.#resource(ctx, arn);
    await this.#access.authorize(ctx, 'TagResource', arn, requestTagKeys(tags));
    this.#change(ctx, resource, (existing) => mergeTags(existing, tags));
    return {};
  }

  async untag(ctx: RequestContext, arn: string, keys: readonly string[]) {
    const resource = this.#resource(ctx, arn);
    await this.#access.authorize(ctx, 'UntagResource', arn, { 'aws:TagKeys': [...keys] });
    this.#change(ctx, resource, (existing) => removeTags(existing, keys));
    return {};
  }

  async list(ctx: RequestContext, arn: string) {
    const resource = this.#resource(ctx, arn);
    await this.#access.authorize(ctx, 'ListTagsForResource', arn);
    return { tags: this.#store.transaction(() => this.#found(ctx, resource).tags) };
  }

  #resource(ctx: RequestContext, arn: string): EcsResource {
    const resource = parseResourceArn(arn);
    if (!resource) throw ecsErrors.invalidParameter(m.resourceArnInvalid(arn));
    if (resource.scope.account !== ctx.accountId || resource.scope.region !== ctx.region)
      throw resource.type === 'cluster' ? ecsErrors.clusterNotFound() : ecsErrors.resourceNotFound();
    return resource;
  }

  /** Stores `change(tags)` as the resource's tags, in one transaction with reading them. */
  #change(
    ctx: RequestContext,
    resource: EcsResource,
    change: (tags: readonly Tag[]) => readonly Tag[],
  ): void {
    this.#store.transaction(() => {
      const found = this.#found(ctx, resource);
      found.write(change(found.tags));
    });
  }

  /** The resource's tags and how to replace them; the resource's not-found error when it does not exist. */
  #found(
    ctx: RequestContext,
    resource: EcsResource,
  ): { tags: readonly Tag[]; write: (tags: readonly Tag[]) => void } {
    const { accountId: account, region } = ctx;
    if (resource.type === 'cluster') {
      const cluster = this.#store.cluster(account, region, resource.name);
      if (cluster?.status !== 'ACTIVE') throw ecsErrors.clusterNotFound();
      return { tags: cluster.tags, write: (tags) => this.#store.putCluster({ ...cluster, tags }) };
    }
    if (resource.type === 'task-definition') {
      const document = this.#store.taskDefinition(account, region, resource.family, resource.revision);
      if (!document) throw ecsErrors.resourceNotFound();
      return { tags: document.tags, write: (tags) => this.#store.putTaskDefinition({ ...document, tags }) };
    }
    const task = this.#store.task(account, region, resource.cluster, resource.taskId);
    if (!task) throw ecsErrors.resourceNotFound();
    return { tags: task.tags, write: (tags) => this.#store.putTask({ ...task, tags }) };
  }
}
