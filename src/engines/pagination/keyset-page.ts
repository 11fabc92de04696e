/**
 * List pagination for every service: keyset pages. The token names the sort key of the last item served (base64url
 * of `{"after": key}`, opaque to clients), and the next page starts at the first item that sorts after it. So a page
 * stays right when items are added or removed between calls: nothing is skipped or served twice, which an offset
 * (or a "start at this item" marker that may have been deleted meanwhile) cannot promise.
 *
 * What differs per service is passed in: the page size, the order, the service's own error for a token it did not
 * hand out (its text and type are AWS's), and the response members (`NextToken`, `Marker` + `IsTruncated`,
 * `NextMarker` + `Truncated`, see `pageMembers`).
 */
import { Buffer } from 'node:buffer';

/** An item's position in the order: one string, or several compared member by member (a sort field, then a name). */
export type PageKey = string | readonly string[];

export interface PageRequest {
  /** The token from the previous page, as the client sent it. */
  readonly token?: string;
  readonly limit: number;
}

export interface KeysetOrder<T> {
  readonly keyOf: (item: T) => PageKey;
  /** The order the list is sorted in, over keys; `ascending` unless given. */
  readonly compare?: (a: readonly string[], b: readonly string[]) => number;
  /** The service's error for a token it did not hand out. */
  readonly invalidToken: () => Error;
}

export interface Page<T> {
  readonly items: T[];
  /** The token of the next page, when there are more items. */
  readonly nextToken?: string;
}

/** At most `limit` items of `sorted` (sorted in `order`) after the token's key. */
export function keysetPage<T>(sorted: readonly T[], request: PageRequest, order: KeysetOrder<T>): Page<T> {
  const compare = order.compare ?? ascending;
  const after = request.token === undefined ? undefined : decode(request.token, order.invalidToken);
  const start =
    after === undefined ? 0 : sorted.findIndex((item) => compare(keyList(order.keyOf(item)), after) > 0);
  const rest = start < 0 ? [] : sorted.slice(start);
  const items = rest.slice(0, request.limit);
  const more = rest.length > request.limit;
  return { items, nextToken: more ? encode(order.keyOf(items.at(-1)!)) : undefined };
}

/** Strings in code-unit order, tuples member by member (a shorter tuple first when one is a prefix of the other). */
export function ascending(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}

export function descending(a: readonly string[], b: readonly string[]): number {
  return ascending(b, a);
}

/**
 * The page's response members under the service's names: the next token always (undefined on the last page, as
 * before), and a truncation flag when the service has one.
 */
export function pageMembers<N extends string, F extends string = never>(
  page: Page<unknown>,
  names: { readonly next: N; readonly truncated?: F },
): Record<F, boolean> & Partial<Record<N, string>> {
  const members: Record<string, unknown> = {};
  if (names.truncated !== undefined) members[names.truncated] = page.nextToken !== undefined;
  members[names.next] = page.nextToken;
  return members as Record<F, boolean> & Partial<Record<N, string>>;
}

function keyList(key: PageKey): readonly string[] {
  return typeof key === 'string' ? [key] : key;
}

function encode(key: PageKey): string {
  return Buffer.from(JSON.stringify({ after: key }), 'utf8').toString('base64url');
}

function decode(token: string, invalid: () => Error): readonly string[] {
  let after: unknown;
  try {
    after = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown }).after;
  } catch {
    throw invalid();
  }
  if (typeof after === 'string') return [after];
  if (Array.isArray(after) && after.length > 0 && after.every((part) => typeof part === 'string'))
    return after;
  throw invalid();
}
