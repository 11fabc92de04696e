import type { RequestContext } from '../../aws/index.js';
import { eventId, matchesFilterPattern, parseFilterPattern } from '../../engines/logs/index.js';
import { keysetPage, pageMembers } from '../../engines/pagination/index.js';
import type { Clock, Scope } from '../../ports/index.js';
import type { StoredEvent } from './domain/documents.js';
import { type EventToken, eventWindow } from './domain/event-window.js';
import { type InputEvent, judgeBatch, retainedSince } from './domain/put-batch.js';
import { logsErrors } from './errors.js';
import { type LogGroups, scopeOf } from './log-groups.js';
import type { LogStreams } from './log-streams.js';
import type { LogsStore } from './store.js';

export interface TimeRange {
  readonly startTime?: number;
  readonly endTime?: number;
}

export interface GetEventsRequest extends TimeRange {
  readonly group: string;
  readonly stream: string;
  readonly token?: EventToken;
  readonly startFromHead: boolean;
  readonly limit: number;
}

export interface FilterEventsRequest extends TimeRange {
  readonly group: string;
  readonly streamNames?: readonly string[];
  readonly streamPrefix?: string;
  readonly filterPattern?: string;
  readonly token?: string;
  readonly limit: number;
}

/** Log events: writing batches, reading one stream (GetLogEvents) and searching a group (FilterLogEvents). */
export class LogEvents {
  readonly #store: LogsStore;
  readonly #groups: LogGroups;
  readonly #streams: LogStreams;
  readonly #clock: Clock;

  constructor(store: LogsStore, groups: LogGroups, streams: LogStreams, clock: Clock) {
    this.#store = store;
    this.#groups = groups;
    this.#streams = streams;
    this.#clock = clock;
  }

  put(ctx: RequestContext, group: string, stream: string, events: readonly InputEvent[]) {
    const scope = scopeOf(ctx);
    return this.#store.transaction(() => {
      const streamDoc = this.#streams.require(ctx, group, stream);
      const groupDoc = this.#groups.require(scope, group);
      const now = this.#clock.now().getTime();
      const verdict = judgeBatch(events, now, groupDoc.retentionInDays);
      if (!verdict.ok) throw logsErrors.invalidParameter(verdict.problem);
      const { accepted } = verdict;
      const batch = groupDoc.batches;
      if (accepted.length > 0) {
        const first = accepted[0]!.timestamp;
        const last = accepted.at(-1)!.timestamp;
        this.#store.putGroup({ ...groupDoc, batches: batch + 1 });
        this.#store.putBatch({
          ...{ account: scope.account, region: scope.region!, group, stream, batch },
          ...{ ingestionTime: now, first, last },
          events: accepted.map((event) => [event.timestamp, event.message] as const),
        });
        this.#store.putStream({
          ...streamDoc,
          firstEventTimestamp: Math.min(streamDoc.firstEventTimestamp ?? first, first),
          lastEventTimestamp: Math.max(streamDoc.lastEventTimestamp ?? last, last),
          lastIngestionTime: now,
        });
        this.#prune(scope, group, stream, retainedSince(now, groupDoc.retentionInDays));
      }
      return {
        // Deprecated and ignored on input, still returned (ref ecs-services-elb-logs §7.2).
        nextSequenceToken: eventId({ timestamp: now, batch, index: accepted.length }),
        rejectedLogEventsInfo: verdict.rejected,
      };
    });
  }

  get(ctx: RequestContext, request: GetEventsRequest) {
    this.#streams.require(ctx, request.group, request.stream);
    // GetLogEvents' endTime is exclusive ("equal to or later than this time are not included").
    const range = {
      startTime: request.startTime,
      endTime: request.endTime === undefined ? undefined : request.endTime - 1,
    };
    const events = this.#read(scopeOf(ctx), request.group, { names: [request.stream] }, range);
    const window = eventWindow(events, request);
    return {
      events: window.events.map(({ timestamp, message, ingestionTime }) => ({
        timestamp,
        message,
        ingestionTime,
      })),
      nextForwardToken: window.nextForwardToken,
      nextBackwardToken: window.nextBackwardToken,
    };
  }

  filter(ctx: RequestContext, request: FilterEventsRequest) {
    const scope = scopeOf(ctx);
    this.#groups.require(scope, request.group);
    if (request.streamNames !== undefined && request.streamPrefix !== undefined)
      // [INF] the model: "If you specify a value for both … the action returns an InvalidParameterException error."
      throw logsErrors.invalidParameter('You cannot specify both logStreamNames and logStreamNamePrefix.');
    const parsed = parseFilterPattern(request.filterPattern ?? '');
    if (!parsed.ok) throw logsErrors.invalidParameter(`Invalid filter pattern: ${parsed.problem}`);
    const select = { names: request.streamNames, prefix: request.streamPrefix };
    const events = this.#read(scope, request.group, select, request).filter((event) =>
      matchesFilterPattern(parsed.pattern, event.message),
    );
    const page = keysetPage(events, request, {
      keyOf: (event) => event.eventId,
      invalidToken: logsErrors.invalidToken,
    });
    return {
      events: page.items.map((event) => ({
        logStreamName: event.stream,
        timestamp: event.timestamp,
        message: event.message,
        ingestionTime: event.ingestionTime,
        eventId: event.eventId,
      })),
      // "always empty since 2020-05-15" (ref ecs-services-elb-logs §7.2).
      searchedLogStreams: [],
      ...pageMembers(page, { next: 'nextToken' }),
    };
  }

  /** The events of the streams named (else all of the group's), by prefix too, in [startTime, endTime], by id. */
  #read(
    scope: Scope,
    group: string,
    select: { readonly names?: readonly string[]; readonly prefix?: string },
    range: TimeRange,
  ): StoredEvent[] {
    const retention = this.#groups.require(scope, group).retentionInDays;
    const from = Math.max(range.startTime ?? 0, retainedSince(this.#clock.now().getTime(), retention));
    const to = range.endTime ?? Number.POSITIVE_INFINITY;
    // A group-wide read (aws logs tail polls one every 5 s) skips, on the stream's bounds, the streams with no event
    // in range, such as those of a service's replaced tasks, without reading their batches.
    const names =
      select.names === undefined
        ? this.#store
            .streams(scope, group, select.prefix)
            .filter((s) => (s.lastEventTimestamp ?? -1) >= from && (s.firstEventTimestamp ?? 0) <= to)
            .map((s) => s.name)
        : [...new Set(select.names)].filter(
            (name) => select.prefix === undefined || name.startsWith(select.prefix),
          );
    const batches = names.flatMap((stream) => this.#store.batches(scope, group, stream));
    const events: StoredEvent[] = [];
    for (const batch of batches) {
      if (batch.last < from || batch.first > to) continue;
      for (const [index, [timestamp, message]] of batch.events.entries()) {
        if (timestamp < from || timestamp > to) continue;
        const id = eventId({ timestamp, batch: batch.batch, index });
        events.push({
          stream: batch.stream,
          eventId: id,
          timestamp,
          message,
          ingestionTime: batch.ingestionTime,
        });
      }
    }
    return events.sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  }

  /** Drops the stream's batches wholly older than the retention: retention bounds storage, not only reads. */
  #prune(scope: Scope, group: string, stream: string, since: number): void {
    if (since === Number.NEGATIVE_INFINITY) return;
    for (const batch of this.#store.batches(scope, group, stream))
      if (batch.last < since) this.#store.deleteBatch(batch);
  }
}
