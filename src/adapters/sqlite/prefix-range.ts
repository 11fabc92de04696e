/**
 * The exclusive upper bound of the key range holding every key that starts with `prefix`, so that a prefix query is
 * `key >= prefix AND key < upper` — an index range scan, with no LIKE and so no wildcard characters to escape.
 *
 * SQLite's default BINARY collation compares TEXT as UTF-8 bytes, and UTF-8 byte order is code point order. The
 * strings that start with `prefix` are then exactly those in [prefix, prefix with its last code point incremented):
 * any string that sorts in between agrees with `prefix` up to its last code point, and there it cannot be larger
 * without reaching the bound. A last code point that cannot be incremented (U+10FFFF) is dropped and the one before
 * it incremented instead; `undefined` means there is no upper bound (every remaining key qualifies).
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const codePoints = Array.from(prefix, (char) => char.codePointAt(0)!);
  while (codePoints.length > 0) {
    const last = codePoints.pop()!;
    const next = nextCodePoint(last);
    if (next !== undefined) return String.fromCodePoint(...codePoints, next);
  }
  return undefined;
}

/** The next code point that UTF-8 can encode: surrogates are not characters and are skipped. */
function nextCodePoint(codePoint: number): number | undefined {
  if (codePoint >= 0x10ffff) return undefined;
  const next = codePoint + 1;
  return next >= 0xd800 && next <= 0xdfff ? 0xe000 : next;
}
