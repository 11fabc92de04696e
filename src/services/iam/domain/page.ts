/**
 * IAM's Marker/MaxItems pagination (default 100 items) on the shared keyset pages: a marker IAM did not hand out is
 * ValidationError "Invalid Marker.".
 */
import { keysetPage, type Page, pageMembers } from '../../../engines/pagination/index.js';
import { iamErrors } from '../errors.js';

export function page<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  marker?: string,
  maxItems = 100,
): Page<T> {
  return keysetPage(
    items,
    { token: marker, limit: maxItems },
    { keyOf, invalidToken: () => iamErrors.validation('Invalid Marker.') },
  );
}

/** The IsTruncated/Marker members of a listing response. */
export function pageWire(result: Page<unknown>): { IsTruncated: boolean; Marker?: string } {
  return pageMembers(result, { next: 'Marker', truncated: 'IsTruncated' });
}
