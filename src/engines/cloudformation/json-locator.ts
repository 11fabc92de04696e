import { pointerSegment, type TextPosition, templateError } from './template-error.js';

/**
 * Where each value of a JSON text starts, by JSON pointer (RFC 6901), for SARIF locations and error positions.
 * `JSON.parse` has already accepted the text, so this scan only follows its structure: one left-to-right pass, no
 * regular expressions. It refuses what JSON.parse lets through silently: a key repeated in one object (JSON.parse
 * keeps the last, CloudFormation refuses the template — an ambiguity berth will not guess at), and nesting past
 * `maxDepth` (the recursion here is bounded by it).
 */
export function locateJson(text: string, maxDepth: number): Map<string, TextPosition> {
  const scan = new Scan(text, maxDepth);
  scan.value('', 0);
  return scan.positions;
}

class Scan {
  readonly positions = new Map<string, TextPosition>();
  readonly #text: string;
  readonly #maxDepth: number;
  #i = 0;
  #line = 1;
  #lineStart = 0;

  constructor(text: string, maxDepth: number) {
    this.#text = text;
    this.#maxDepth = maxDepth;
  }

  value(pointer: string, depth: number): void {
    if (depth > this.#maxDepth)
      throw templateError(`nested deeper than ${this.#maxDepth} levels`, this.#here());
    this.#skipSpace();
    this.positions.set(pointer, this.#here());
    const c = this.#text[this.#i];
    if (c === '{') this.#object(pointer, depth);
    else if (c === '[') this.#array(pointer, depth);
    else if (c === '"') this.#string();
    else while (this.#i < this.#text.length && !',]} \t\r\n'.includes(this.#text[this.#i]!)) this.#i++;
  }

  #object(pointer: string, depth: number): void {
    this.#i++;
    // A Set of own keys: a key such as `__proto__` is just a string here.
    const keys = new Set<string>();
    this.#skipSpace();
    if (this.#text[this.#i] === '}') {
      this.#i++;
      return;
    }
    for (;;) {
      this.#skipSpace();
      const at = this.#here();
      const key = this.#string();
      if (keys.has(key)) throw templateError(`the key "${key}" appears twice in one object`, at);
      keys.add(key);
      this.#skipSpace();
      this.#i++; // the colon
      this.value(`${pointer}/${pointerSegment(key)}`, depth + 1);
      this.#skipSpace();
      if (this.#text[this.#i++] !== ',') return;
    }
  }

  #array(pointer: string, depth: number): void {
    this.#i++;
    this.#skipSpace();
    if (this.#text[this.#i] === ']') {
      this.#i++;
      return;
    }
    for (let index = 0; ; index++) {
      this.value(`${pointer}/${index}`, depth + 1);
      this.#skipSpace();
      if (this.#text[this.#i++] !== ',') return;
    }
  }

  /** The string at the cursor (JSON strings hold no raw line breaks), unescaped only when it has escapes. */
  #string(): string {
    const start = this.#i++;
    let escaped = false;
    while (this.#i < this.#text.length) {
      const c = this.#text.charCodeAt(this.#i++);
      if (c === 92) {
        escaped = true;
        this.#i++;
      } else if (c === 34) break;
    }
    const raw = this.#text.slice(start, this.#i);
    return escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  }

  #skipSpace(): void {
    for (;;) {
      const c = this.#text.charCodeAt(this.#i);
      if (c === 10) {
        this.#line++;
        this.#lineStart = this.#i + 1;
      } else if (c !== 32 && c !== 9 && c !== 13) return;
      this.#i++;
    }
  }

  #here(): TextPosition {
    return { line: this.#line, column: this.#i - this.#lineStart + 1 };
  }
}
