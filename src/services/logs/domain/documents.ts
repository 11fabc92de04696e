/** What the Logs store keeps. Every document carries its account and region (its own ScopedCollection scope). */

export interface GroupDocument {
  readonly account: string;
  readonly region: string;
  readonly name: string;
  readonly creationTime: number;
  readonly retentionInDays?: number;
  readonly kmsKeyId?: string;
  readonly logGroupClass: string;
  readonly tags: Readonly<Record<string, string>>;
  /** How many batches of events the group has received: the next batch's number (event ids, engines/logs). */
  readonly batches: number;
}

export interface StreamDocument {
  readonly account: string;
  readonly region: string;
  readonly group: string;
  readonly name: string;
  readonly creationTime: number;
  readonly firstEventTimestamp?: number;
  readonly lastEventTimestamp?: number;
  readonly lastIngestionTime?: number;
}

/** One accepted PutLogEvents batch of one stream: its events in timestamp order, as [timestamp, message]. */
export interface BatchDocument {
  readonly account: string;
  readonly region: string;
  readonly group: string;
  readonly stream: string;
  readonly batch: number;
  readonly ingestionTime: number;
  /** The batch's oldest and newest timestamps, so a read can skip it without looking at its events. */
  readonly first: number;
  readonly last: number;
  readonly events: readonly (readonly [number, string])[];
}

/** An event as reads return it. */
export interface StoredEvent {
  readonly stream: string;
  readonly eventId: string;
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime: number;
}
