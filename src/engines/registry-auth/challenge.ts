import { BerthError } from '../../errors/index.js';
import { quote } from '../oci/index.js';

/** One challenge of a `WWW-Authenticate` header (RFC 9110 §11.6.1). */
export interface Challenge {
  /** Lower case: schemes are case-insensitive. */
  readonly scheme: string;
  /** Parameter names in lower case; quoted values unescaped. */
  readonly params: Readonly<Record<string, string>>;
  /** The token68 form (`Negotiate abc==`), which stands instead of parameters. */
  readonly token68?: string;
}

/** Node joins headers to a few KiB at most; anything longer is hostile or broken. */
export const maxChallengeHeaderLength = 64 * 1024;

/**
 * Parses a `WWW-Authenticate` value into its challenges, in order: several challenges per line
 * (`Bearer realm=…,service=…, Basic realm=…`), Node's `, `-joined repeated headers, quoted strings with backslash
 * escapes, unquoted values, case-insensitive scheme and parameter names (reference/registry-protocol.md §1.4).
 * A single left-to-right scan with no regular expressions, so no input can make it backtrack.
 */
export function parseChallenges(header: string): Challenge[] {
  if (typeof header !== 'string') throw malformed(String(header), 'it is not a string');
  if (header.length > maxChallengeHeaderLength) {
    throw malformed(header, `it is longer than ${maxChallengeHeaderLength} characters`);
  }
  const scanner = new Scanner(header);
  const challenges: Challenge[] = [];
  for (;;) {
    scanner.skipListSeparators();
    if (scanner.atEnd()) return challenges;
    challenges.push(readChallenge(scanner));
  }
}

/** Bearer first, then Basic (§0 item 6); other schemes are not used for registries. */
export function preferredChallenge(challenges: readonly Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
}

/** The Bearer parameters the token flow uses (distribution token.md; RFC 6750 §3 for `error`). */
export interface BearerChallenge {
  readonly realm: string;
  readonly service?: string;
  readonly scope?: string;
  /** `invalid_token` or `insufficient_scope` on a retry-worthy 401 (§1.3). */
  readonly error?: string;
  readonly errorDescription?: string;
}

/** Reads a Bearer challenge's parameters; a Bearer challenge without a realm cannot be followed. */
export function bearerChallenge(challenge: Challenge): BearerChallenge {
  if (challenge.scheme !== 'bearer') {
    throw new BerthError(
      'BERTH_INVALID_CHALLENGE',
      `expected a Bearer challenge, got ${quote(challenge.scheme)}`,
    );
  }
  const { realm, service, scope, error } = challenge.params;
  const errorDescription = challenge.params.error_description;
  if (!realm) throw new BerthError('BERTH_INVALID_CHALLENGE', 'the Bearer challenge has no realm');
  return {
    realm,
    ...(service === undefined ? {} : { service }),
    ...(scope === undefined ? {} : { scope }),
    ...(error === undefined ? {} : { error }),
    ...(errorDescription === undefined ? {} : { errorDescription }),
  };
}

/** Writes a challenge as a registry sends it: `Bearer realm="…",service="…"`, every value quoted. */
export function formatChallenge(challenge: Challenge): string {
  const scheme = canonicalSchemes.get(challenge.scheme) ?? challenge.scheme;
  if (!isToken(scheme))
    throw new BerthError('BERTH_INVALID_CHALLENGE', `scheme ${quote(scheme)} is not a token`);
  if (challenge.token68 !== undefined) return `${scheme} ${challenge.token68}`;
  const params = Object.entries(challenge.params).map(([name, value]) => {
    if (!isToken(name))
      throw new BerthError('BERTH_INVALID_CHALLENGE', `parameter ${quote(name)} is not a token`);
    if ([...value].some((ch) => isControl(ch.charCodeAt(0)))) {
      throw new BerthError('BERTH_INVALID_CHALLENGE', `parameter ${name} has a control character`);
    }
    return `${name}="${value.replace(/["\\]/g, '\\$&')}"`;
  });
  return params.length === 0 ? scheme : `${scheme} ${params.join(',')}`;
}

// A Map, not an object: a scheme named `__proto__` or `constructor` must not find Object.prototype's members.
const canonicalSchemes: ReadonlyMap<string, string> = new Map([
  ['bearer', 'Bearer'],
  ['basic', 'Basic'],
]);

