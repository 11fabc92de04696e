import { keysetPage } from '../../engines/pagination/index.js';
import { elbv2Errors } from './errors.js';

/** Describe* pages: `Marker` in, `NextMarker` out, PageSize 1–400 (default 400), by the item's sort key. */
export function describePage<T>(
  sorted: readonly T[],
  marker: string | undefined,
  pageSize: number | undefined,
  keyOf: (item: T) => string,
) {
  const page = keysetPage(
    sorted,
    { ...(marker === undefined ? {} : { token: marker }), limit: pageSize ?? 400 },
    { keyOf, invalidToken: elbv2Errors.invalidMarker },
  );
  return { items: page.items, NextMarker: page.nextToken };
}
