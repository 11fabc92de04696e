/**
 * GetLogEvents' window over one stream (ref ecs-services-elb-logs §7.2): without a token, the first `limit` events
 * (`startFromHead`) or the last (the default); `f/ID` continues after the event ID, `b/ID` goes back before it. The
 * answer always carries both tokens — `f/` + the last event's id and `b/` + the first's — and when nothing is left the
 * position passed in, so a reader polling with `nextForwardToken` sees each new event once.
 */
import { beforeAllEvents, isEventId } from '../../../engines/logs/index.js';
import type { StoredEvent } from './documents.js';

/** "As many log events as can fit in a response size of 1 MB" (ref ecs-services-elb-logs §7.2). */
const maxResponseBytes = 1_048_576;

export interface EventToken {
  readonly direction: 'f' | 'b';
  readonly position: string;
}

/** A token berth handed out (`f/<56 digits>` or `b/…`, optionally with AWS's `/s` suffix), else undefined. */
export function parseEventToken(token: string): EventToken | undefined {
  const [direction, position, suffix, ...rest] = token.split('/');
  if ((direction !== 'f' && direction !== 'b') || position === undefined || !isEventId(position))
    return undefined;
  if (rest.length > 0 || (suffix !== undefined && suffix !== 's')) return undefined;
  return { direction, position };
}

export interface EventWindow {
  readonly events: readonly StoredEvent[];
  readonly nextForwardToken: string;
  readonly nextBackwardToken: string;
}

/** `sorted` in event-id order. */
export function eventWindow(
  sorted: readonly StoredEvent[],
  request: { readonly token?: EventToken; readonly startFromHead: boolean; readonly limit: number },
): EventWindow {
  const { token, limit } = request;
  const forward = token ? token.direction === 'f' : request.startFromHead;
  const candidates = !token
    ? sorted
    : token.direction === 'f'
      ? sorted.filter((event) => event.eventId > token.position)
      : sorted.filter((event) => event.eventId < token.position);
  const events = forward ? fitForward(candidates, limit) : fitBackward(candidates, limit);
  const first = events[0]?.eventId ?? token?.position ?? beforeAllEvents;
  const last = events.at(-1)?.eventId ?? token?.position ?? beforeAllEvents;
  return { events, nextForwardToken: `f/${last}`, nextBackwardToken: `b/${first}` };
}

function fitForward(events: readonly StoredEvent[], limit: number): StoredEvent[] {
  const taken: StoredEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    bytes += Buffer.byteLength(event.message, 'utf8') + 26;
    if (taken.length === limit || (taken.length > 0 && bytes > maxResponseBytes)) break;
    taken.push(event);
  }
  return taken;
}

function fitBackward(events: readonly StoredEvent[], limit: number): StoredEvent[] {
  return fitForward([...events].reverse(), limit).reverse();
}
