import { iamErrors } from '../errors.js';

export interface Page<T> {
  readonly items: T[];
  readonly isTruncated: boolean;
  readonly marker?: string;
}

/**
 * IAM's Marker/MaxItems pagination (default 100 items). The marker is opaque to clients; berth's names the last
 * item returned, so a page stays correct when items are added or removed between calls.
 */
export function page<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  marker?: string,
  maxItems = 100,
): Page<T> {
  let start = 0;
  if (marker !== undefined) {
    const after = decodeMarker(marker);
    start = items.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = items.length;
  }
  const slice = items.slice(start, start + maxItems);
  const isTruncated = start + maxItems < items.length;
  return {
    items: slice,
    isTruncated,
    marker: isTruncated ? Buffer.from(keyOf(slice.at(-1)!), 'utf8').toString('base64url') : undefined,
  };
}

/** The IsTruncated/Marker members of a listing response. */
export function pageWire<T>(result: Page<T>): { IsTruncated: boolean; Marker?: string } {
  return { IsTruncated: result.isTruncated, Marker: result.marker };
}

function decodeMarker(marker: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(marker)) throw iamErrors.validation('Invalid Marker.');
  return Buffer.from(marker, 'base64url').toString('utf8');
}
