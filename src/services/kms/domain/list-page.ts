/**
 * KMS's list pages (Limit, Marker → Truncated, NextMarker) on the shared keyset pages: a marker KMS did not hand out
 * is InvalidMarkerException. The marker names the last item served, so a key or alias added or removed between
 * calls is neither skipped nor served twice.
 */
import { keysetPage, pageMembers } from '../../../engines/pagination/index.js';
import { kmsErrors } from '../errors.js';

export interface Page {
  readonly limit: number;
  readonly marker?: string;
}

/** `sorted` is in ascending order of `keyOf`. */
export function listPage<T>(sorted: readonly T[], keyOf: (item: T) => string, page: Page) {
  const result = keysetPage(
    sorted,
    { token: page.marker, limit: page.limit },
    { keyOf, invalidToken: kmsErrors.invalidMarker },
  );
  return {
    items: result.items,
    members: pageMembers(result, { next: 'NextMarker', truncated: 'Truncated' }),
  };
}
