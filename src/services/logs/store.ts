import { type Persistence, type Scope, ScopedCollection } from '../../ports/index.js';
import type { BatchDocument, GroupDocument, StreamDocument } from './domain/documents.js';

export const logsCollections = {
  groups: 'logs.groups',
  streams: 'logs.streams',
  batches: 'logs.batches',
} as const;

/**
 * CloudWatch Logs' state on the Persistence port, per account and region: groups by name, streams by
 * `group:stream`, event batches by `group:stream:<batch, 20 digits>`. `:` appears in neither a group name
 * (`[.\-_/#A-Za-z0-9]+`) nor a stream name (`[^:*]*`), so `group:` is exactly one group's streams and batches and
 * `group:stream:` one stream's batches, in arrival order. Events live in their PutLogEvents batch (up to 10,000
 * events, 1 MB): a read of a stream or a group is one prefix scan, a batch outside the time range is skipped on its
 * bounds, and nothing is kept in memory between requests beyond the persistence's bounded read cache.
 */
export class LogsStore {
  readonly #p: Persistence;
  readonly #groups: ScopedCollection<GroupDocument>;
  readonly #streams: ScopedCollection<StreamDocument>;
  readonly #batches: ScopedCollection<BatchDocument>;

  constructor(persistence: Persistence) {
    this.#p = persistence;
    this.#groups = new ScopedCollection(persistence, logsCollections.groups);
    this.#streams = new ScopedCollection(persistence, logsCollections.streams);
    this.#batches = new ScopedCollection(persistence, logsCollections.batches);
  }

  transaction<T>(fn: () => T): T {
    return this.#p.transaction(fn);
  }

  group(scope: Scope, name: string): GroupDocument | undefined {
    return this.#groups.get(scope, name);
  }

  putGroup(group: GroupDocument): void {
    this.#groups.put(group, group.name, group);
  }

  /** The scope's groups in name order (ASCII, as DescribeLogGroups sorts), optionally by name prefix. */
  groups(scope: Scope, prefix = ''): GroupDocument[] {
    return this.#groups.list(scope, prefix);
  }

  /** Deletes the group with its streams and their events. */
  deleteGroup(scope: Scope, name: string): void {
    for (const stream of this.streams(scope, name)) this.deleteStream(scope, name, stream.name);
    this.#groups.delete(scope, name);
  }

  stream(scope: Scope, group: string, name: string): StreamDocument | undefined {
    return this.#streams.get(scope, `${group}:${name}`);
  }

  putStream(stream: StreamDocument): void {
    this.#streams.put(stream, `${stream.group}:${stream.name}`, stream);
  }

  /** A group's streams in name order, optionally by name prefix. */
  streams(scope: Scope, group: string, prefix = ''): StreamDocument[] {
    return this.#streams.list(scope, `${group}:${prefix}`);
  }

  deleteStream(scope: Scope, group: string, name: string): void {
    for (const batch of this.batches(scope, group, name)) this.deleteBatch(batch);
    this.#streams.delete(scope, `${group}:${name}`);
  }

  putBatch(batch: BatchDocument): void {
    this.#batches.put(batch, batchKey(batch), batch);
  }

  deleteBatch(batch: BatchDocument): void {
    this.#batches.delete(batch, batchKey(batch));
  }

  /** One stream's batches, or with no stream every batch of the group, in key order. */
  batches(scope: Scope, group: string, stream?: string): BatchDocument[] {
    return this.#batches.list(scope, stream === undefined ? `${group}:` : `${group}:${stream}:`);
  }
}

function batchKey(batch: BatchDocument): string {
  return `${batch.group}:${batch.stream}:${String(batch.batch).padStart(20, '0')}`;
}
