import { type Authorizer, FrameworkError, isFrameworkError, type RequestContext } from '../../aws/index.js';
import { tagConditionKeys, tagsFromRecord } from '../../engines/aws-tags/index.js';
import { logsArns } from '../../engines/logs/index.js';
import { keysetPage, pageMembers } from '../../engines/pagination/index.js';
import type { Clock, Scope } from '../../ports/index.js';
import type { GroupDocument } from './domain/documents.js';
import { logsErrors } from './errors.js';
import type { LogsStore } from './store.js';
import { describeGroup } from './views.js';

export interface CreateGroupRequest {
  readonly name: string;
  readonly kmsKeyId?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly logGroupClass?: string;
}

export interface DescribeGroupsRequest {
  readonly prefix?: string;
  readonly pattern?: string;
  readonly token?: string;
  readonly limit: number;
}

export function scopeOf(ctx: RequestContext): Scope {
  return { account: ctx.accountId, region: ctx.region };
}

/** Log groups: creation, deletion, listing, retention and tags. IAM decided before any of these runs (handlers). */
export class LogGroups {
  readonly #store: LogsStore;
  readonly #clock: Clock;
  readonly #partition: string;
  readonly #authorizer: Authorizer;

  constructor(store: LogsStore, clock: Clock, partition: string, authorizer: Authorizer) {
    this.#store = store;
    this.#clock = clock;
    this.#partition = partition;
    this.#authorizer = authorizer;
  }

  async create(ctx: RequestContext, request: CreateGroupRequest): Promise<void> {
    const scope = scopeOf(ctx);
    if (request.tags !== undefined) await this.#mayTag(ctx, request.name, request.tags);
    this.#store.transaction(() => {
      if (this.#store.group(scope, request.name)) throw logsErrors.groupExists();
      this.#store.putGroup({
        account: scope.account,
        region: scope.region!,
        name: request.name,
        creationTime: this.#clock.now().getTime(),
        ...(request.kmsKeyId === undefined ? {} : { kmsKeyId: request.kmsKeyId }),
        logGroupClass: request.logGroupClass ?? 'STANDARD',
        tags: request.tags ?? {},
        batches: 0,
      });
    });
  }

  delete(ctx: RequestContext, name: string): void {
    const scope = scopeOf(ctx);
    this.#store.transaction(() => {
      this.require(scope, name);
      this.#store.deleteGroup(scope, name);
    });
  }

  /** "ASCII-sorted by log group name" (ref ecs-services-elb-logs §7.2), keyset pages on the name. */
  describe(ctx: RequestContext, request: DescribeGroupsRequest) {
    const scope = { partition: this.#partition, region: ctx.region, account: ctx.accountId };
    const pattern = request.pattern?.toLowerCase();
    const groups = this.#store
      .groups(scopeOf(ctx), request.prefix)
      .filter((group) => pattern === undefined || group.name.toLowerCase().includes(pattern));
    const page = keysetPage(groups, request, {
      keyOf: (group) => group.name,
      invalidToken: logsErrors.invalidToken,
    });
    return {
      logGroups: page.items.map((group) => describeGroup(scope, group)),
      ...pageMembers(page, { next: 'nextToken' }),
    };
  }

  setRetention(ctx: RequestContext, name: string, retentionInDays: number | undefined): void {
    this.#update(ctx, name, ({ retentionInDays: _old, ...group }) =>
      retentionInDays === undefined ? group : { ...group, retentionInDays },
    );
  }

  tag(ctx: RequestContext, name: string, tags: Readonly<Record<string, string>>): void {
    this.#update(ctx, name, (group) => ({ ...group, tags: { ...group.tags, ...tags } }));
  }

  untag(ctx: RequestContext, name: string, keys: readonly string[]): void {
    this.#update(ctx, name, (group) => ({
      ...group,
      tags: Object.fromEntries(Object.entries(group.tags).filter(([key]) => !keys.includes(key))),
    }));
  }

  tags(ctx: RequestContext, name: string): { tags: Readonly<Record<string, string>> } {
    return { tags: this.require(scopeOf(ctx), name).tags };
  }

  /** The group, or ResourceNotFoundException with AWS's text. */
  require(scope: Scope, name: string): GroupDocument {
    const group = this.#store.group(scope, name);
    if (!group) throw logsErrors.groupNotFound();
    return group;
  }

  /**
   * Tags at creation need logs:TagResource too, and a denial has its own text [OBS: CloudFormation events, e.g.
   * DataDog/cloudformation-template#61: "User with accountId: 111111111111 is not authorized to perform
   * CreateLogGroup with Tags. An additional permission "logs:TagResource" is required."]. The resource asked is the
   * group's, as for CreateLogGroup [INF].
   */
  async #mayTag(ctx: RequestContext, name: string, tags: Readonly<Record<string, string>>): Promise<void> {
    const scope = { partition: this.#partition, region: ctx.region, account: ctx.accountId };
    try {
      await this.#authorizer.authorize(ctx, {
        action: 'logs:TagResource',
        resource: logsArns.resource(scope, name),
        context: tagConditionKeys.request(tagsFromRecord(tags)),
      });
    } catch (error) {
      if (!isFrameworkError(error) || error.kind !== 'accessDenied') throw error;
      throw new FrameworkError(
        'accessDenied',
        `User with accountId: ${ctx.accountId} is not authorized to perform CreateLogGroup with Tags. ` +
          'An additional permission "logs:TagResource" is required.',
      );
    }
  }

  #update(ctx: RequestContext, name: string, change: (group: GroupDocument) => GroupDocument): void {
    const scope = scopeOf(ctx);
    this.#store.transaction(() => this.#store.putGroup(change(this.require(scope, name))));
  }
}
