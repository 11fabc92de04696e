/** An inclusive byte range of an object. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The `Range` header of a GetObject (RFC 9110 §14.1.2, one range: S3 serves no multi-range requests): `bytes=a-b`,
 * `bytes=a-` or `bytes=-n`. Undefined means the whole object (no header, or one S3 ignores: not `bytes=`, several
 * ranges); 'unsatisfiable' is S3's 416 InvalidRange (a start past the end, or an empty object).
 */
export function byteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
