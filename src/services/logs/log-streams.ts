import type { RequestContext } from '../../aws/index.js';
import { ascending, descending, keysetPage, pageMembers } from '../../engines/pagination/index.js';
import type { Clock } from '../../ports/index.js';
import type { StreamDocument } from './domain/documents.js';
import { logsErrors } from './errors.js';
import { type LogGroups, scopeOf } from './log-groups.js';
import type { LogsStore } from './store.js';
import { describeStream } from './views.js';

export interface DescribeStreamsRequest {
  readonly group: string;
  readonly prefix?: string;
  readonly orderBy: 'LogStreamName' | 'LastEventTime';
  readonly descending: boolean;
  readonly token?: string;
  readonly limit: number;
}

/** Log streams of a group: creation, deletion, listing. */
export class LogStreams {
  readonly #store: LogsStore;
  readonly #groups: LogGroups;
  readonly #clock: Clock;
  readonly #partition: string;

  constructor(store: LogsStore, groups: LogGroups, clock: Clock, partition: string) {
    this.#store = store;
    this.#groups = groups;
    this.#clock = clock;
    this.#partition = partition;
  }

  create(ctx: RequestContext, group: string, name: string): void {
    const scope = scopeOf(ctx);
    this.#store.transaction(() => {
      this.#groups.require(scope, group);
      if (this.#store.stream(scope, group, name)) throw logsErrors.streamExists();
      this.#store.putStream({
        account: scope.account,
        region: scope.region!,
        group,
        name,
        creationTime: this.#clock.now().getTime(),
      });
    });
  }

  delete(ctx: RequestContext, group: string, name: string): void {
    const scope = scopeOf(ctx);
    this.#store.transaction(() => {
      this.require(ctx, group, name);
      this.#store.deleteStream(scope, group, name);
    });
  }

  describe(ctx: RequestContext, request: DescribeStreamsRequest) {
    const scope = scopeOf(ctx);
    this.#groups.require(scope, request.group);
    if (request.orderBy === 'LastEventTime' && request.prefix !== undefined)
      // [INF] the rule is the model's ("you can't specify logStreamNamePrefix" with LastEventTime); text not recorded.
      throw logsErrors.invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
    const byTime = request.orderBy === 'LastEventTime';
    const keyOf = (stream: StreamDocument) =>
      byTime ? [String(stream.lastEventTimestamp ?? 0).padStart(20, '0'), stream.name] : [stream.name];
    const compare = request.descending ? descending : ascending;
    const streams = this.#store
      .streams(scope, request.group, request.prefix)
      .sort((a, b) => compare(keyOf(a), keyOf(b)));
    const page = keysetPage(streams, request, { keyOf, compare, invalidToken: logsErrors.invalidToken });
    const arnScope = { partition: this.#partition, region: ctx.region, account: ctx.accountId };
    return {
      logStreams: page.items.map((stream) => describeStream(arnScope, stream)),
      ...pageMembers(page, { next: 'nextToken' }),
    };
  }

  /** The stream (its group first: a missing group is the group's error), or ResourceNotFoundException. */
  require(ctx: RequestContext, group: string, name: string): StreamDocument {
    const scope = scopeOf(ctx);
    this.#groups.require(scope, group);
    const stream = this.#store.stream(scope, group, name);
    if (!stream) throw logsErrors.streamNotFound();
    return stream;
  }
}
