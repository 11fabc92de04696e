import { quote } from '../../engines/oci/index.js';
import { OciError } from './oci-errors.js';
import { queryParams } from './server-http.js';

/** `?n=&last=` of a tags or catalog request. */
export interface PageRequest {
  /** At most this many items; undefined for all. */
  readonly n: number | undefined;
  /** Only items after this one, in order. */
  readonly last: string | undefined;
}

/** Reads `n` and `last`; PAGINATION_NUMBER_INVALID (Distribution's code) when `n` is not a non-negative integer. */
export function pageRequest(query: string): PageRequest {
  const params = queryParams(query);
  const nParam = params.get('n');
  const last = params.get('last') ?? undefined;
  if (nParam === null) return { n: undefined, last };
  const n = /^\d{1,15}$/.test(nParam) ? Number(nParam) : Number.NaN;
  if (!Number.isSafeInteger(n)) {
    throw new OciError(
      'PAGINATION_NUMBER_INVALID',
      `n must be a non-negative integer, not ${quote(nParam)}`,
      {
        n: nParam.slice(0, 100),
      },
    );
  }
  return { n, last };
}

/**
 * One page of `sorted` (ASCIIbetical, as the spec asks): the items after `last` that `visible` lets through, at
 * most `n`; `more` when a further visible item exists. `visible` is asked only until the page is full.
 */
export async function takePage(
  sorted: readonly string[],
  page: PageRequest,
  visible: (item: string) => boolean | Promise<boolean> = () => true,
): Promise<{ items: string[]; more: boolean }> {
  const items: string[] = [];
  for (const item of sorted) {
    if (page.last !== undefined && item <= page.last) continue;
    if (!(await visible(item))) continue;
    if (page.n !== undefined && items.length >= page.n) return { items, more: true };
    items.push(item);
  }
  return { items, more: false };
}

/**
 * `Link: <path?n=N&last=LAST>; rel="next"` (RFC 5988) when a further page exists. With `n=0` there is none: the
 * spec says an empty list and no Link header.
 */
export function nextPageLink(
  path: string,
  page: PageRequest,
  result: { items: readonly string[]; more: boolean },
): Array<[string, string]> {
  const last = result.items.at(-1);
  if (!result.more || page.n === undefined || page.n === 0 || last === undefined) return [];
  return [['Link', `<${path}?n=${page.n}&last=${encodeURIComponent(last)}>; rel="next"`]];
}