function readChallenge(scanner: Scanner): Challenge {
  const scheme = scanner.token();
  if (scheme === '') throw scanner.error('expected an auth scheme');
  const spaced = scanner.skipSpaces();
  if (scanner.atEnd() || scanner.peek() === ',') return { scheme: scheme.toLowerCase(), params: {} };
  if (!spaced) throw scanner.error(`expected a space after the scheme ${quote(scheme)}`);
  const token68 = scanner.token68();
  if (token68 !== undefined) return { scheme: scheme.toLowerCase(), params: {}, token68 };
  const params: [string, string][] = [];
  const seen = new Set<string>();
  for (;;) {
    const name = scanner.token().toLowerCase();
    if (name === '') throw scanner.error('expected a parameter name');
    scanner.skipSpaces();
    if (scanner.peek() !== '=') throw scanner.error(`expected "=" after the parameter ${quote(name)}`);
    scanner.advance();
    scanner.skipSpaces();
    // `empty=""` is legal; a bare `name=` with nothing after it is not.
    const isQuoted = scanner.peek() === '"';
    const value = isQuoted ? scanner.quoted() : scanner.bareValue();
    if (!isQuoted && value === '') throw scanner.error(`the parameter ${quote(name)} has no value`);
    // A repeated parameter (two realms) has no safe reading: RFC 9110 says each name occurs once.
    if (seen.has(name)) throw scanner.error(`the parameter ${quote(name)} is repeated`);
    seen.add(name);
    params.push([name, value]);
    scanner.skipSpaces();
    if (scanner.atEnd()) break;
    if (scanner.peek() !== ',') throw scanner.error('expected "," between parameters');
    scanner.skipListSeparators();
    if (scanner.atEnd() || !scanner.parameterFollows()) break;
  }
  // fromEntries defines own data properties, so a "__proto__" parameter cannot reach the prototype.
  return { scheme: scheme.toLowerCase(), params: Object.fromEntries(params) };
}

function malformed(header: string, reason: string): BerthError {
  return new BerthError('BERTH_INVALID_CHALLENGE', `malformed WWW-Authenticate ${quote(header)}: ${reason}`);
}

// RFC 9110 tchar, token68 characters, and what an unquoted value may hold here.
const tchar = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]$/;
const token68char = /^[-._~+/0-9A-Za-z]$/;

function isToken(text: string): boolean {
  return text !== '' && [...text].every((ch) => tchar.test(ch));
}

function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09) || code === 0x7f;
}

class Scanner {
  #pos = 0;
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  atEnd(): boolean {
    return this.#pos >= this.#text.length;
  }

  peek(): string {
    return this.#text.charAt(this.#pos);
  }

  advance(): void {
    this.#pos++;
  }

  skipSpaces(): boolean {
    const start = this.#pos;
    while (this.peek() === ' ' || this.peek() === '\t') this.#pos++;
    return this.#pos > start;
  }

  /** Skips whitespace and commas: RFC 9110 lists may have empty elements. */
  skipListSeparators(): void {
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === ',') this.#pos++;
  }

  token(): string {
    const start = this.#pos;
    while (!this.atEnd() && tchar.test(this.peek())) this.#pos++;
    return this.#text.slice(start, this.#pos);
  }

  /** A token68 that stands alone (followed by end or ","); otherwise nothing is consumed. */
  token68(): string | undefined {
    const start = this.#pos;
    let end = start;
    while (end < this.#text.length && token68char.test(this.#text.charAt(end))) end++;
    if (end === start) return undefined;
    while (this.#text.charAt(end) === '=') end++;
    let after = end;
    while (this.#text.charAt(after) === ' ' || this.#text.charAt(after) === '\t') after++;
    // `name=value` continues past the "=" run, so only a run that ends the element makes this a token68;
    // and `name=,other=…` is an empty parameter followed by another one, not a token68.
    if (after < this.#text.length && this.#text.charAt(after) !== ',') return undefined;
    this.#pos = after;
    this.skipListSeparators();
    const parameterNext = this.#text.charAt(end - 1) === '=' && !this.atEnd() && this.parameterFollows();
    this.#pos = parameterNext ? start : end;
    return parameterNext ? undefined : this.#text.slice(start, end);
  }

  /** After a list separator: does `name =` follow (another parameter) rather than a new challenge? */
  parameterFollows(): boolean {
    const start = this.#pos;
    const name = this.token();
    this.skipSpaces();
    const isParameter = name !== '' && this.peek() === '=';
    this.#pos = start;
    return isParameter;
  }

  quoted(): string {
    this.#pos++;
    let value = '';
    for (;;) {
      if (this.atEnd()) throw this.error('a quoted string is not closed');
      const ch = this.peek();
      this.#pos++;
      if (ch === '"') return value;
      if (ch === '\\') {
        if (this.atEnd()) throw this.error('a backslash escape ends the header');
        value += this.peek();
        this.#pos++;
      } else if (isControl(ch.charCodeAt(0))) {
        throw this.error('a quoted string has a control character');
      } else {
        value += ch;
      }
    }
  }

  /** Unquoted values run to whitespace or ",": wider than RFC tokens, because some servers send bare URLs. */
  bareValue(): string {
    const start = this.#pos;
    while (!this.atEnd()) {
      const ch = this.peek();
      const code = ch.charCodeAt(0);
      if (ch === ',' || ch === ' ' || ch === '\t' || ch === '"' || ch === '\\' || isControl(code)) break;
      this.#pos++;
    }
    return this.#text.slice(start, this.#pos);
  }

  error(reason: string): BerthError {
    return malformed(this.#text, `${reason} at position ${this.#pos}`);
  }
}
