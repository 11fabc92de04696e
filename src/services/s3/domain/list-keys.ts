/** One listing request over a bucket's keys (ListObjects, ListObjectsV2, ListObjectVersions). */
export interface KeyListing {
  readonly prefix: string;
  readonly delimiter: string;
  readonly maxKeys: number;
  /** List only keys after this one (exclusive): a marker, StartAfter, or a continuation token's key. */
  readonly after: string;
}

export interface KeyPage<T> {
  readonly items: T[];
  readonly commonPrefixes: string[];
  readonly truncated: boolean;
  /** The last key or common prefix returned: where the next page starts when truncated. */
  readonly last: string | undefined;
}

/**
 * One page of keys as S3 lists them (S3 "Organizing objects using prefixes", ListObjectsV2): keys under the prefix
 * after the marker, in order; with a delimiter, the keys that hold it after the prefix roll up into one common
 * prefix each (counted once, like a key, toward max-keys). A marker that is itself a common prefix skips the keys
 * it rolled up, so paging never returns one twice.
 */
export function listKeys<T>(
  entries: readonly T[],
  keyOf: (entry: T) => string,
  request: KeyListing,
): KeyPage<T> {
  const { prefix, delimiter, maxKeys, after } = request;
  const items: T[] = [];
  const commonPrefixes: string[] = [];
  let last: string | undefined;
  let count = 0;
  for (const entry of entries) {
    const key = keyOf(entry);
    if (!key.startsWith(prefix) || key <= after) continue;
    if (delimiter !== '' && after.endsWith(delimiter) && key.startsWith(after)) continue;
    const cut = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    const rolled = cut < 0 ? undefined : key.slice(0, cut + delimiter.length);
    if (rolled !== undefined && rolled === commonPrefixes.at(-1)) continue;
    if (count === maxKeys) return { items, commonPrefixes, truncated: true, last };
    count++;
    if (rolled !== undefined) {
      commonPrefixes.push(rolled);
      last = rolled;
    } else {
      items.push(entry);
      last = key;
    }
  }
  return { items, commonPrefixes, truncated: false, last };
}
