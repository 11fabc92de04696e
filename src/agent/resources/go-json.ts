/**
 * The parts of Go's encoding/json that the ECS agent's secret handling exposes to users (reference
 * ecs-private-auth.md §1.4, §1.9, §6.6): its syntax check with Go's exact error texts (`invalid character 'h'
 * looking for beginning of value`, `unexpected end of JSON input`), objects kept as ordered member lists (so that
 * duplicate keys can be applied in order, as json.Unmarshal into a struct does), and the `%v` rendering of a
 * decoded `interface{}` value.
 *
 * JSON.parse cannot stand in: it merges duplicate keys at the first key's position and its error texts are V8's.
 */

export type GoJsonValue =
  | { readonly kind: 'null' }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'number'; readonly literal: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'array'; readonly items: readonly GoJsonValue[] }
  | { readonly kind: 'object'; readonly members: readonly (readonly [string, GoJsonValue])[] };

/** A json.Unmarshal failure; `message` is Go's `err.Error()`. */
export class GoJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoJsonError';
  }
}

/** Parses like json.Unmarshal's validity scan: the first offending byte decides the message. */
export function decodeGoJson(text: string): GoJsonValue {
  const parser = new Parser(text);
  const value = parser.value();
  parser.skipSpace();
  if (!parser.atEnd()) throw parser.invalid('after top-level value');
  return value;
}

/**
 * json.Unmarshal into `map[string]interface{}`: non-objects are type errors (null leaves the map nil, i.e.
 * empty), duplicate keys keep the last value, numbers must fit a float64.
 */
export function decodeGoJsonMap(text: string): Map<string, GoJsonValue> {
  const value = decodeGoJson(text);
  if (value.kind === 'null') return new Map();
  if (value.kind !== 'object') {
    throw new GoJsonError(
      `json: cannot unmarshal ${value.kind} into Go value of type map[string]interface {}`,
    );
  }
  checkFloats(value);
  return new Map(value.members);
}

/** Go's `fmt.Sprintf("%v", v)` of a value decoded into `interface{}` (maps print with sorted keys). */
export function formatGoValue(value: GoJsonValue): string {
  switch (value.kind) {
    case 'null':
      return '<nil>';
    case 'bool':
      return String(value.value);
    case 'number':
      return formatGoFloat(Number(value.literal));
    case 'string':
      return value.value;
    case 'array':
      return `[${value.items.map(formatGoValue).join(' ')}]`;
    case 'object': {
      const entries = [...new Map(value.members)].sort(([a], [b]) => compareUtf8(a, b));
      return `map[${entries.map(([k, v]) => `${k}:${formatGoValue(v)}`).join(' ')}]`;
    }
  }
}

