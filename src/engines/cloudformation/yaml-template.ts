import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from 'yaml';
import { pointerSegment, type TextPosition, templateError } from './template-error.js';

/**
 * CloudFormation's YAML short forms (`!Ref X`, `!GetAtt R.Arn`, `!Sub …`) and the long form each stands for
 * (ref cloudformation-cdk §5.1; AWS's "Intrinsic function reference"). `!GetAtt` takes `Name.Attribute` as a string.
 */
const shortForms: ReadonlyMap<string, string> = new Map([
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ...[
    'And',
    'Base64',
    'Cidr',
    'Contains',
    'Equals',
    'FindInMap',
    'GetAtt',
    'GetAZs',
    'If',
    'ImportValue',
    'Join',
    'Length',
    'Not',
    'Or',
    'Select',
    'Split',
    'Sub',
    'ToJsonString',
    'Transform',
  ].map((name): [string, string] => [`!${name}`, `Fn::${name}`]),
]);

export interface YamlTemplate {
  readonly root: unknown;
  readonly positions: Map<string, TextPosition>;
}

/**
 * Reads a YAML template into plain values with the short forms spelled out, and the position of every value by
 * JSON pointer. The `yaml` package parses (YAML 1.2 core schema, so `2012-10-17` stays a string); this walk converts,
 * counting nodes so that aliases cannot expand a small text into a huge value (the "billion laughs").
 */
export function readYamlTemplate(
  text: string,
  limits: { readonly maxDepth: number; readonly maxNodes: number },
): YamlTemplate {
  const lineCounter = new LineCounter();
  // Duplicate keys are refused by the walk below with a Set: the parser's own check compares each key with every
  // earlier one, quadratic in a mapping's size (a 10,000-resource template took 10× as long as one of 2,500).
  const document = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const error = document.errors[0];
  if (error) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw templateError(error.message.split('\n')[0] ?? error.code, { line, column: col });
  }
  const walk = new Walk(document, lineCounter, limits);
  const root = walk.value(document.contents, '', 0);
  return { root, positions: walk.positions };
}

class Walk {
  readonly positions = new Map<string, TextPosition>();
  readonly #document: Document;
  readonly #lines: LineCounter;
  readonly #limits: { readonly maxDepth: number; readonly maxNodes: number };
  #nodes = 0;

  constructor(document: Document, lines: LineCounter, limits: { maxDepth: number; maxNodes: number }) {
    this.#document = document;
    this.#lines = lines;
    this.#limits = limits;
  }

  value(node: Node | null | undefined, pointer: string, depth: number): unknown {
    if (node === null || node === undefined) return null;
    const at = this.#position(node);
    if (++this.#nodes > this.#limits.maxNodes) {
      throw templateError(`more than ${this.#limits.maxNodes} values (aliases included)`, at);
    }
    if (depth > this.#limits.maxDepth)
      throw templateError(`nested deeper than ${this.#limits.maxDepth} levels`, at);
    if (!this.positions.has(pointer)) this.positions.set(pointer, at);
    if (isAlias(node)) return this.value(node.resolve(this.#document) as Node, pointer, depth + 1);
    const plain = this.#plain(node, pointer, depth);
    const tag = node.tag;
    if (tag === undefined || !tag.startsWith('!')) return plain;
    const longForm = shortForms.get(tag);
    if (longForm === undefined) throw templateError(`unknown tag ${tag}`, at);
    if (longForm === 'Fn::GetAtt' && typeof plain === 'string') {
      const dot = plain.indexOf('.');
      return { [longForm]: dot < 0 ? [plain] : [plain.slice(0, dot), plain.slice(dot + 1)] };
    }
    return { [longForm]: plain };
  }

  #plain(node: Node, pointer: string, depth: number): unknown {
    if (isScalar(node)) return node.value;
    if (isSeq(node)) {
      return node.items.map((item, index) => this.value(item as Node, `${pointer}/${index}`, depth + 1));
    }
    if (isMap(node)) {
      const entries: [string, unknown][] = [];
      const keys = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) {
          throw templateError('a mapping key is not a plain value', this.#position(node));
        }
        const key = String(pair.key.value);
        if (keys.has(key))
          throw templateError(`the key ${JSON.stringify(key)} appears twice`, this.#position(pair.key));
        keys.add(key);
        entries.push([key, this.value(pair.value as Node, `${pointer}/${pointerSegment(key)}`, depth + 1)]);
      }
      // fromEntries defines own properties: a `__proto__` key stays data.
      return Object.fromEntries(entries);
    }
    throw templateError('an unsupported YAML node', this.#position(node));
  }

  #position(node: Node): TextPosition {
    const offset = node.range?.[0] ?? 0;
    const { line, col } = this.#lines.linePos(offset);
    return { line, column: col };
  }
}
