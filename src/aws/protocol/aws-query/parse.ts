import { FrameworkError } from '../../errors.js';

/** An AWS Query request: its Action and Version, and the other parameters as a plain object tree. */
export interface QueryRequest {
  readonly action: string | undefined;
  readonly version: string | undefined;
  readonly input: Record<string, unknown>;
}

/** The Content-Type of a form body, whose parameters join the URL's (ref aws-iam-and-protocols §4.2). */
export const formContentType = 'application/x-www-form-urlencoded';

export function isFormBody(contentType: string): boolean {
  return /^application\/x-www-form-urlencoded\b/i.test(contentType);
}

/** SigV4 presigning parameters: authentication, not operation input. */
const authParameters = new Set([
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
]);

interface Node {
  value?: string;
  readonly children: Map<string, Node>;
}

const listIndex = /^[1-9]\d{0,8}$/;

/**
 * The most dot-separated segments a parameter name may have. The deepest name an IAM/STS shape needs is about 6
 * (`PolicyInputList.member.1.ContextEntries.member.1.ContextKeyValues.member.1`: 9); the conversion recurses per
 * segment, so a name of thousands (the fuzzer's, within the 1 MiB body) overflowed the stack into a 500.
 */
const maxNameSegments = 32;

/**
 * Turns decoded form pairs into the operation input (ref aws-iam-and-protocols §4.2): `a.b` nests, `X.member.N` is a list (1-based,
 * ordered by N, gaps closed), `X.N` a flattened list, `X.entry.N.key/value` a map, `X.member.N.Key` a list of
 * structures. Values stay strings: their types come from the operation's shape at validation. A name given twice,
 * or used both as a value and as a prefix, is InvalidQueryParameter.
 */
export function parseQueryForm(pairs: ReadonlyArray<readonly [string, string]>): QueryRequest {
  const root: Node = { children: new Map() };
  let action: string | undefined;
  let version: string | undefined;
  for (const [name, value] of pairs) {
    if (authParameters.has(name)) continue;
    if (name === 'Action' || name === 'Version') {
      if ((name === 'Action' ? action : version) !== undefined) throw duplicate(name);
      if (name === 'Action') action = value;
      else version = value;
      continue;
    }
    const segments = name.split('.');
    if (segments.length > maxNameSegments)
      throw new FrameworkError('serialization', `Parameter '${name.slice(0, 100)}…' is nested too deeply`);
    let node = root;
    for (const segment of segments) {
      let child = node.children.get(segment);
      if (!child) {
        child = { children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    if (node.value !== undefined) throw duplicate(name);
    node.value = value;
  }
  return { action, version, input: structureOf(root, '') };
}

function convert(node: Node, path: string): unknown {
  if (node.children.size === 0) return node.value ?? '';
  if (node.value !== undefined) throw conflict(path);
  const keys = [...node.children.keys()];
  if (keys.length === 1 && keys[0] === 'member')
    return listOf(node.children.get('member')!, `${path}.member`);
  if (keys.length === 1 && keys[0] === 'entry') return mapOf(node.children.get('entry')!, `${path}.entry`);
  if (keys.every((key) => listIndex.test(key))) return listOf(node, path);
  return structureOf(node, path);
}

function listOf(node: Node, path: string): unknown[] {
  if (node.value !== undefined) throw conflict(path);
  return indexed(node, path).map(([index, item]) => convert(item, `${path}.${index}`));
}

function mapOf(node: Node, path: string): Record<string, unknown> {
  if (node.value !== undefined) throw conflict(path);
  const map: Record<string, unknown> = {};
  for (const [index, entry] of indexed(node, path)) {
    const key = entry.children.get('key');
    const value = entry.children.get('value');
    const entryPath = `${path}.${index}`;
    if (entry.value !== undefined) throw conflict(entryPath);
    const extra = [...entry.children.keys()].some((name) => name !== 'key' && name !== 'value');
    if (!key || key.value === undefined || key.children.size > 0 || extra) {
      throw new FrameworkError('serialization', `Map entry '${entryPath}' needs exactly a key and a value`);
    }
    define(map, key.value, value ? convert(value, `${entryPath}.value`) : '');
  }
  return map;
}

function structureOf(node: Node, path: string): Record<string, unknown> {
  const structure: Record<string, unknown> = {};
  for (const [key, child] of node.children) {
    define(structure, key, convert(child, path === '' ? key : `${path}.${key}`));
  }
  return structure;
}

function indexed(node: Node, path: string): Array<[number, Node]> {
  const items: Array<[number, Node]> = [];
  for (const [key, child] of node.children) {
    if (!listIndex.test(key))
      throw new FrameworkError('serialization', `'${path}.${key}' is not a valid list index`);
    items.push([Number(key), child]);
  }
  return items.sort(([a], [b]) => a - b);
}

// defineProperty, so a parameter named __proto__ or constructor becomes a plain member and never a prototype.
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function duplicate(name: string): FrameworkError {
  return new FrameworkError('serialization', `Parameter '${name}' was given more than once`);
}

function conflict(path: string): FrameworkError {
  return new FrameworkError('serialization', `Parameter '${path}' is both a value and a structure`);
}
