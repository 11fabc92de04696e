/**
 * Task definitions: RegisterTaskDefinition (families and revisions, the rules of engines/ecs), DescribeTaskDefinition,
 * ListTaskDefinitions, ListTaskDefinitionFamilies, DeregisterTaskDefinition, and the lookup RunTask makes. Every
 * operation takes `family` (latest ACTIVE revision), `family:revision` or a full ARN.
 */
import type { RequestContext } from '../../aws/index.js';
import {
  ecsArns,
  isRejection,
  ecsMessages as m,
  type Named,
  parseTaskDefinitionIdentifier,
  registerTaskDefinitionRules,
  type TaskDefinitionIdentifier,
  type TaskDefinitionRequest,
} from '../../engines/ecs/index.js';
import type { Clock } from '../../ports/index.js';
import type { Where } from './clusters.js';
import type { Tag, TaskDefinitionDocument } from './domain/documents.js';
import { paginate } from './domain/pagination.js';
import { renderTaskDefinition } from './domain/render.js';
import { checkTags } from './domain/tags.js';
import { type EcsAccess, requestTagKeys } from './ecs-access.js';
import { ecsErrors } from './errors.js';
import type { EcsStore } from './store.js';

export interface ListDefinitionsRequest {
  readonly familyPrefix?: string;
  readonly status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
  readonly sort: 'ASC' | 'DESC';
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export interface ListFamiliesRequest {
  readonly familyPrefix?: string;
  readonly status: 'ACTIVE' | 'INACTIVE' | 'ALL';
  readonly maxResults?: number;
  readonly nextToken?: string;
}

/** Family, then revision: a key whose string order is that order (`\0` sorts before any family character). */
const orderKey = (d: TaskDefinitionDocument) =>
  `${d.definition.family}\u0000${String(d.definition.revision).padStart(9, '0')}`;

export class TaskDefinitions {
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

