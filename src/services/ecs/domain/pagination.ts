/**
 * List pagination: a page of at most `maxResults` items after the one the token names. The token is opaque to
 * callers (base64url of the last key served), so a page stays right when items are added or removed meanwhile.
 */
import { ecsMessages } from '../../../engines/ecs/index.js';
import { ecsErrors } from '../errors.js';

export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

/** `sorted` is in `order` of `keyOf` (ascending unless 'desc'). */
export function paginate<T>(
  sorted: readonly T[],
  keyOf: (item: T) => string,
  maxResults: number,
  nextToken: string | undefined,
  order: 'asc' | 'desc' = 'asc',
): Page<T> {
  const after = nextToken === undefined ? undefined : decode(nextToken);
  const beyond = (key: string) => (order === 'asc' ? key > after! : key < after!);
  const start = after === undefined ? 0 : sorted.findIndex((item) => beyond(keyOf(item)));
  const rest = start < 0 ? [] : sorted.slice(start);
  const items = rest.slice(0, maxResults);
  const more = rest.length > maxResults;
  return { items, nextToken: more ? encode(keyOf(items[items.length - 1]!)) : undefined };
}

function encode(key: string): string {
  return Buffer.from(JSON.stringify({ after: key }), 'utf8').toString('base64url');
}

function decode(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // falls through to the error below
  }
  throw ecsErrors.invalidParameter(ecsMessages.invalidNextToken);
}