/** strconv.FormatFloat(f, 'g', -1, 64): shortest digits, exponent form below 1e-4 and from 1e+06 up. */
export function formatGoFloat(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const sign = value < 0 ? '-' : '';
  const [mantissa, exponent] = Math.abs(value).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exp = Number(exponent);
  if (exp < -4 || exp >= 6) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const expDigits = String(Math.abs(exp)).padStart(2, '0');
    return `${sign}${digits[0]}${fraction}e${exp < 0 ? '-' : '+'}${expDigits}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const fraction = digits.slice(exp + 1);
  return `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/** Go decodes every number into interface{} as float64; one that overflows is an UnmarshalTypeError. */
function checkFloats(value: GoJsonValue): void {
  if (value.kind === 'number' && !Number.isFinite(Number(value.literal))) {
    throw new GoJsonError(`json: cannot unmarshal number ${value.literal} into Go value of type float64`);
  }
  if (value.kind === 'array') for (const item of value.items) checkFloats(item);
  if (value.kind === 'object') for (const [, member] of value.members) checkFloats(member);
}

/** Go compares strings byte by byte in UTF-8; JavaScript's `<` compares UTF-16 code units. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

class Parser {
  readonly #text: string;
  #pos = 0;

  constructor(text: string) {
    this.#text = text;
  }

  atEnd(): boolean {
    return this.#pos >= this.#text.length;
  }

  skipSpace(): void {
    while (isSpace(this.#text[this.#pos])) this.#pos++;
  }

  /** Go's SyntaxError for the byte at the current position, or the end-of-input error. */
  invalid(context: string): GoJsonError {
    if (this.atEnd()) return new GoJsonError('unexpected end of JSON input');
    return new GoJsonError(`invalid character ${quoteByte(this.#text, this.#pos)} ${context}`);
  }

  /**
   * The same inside a token that a space cannot continue (number, literal, escape): Go's scanner ends the input
   * by feeding it a space, so a cut token reads `invalid character ' ' in numeric literal`.
   */
  #invalidInToken(context: string): GoJsonError {
    if (this.atEnd()) return new GoJsonError(`invalid character ' ' ${context}`);
    return this.invalid(context);
  }

  value(): GoJsonValue {
    this.skipSpace();
    const c = this.#text[this.#pos];
    if (c === '{') return this.#object();
    if (c === '[') return this.#array();
    if (c === '"') return { kind: 'string', value: this.#string() };
    if (c === '-' || isDigit(c)) return { kind: 'number', literal: this.#number() };
    if (c === 't') return this.#literal('true', { kind: 'bool', value: true });
    if (c === 'f') return this.#literal('false', { kind: 'bool', value: false });
    if (c === 'n') return this.#literal('null', { kind: 'null' });
    throw this.invalid('looking for beginning of value');
  }

  #object(): GoJsonValue {
    this.#pos++;
    const members: [string, GoJsonValue][] = [];
    this.skipSpace();
    if (this.#text[this.#pos] === '}') {
      this.#pos++;
      return { kind: 'object', members };
    }
    for (;;) {
      this.skipSpace();
      if (this.#text[this.#pos] !== '"') throw this.invalid('looking for beginning of object key string');
      const key = this.#string();
      this.skipSpace();
      if (this.#text[this.#pos] !== ':') throw this.invalid('after object key');
      this.#pos++;
      members.push([key, this.value()]);
      this.skipSpace();
      const next = this.#text[this.#pos];
      if (next === ',') {
        this.#pos++;
        continue;
      }
      if (next === '}') {
        this.#pos++;
        return { kind: 'object', members };
      }
      throw this.invalid('after object key:value pair');
    }
  }

  #array(): GoJsonValue {
    this.#pos++;
    const items: GoJsonValue[] = [];
    this.skipSpace();
    if (this.#text[this.#pos] === ']') {
      this.#pos++;
      return { kind: 'array', items };
    }
    for (;;) {
      items.push(this.value());
      this.skipSpace();
      const next = this.#text[this.#pos];
      if (next === ',') {
        this.#pos++;
        continue;
      }
      if (next === ']') {
        this.#pos++;
        return { kind: 'array', items };
      }
      throw this.invalid('after array element');
    }
  }

  #string(): string {
    const start = this.#pos;
    this.#pos++;
    for (;;) {
      const c = this.#text[this.#pos];
      if (c === undefined) throw this.invalid('in string literal');
      if (c === '"') break;
      if (c === '\\') {
        this.#pos++;
        const e = this.#text[this.#pos];
        if (e === 'u') {
          for (let i = 0; i < 4; i++) {
            this.#pos++;
            if (!isHex(this.#text[this.#pos]))
              throw this.#invalidInToken('in \\u hexadecimal character escape');
          }
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          throw this.#invalidInToken('in string escape code');
        }
      } else if (c < ' ') {
        throw this.invalid('in string literal');
      }
      this.#pos++;
    }
    this.#pos++;
    // Syntax is checked above; JSON.parse only unescapes. Go turns lone surrogates into U+FFFD.
    return replaceLoneSurrogates(JSON.parse(this.#text.slice(start, this.#pos)) as string);
  }

  #number(): string {
    const start = this.#pos;
    if (this.#text[this.#pos] === '-') {
      this.#pos++;
      if (!isDigit(this.#text[this.#pos])) throw this.#invalidInToken('in numeric literal');
    }
    if (this.#text[this.#pos] === '0') this.#pos++;
    else while (isDigit(this.#text[this.#pos])) this.#pos++;
    if (this.#text[this.#pos] === '.') {
      this.#pos++;
      if (!isDigit(this.#text[this.#pos]))
        throw this.#invalidInToken('after decimal point in numeric literal');
      while (isDigit(this.#text[this.#pos])) this.#pos++;
    }
    const e = this.#text[this.#pos];
    if (e === 'e' || e === 'E') {
      this.#pos++;
      const sign = this.#text[this.#pos];
      if (sign === '+' || sign === '-') this.#pos++;
      if (!isDigit(this.#text[this.#pos])) throw this.#invalidInToken('in exponent of numeric literal');
      while (isDigit(this.#text[this.#pos])) this.#pos++;
    }
    return this.#text.slice(start, this.#pos);
  }

  #literal(word: string, value: GoJsonValue): GoJsonValue {
    for (let i = 1; i < word.length; i++) {
      this.#pos++;
      if (this.#text[this.#pos] !== word[i]) {
        throw this.#invalidInToken(`in literal ${word} (expecting ${quoteByte(word, i)})`);
      }
    }
    this.#pos++;
    return value;
  }
}

/**
 * Go's `quoteChar(c)` of the offending byte: the scanner reads bytes, so a non-ASCII character is named by the
 * first byte of its UTF-8 form, printed as the Latin-1 character of that value (`é` → `'Ã'`).
 */
function quoteByte(text: string, index: number): string {
  const code = text.codePointAt(index)!;
  const byte = Buffer.from(String.fromCodePoint(code), 'utf8')[0]!;
  if (byte === 0x27) return "'\\''";
  if (byte === 0x22) return `'"'`;
  return `'${goQuoteRune(byte)}'`;
}

/** The inside of strconv.Quote for one rune below U+0100. */
function goQuoteRune(rune: number): string {
  const escapes: Record<number, string> = {
    7: '\\a',
    8: '\\b',
    12: '\\f',
    10: '\\n',
    13: '\\r',
    9: '\\t',
    11: '\\v',
    92: '\\\\',
  };
  const escaped = escapes[rune];
  if (escaped !== undefined) return escaped;
  if (rune < 0x20 || rune === 0x7f) return `\\x${rune.toString(16).padStart(2, '0')}`;
  // Not printable per strconv.IsPrint: the C1 controls, NBSP and the soft hyphen.
  if ((rune >= 0x80 && rune <= 0xa0) || rune === 0xad) return `\\u${rune.toString(16).padStart(4, '0')}`;
  return String.fromCharCode(rune);
}

function replaceLoneSurrogates(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
