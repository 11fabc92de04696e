import { FrameworkError } from './errors.js';

/**
 * Decodes an `application/x-www-form-urlencoded` string (a URL query or an AWS Query body) into (name, value) pairs
 * in order, repeats kept. `+` is a space, as in every form encoder (botocore sends spaces as `+`). A malformed
 * percent escape or bytes that are not UTF-8 raise `MalformedQueryString` rather than being guessed at.
 */
export function parseQueryString(raw: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (raw === '') return pairs;
  for (const segment of raw.split('&')) {
    if (segment === '') continue;
    const equals = segment.indexOf('=');
    const name = equals === -1 ? segment : segment.slice(0, equals);
    const value = equals === -1 ? '' : segment.slice(equals + 1);
    pairs.push([decodeComponent(name), decodeComponent(value)]);
  }
  return pairs;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const hexPair = /^[0-9A-Fa-f]{2}$/;

function decodeComponent(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text;
  const spaced = text.replaceAll('+', ' ');
  if (!spaced.includes('%')) return spaced;
  const bytes: number[] = [];
  for (let i = 0; i < spaced.length; i++) {
    const char = spaced[i]!;
    if (char !== '%') {
      // Not an escape: keep the character's own UTF-8 bytes (surrogate pairs as one code point).
      const point = spaced.codePointAt(i)!;
      if (point > 0xffff) i++;
      for (const byte of Buffer.from(String.fromCodePoint(point), 'utf8')) bytes.push(byte);
      continue;
    }
    const hex = spaced.slice(i + 1, i + 3);
    if (hex.length < 2)
      throw new FrameworkError('malformedQueryString', 'Incomplete trailing escape % sequence');
    if (!hexPair.test(hex)) {
      throw new FrameworkError('malformedQueryString', `Illegal hex character in escape % pattern: %${hex}`);
    }
    bytes.push(Number.parseInt(hex, 16));
    i += 2;
  }
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    throw new FrameworkError('malformedQueryString', 'Query string contains bytes that are not valid UTF-8');
  }
}
