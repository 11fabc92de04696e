/** Readers of the members many Logs operations share: group and stream names, tags, event lists. */
import type { JsonInputReader } from '../../../aws/index.js';
import { serializationError } from '../../../aws/index.js';
import { groupNameOf } from '../../../engines/logs/index.js';
import type { InputEvent } from '../domain/put-batch.js';
import { maxBatchEvents } from '../domain/put-batch.js';
import { logsErrors } from '../errors.js';

// The model's constraints on names (Logs_20140328 LogGroupName, LogStreamName).
export const groupName = { min: 1, max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/ } as const;
export const streamName = { min: 1, max: 512, pattern: /^[^:*]*$/ } as const;
const identifier = { min: 1, max: 2048, pattern: /^[\w#+=/:,.@-]*$/ } as const;

/** The group of an operation that takes `logGroupName` xor `logGroupIdentifier` (a name or a group ARN). */
export function readGroupReference(r: JsonInputReader): () => string {
  const name = r.string('logGroupName', groupName);
  const id = r.string('logGroupIdentifier', identifier);
  // Resolved after done(): a bad name is a validation error first, as AWS's front end reports it.
  return () => {
    if ((name === undefined) === (id === undefined)) throw logsErrors.groupIdentifier();
    const resolved = name ?? groupNameOf(id!);
    if (resolved === undefined) throw logsErrors.invalidParameter(`Invalid log group identifier: ${id}`);
    return resolved;
  };
}

/** A `tags` map (CreateLogGroup, TagResource): 1–50 entries, keys 1–128, values ≤ 256 (the model's Tags shape). */
export function readTags(
  r: JsonInputReader,
  member: string,
  required = false,
): Record<string, string> | undefined {
  const tags = r.stringMap(member);
  if (tags === undefined) {
    if (required) r.fail(member, 'null', 'Member must not be null');
    return undefined;
  }
  const count = Object.keys(tags).length;
  if (count < 1 || count > 50)
    r.fail(
      member,
      undefined,
      `Member must have length ${count < 1 ? 'greater than or equal to 1' : 'less than or equal to 50'}`,
    );
  return tags;
}

/** `logEvents`: 1–10,000 `{timestamp, message}` items, each member required, messages non-empty. */
export function readEvents(r: JsonInputReader): InputEvent[] {
  const events = r.list(
    'logEvents',
    (item, path) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw serializationError();
      const { timestamp, message } = item as Record<string, unknown>;
      if (timestamp === undefined || timestamp === null)
        r.fail(`${path}.timestamp`, 'null', 'Member must not be null');
      else if (typeof timestamp !== 'number' || !Number.isInteger(timestamp)) throw serializationError();
      if (message === undefined || message === null)
        r.fail(`${path}.message`, 'null', 'Member must not be null');
      else if (typeof message !== 'string') throw serializationError();
      else if (message.length < 1)
        r.fail(`${path}.message`, `'${message}'`, 'Member must have length greater than or equal to 1');
      return {
        timestamp: typeof timestamp === 'number' ? timestamp : 0,
        message: typeof message === 'string' ? message : '',
      };
    },
    { min: 1, max: maxBatchEvents },
  );
  if (events === undefined) r.fail('logEvents', 'null', 'Member must not be null');
  return events ?? [];
}
