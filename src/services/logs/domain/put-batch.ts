/**
 * PutLogEvents' rules as the API reference states them today [DOC: API_PutLogEvents, quoted in SDK docs]: events
 * in chronological order; a batch spans at most 24 hours; at most 10,000 events and 1,048,576 bytes, counted as
 * each message's UTF-8 bytes plus 26; no event more than 2 hours in the future nor older than 14 days or than the
 * group's retention — those are not errors but rejected, reported by index in `rejectedLogEventsInfo`, and the rest
 * is accepted. The sequence token is ignored and never refused (ref ecs-services-elb-logs §7.2).
 */

export const maxBatchEvents = 10_000;
export const maxBatchBytes = 1_048_576;
const perEventBytes = 26;
const hour = 3_600_000;
const day = 24 * hour;

export interface InputEvent {
  readonly timestamp: number;
  readonly message: string;
}

export interface RejectedInfo {
  tooNewLogEventStartIndex?: number;
  tooOldLogEventEndIndex?: number;
  expiredLogEventEndIndex?: number;
}

export type BatchVerdict =
  | { readonly ok: true; readonly accepted: readonly InputEvent[]; readonly rejected?: RejectedInfo }
  | { readonly ok: false; readonly problem: string };

export function judgeBatch(
  events: readonly InputEvent[],
  now: number,
  retentionInDays?: number,
): BatchVerdict {
  let bytes = 0;
  for (const [i, event] of events.entries()) {
    bytes += Buffer.byteLength(event.message, 'utf8') + perEventBytes;
    if (i > 0 && event.timestamp < events[i - 1]!.timestamp)
      // [INF] worded after the API reference's rule; AWS's exact text is not recorded.
      return {
        ok: false,
        problem: 'Log events in a single PutLogEvents request must be in chronological order.',
      };
  }
  if (bytes > maxBatchBytes)
    // [INF] AWS's text for an oversized batch is not recorded; this names both numbers.
    return { ok: false, problem: `Upload too large: ${bytes} bytes exceeds limit of ${maxBatchBytes}` };
  if (events.length > 0 && events.at(-1)!.timestamp - events[0]!.timestamp > day)
    return {
      ok: false,
      problem: 'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
    };
  const tooOld = now - 14 * day;
  const expired = retentionInDays === undefined ? undefined : now - retentionInDays * day;
  const tooNew = now + 2 * hour;
  const rejected: RejectedInfo = {};
  const accepted: InputEvent[] = [];
  for (const [i, event] of events.entries()) {
    if (event.timestamp > tooNew) rejected.tooNewLogEventStartIndex ??= i;
    else if (expired !== undefined && event.timestamp < expired) rejected.expiredLogEventEndIndex = i;
    else if (event.timestamp < tooOld) rejected.tooOldLogEventEndIndex = i;
    else accepted.push(event);
  }
  return Object.keys(rejected).length === 0 ? { ok: true, accepted } : { ok: true, accepted, rejected };
}

/** The oldest timestamp a group with this retention still shows (retention is enforced on read). */
export function retainedSince(now: number, retentionInDays: number | undefined): number {
  return retentionInDays === undefined ? Number.NEGATIVE_INFINITY : now - retentionInDays * day;
}

/** The retention values PutRetentionPolicy accepts [DOC: API_PutRetentionPolicy, the model's enum]. */
export const retentionDays = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