  async register(ctx: RequestContext, request: TaskDefinitionRequest, tags: readonly Tag[]) {
    const scope = { partition: this.#partition, region: ctx.region, account: ctx.accountId };
    const next = (this.#store.family(ctx.accountId, ctx.region, request.family)?.lastRevision ?? 0) + 1;
    await this.#access.authorize(
      ctx,
      'RegisterTaskDefinition',
      ecsArns.taskDefinition(scope, request.family, next),
      {
        ...requestTagKeys(tags),
        'ecs:task-cpu': request.cpu,
        'ecs:task-memory': request.memory,
      },
    );
    checkTags(tags);
    const result = registerTaskDefinitionRules(request, {
      partition: this.#partition,
      accountId: ctx.accountId,
    });
    if (isRejection(result)) throw ecsErrors.client(result.rejected);
    const { definition } = result;
    await this.#access.passRoles(ctx, [definition.executionRoleArn, definition.taskRoleArn]);

    const stored = this.#store.transaction(() => {
      const family = this.#store.family(ctx.accountId, ctx.region, request.family);
      const revision = (family?.lastRevision ?? 0) + 1;
      const document: TaskDefinitionDocument = {
        account: ctx.accountId,
        region: ctx.region,
        tags,
        definition: {
          ...definition,
          taskDefinitionArn: ecsArns.taskDefinition(scope, request.family, revision),
          revision,
          status: 'ACTIVE',
          registeredAt: this.#clock.now().toISOString(),
          registeredBy: ctx.caller.principal.arn,
        },
      };
      this.#store.putTaskDefinition(document);
      this.#store.putFamily({
        account: ctx.accountId,
        region: ctx.region,
        family: request.family,
        lastRevision: revision,
      });
      return document;
    });
    return { taskDefinition: renderTaskDefinition(stored), tags: stored.tags };
  }

  async describe(ctx: RequestContext, identifier: string, include: readonly string[]) {
    await this.#access.authorize(ctx, 'DescribeTaskDefinition', '*');
    const document = this.find(ctx, identifier);
    if (!document) throw ecsErrors.client(m.unableToDescribeTaskDefinition);
    return {
      taskDefinition: renderTaskDefinition(document),
      tags: include.includes('TAGS') ? document.tags : undefined,
    };
  }

  async list(ctx: RequestContext, request: ListDefinitionsRequest) {
    await this.#access.authorize(ctx, 'ListTaskDefinitions', '*');
    // familyPrefix is "the full family name" despite its name ([DOC] API_ListTaskDefinitions).
    const matching = this.#store
      .taskDefinitions(ctx.accountId, ctx.region, request.familyPrefix)
      .filter((document) => document.definition.status === request.status)
      .sort((a, b) => (orderKey(a) < orderKey(b) ? -1 : 1));
    if (request.sort === 'DESC') matching.reverse();
    const order = request.sort === 'DESC' ? 'desc' : 'asc';
    const page = paginate(matching, orderKey, request.maxResults ?? 100, request.nextToken, order);
    return {
      taskDefinitionArns: page.items.map((document) => document.definition.taskDefinitionArn),
      nextToken: page.nextToken,
    };
  }

  async listFamilies(ctx: RequestContext, request: ListFamiliesRequest) {
    await this.#access.authorize(ctx, 'ListTaskDefinitionFamilies', '*');
    const prefix = request.familyPrefix ?? '';
    const families = this.#store
      .families(ctx.accountId, ctx.region)
      .map((family) => family.family)
      .filter((family) => family.startsWith(prefix))
      .filter((family) => {
        if (request.status === 'ALL') return true;
        const revisions = this.#store.taskDefinitions(ctx.accountId, ctx.region, family);
        const active = revisions.some((document) => document.definition.status === 'ACTIVE');
        return request.status === 'ACTIVE' ? active : !active;
      })
      .sort();
    const page = paginate(families, (family) => family, request.maxResults ?? 100, request.nextToken);
    return { families: page.items, nextToken: page.nextToken };
  }

  async deregister(ctx: RequestContext, identifier: string) {
    await this.#access.authorize(ctx, 'DeregisterTaskDefinition', '*');
    const named = this.#named(ctx, identifier);
    if (named && named.value.revision === undefined) throw ecsErrors.client(m.revisionRequired);
    const stored = this.#store.transaction(() => {
      const document = named && this.#byRevision(ctx, named.value.family, named.value.revision!);
      if (!document) throw ecsErrors.client(m.taskDefinitionNotFound);
      if (document.definition.status === 'INACTIVE') return document;
      const inactive: TaskDefinitionDocument = {
        ...document,
        definition: {
          ...document.definition,
          status: 'INACTIVE',
          deregisteredAt: this.#clock.now().toISOString(),
        },
      };
      this.#store.putTaskDefinition(inactive);
      return inactive;
    });
    return { taskDefinition: renderTaskDefinition(stored) };
  }

  /** The definition an identifier names: a given revision in any status, or a family's latest ACTIVE revision. */
  find(ctx: Where, identifier: string): TaskDefinitionDocument | undefined {
    const named = this.#named(ctx, identifier);
    if (!named) return undefined;
    const { family, revision } = named.value;
    if (revision !== undefined) return this.#byRevision(ctx, family, revision);
    return this.#store
      .taskDefinitions(ctx.accountId, ctx.region, family)
      .filter((document) => document.definition.status === 'ACTIVE')
      .at(-1);
  }

  /** The identifier parsed in the caller's scope; an ARN of another account or region names nothing here. */
  #named(ctx: Where, identifier: string): Named<TaskDefinitionIdentifier> | undefined {
    const scope = { partition: this.#partition, region: ctx.region, account: ctx.accountId };
    const named = parseTaskDefinitionIdentifier(identifier, scope);
    if (!named || named.scope.account !== ctx.accountId || named.scope.region !== ctx.region)
      return undefined;
    return named;
  }

  #byRevision(ctx: Where, family: string, revision: number): TaskDefinitionDocument | undefined {
    return this.#store.taskDefinition(ctx.accountId, ctx.region, family, revision);
  }
}
