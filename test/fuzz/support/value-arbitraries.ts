// fast-check arbitraries for one operation's input, grown from its example (test/vectors/operation-inputs): each
// member kept, varied within its type (boundaries, unicode, control characters, huge), given another type, left
// out, or joined by members the operation does not have. Uniform random values alone would almost never reach a
// service past its reader, so the example's own value stays the most likely choice (ref house-style E10: a hostile
// alphabet, not uniform noise).
import fc from 'fast-check';

export interface OperationExample {
  readonly required: readonly string[];
  readonly input: Readonly<Record<string, unknown>>;
}

/** Texts that have broken parsers elsewhere: prototype keys, path tricks, ARNs, JSON and XML in a string, NULs. */
const hostileTexts = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'toString',
  '../../etc/passwd',
  '/',
  '*',
  '%00',
  '\u0000',
  '\r\n',
  '\ud800',
  '\ufeff',
  '🐳',
  'arn:aws:iam::000000000000:role/x',
  'arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000000',
  'arn:',
  'alias/aws/secretsmanager',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
  '{"Statement":{"Effect":"Allow","Action":[],"Resource":{}}}',
  '<xml/>',
  '-1',
  '1e309',
  'NaN',
  'true',
];

const boundaryNumbers = [0, -1, 1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e308, 0.5];

function text(example: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(example) },
    { weight: 2, arbitrary: fc.constantFrom(...hostileTexts) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 300 }) },
    { weight: 1, arbitrary: fc.nat(70_000).map((n) => example.slice(0, 1).padEnd(n, 'a')) },
    { weight: 1, arbitrary: fc.stringMatching(/^[\w+=,.@/:-]{1,130}$/) },
  );
}

function numeric(example: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(example) },
    { weight: 2, arbitrary: fc.constantFrom(...boundaryNumbers) },
    { weight: 2, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  );
}

/** A value of some other kind than the example's, nested `depth` deep at most (deep nesting is its own case). */
function anyValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(null, true, false, 0, -1, '', 'x', [], {}),
    fc.string({ unit: 'binary', maxLength: 10 }),
    fc.integer(),
    fc.nat(1_500).map((depth) => nested(depth)),
    fc.nat(5_000).map((n) => Array.from({ length: n }, (_, i) => `v${i}`)),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 4 }),
  );
}

/** `[[[…]]]` or `{"a":{"a":…}}`, `depth` levels. */
function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

/** A variant of `example` (the example itself most often); `depth` limits how far structures recurse. */
export function valueLike(example: unknown, depth = 0): fc.Arbitrary<unknown> {
  const sameKind = sameKindLike(example, depth);
  return fc.oneof({ weight: 14, arbitrary: sameKind }, { weight: 1, arbitrary: anyValue() });
}

function sameKindLike(example: unknown, depth: number): fc.Arbitrary<unknown> {
  if (typeof example === 'string') return text(example);
  if (typeof example === 'number') return numeric(example);
  if (typeof example === 'boolean') return fc.boolean();
  if (Array.isArray(example)) {
    if (example.length === 0 || depth > 3) return fc.constant(example);
    const item = valueLike(example[0], depth + 1);
    return fc.oneof(
      { weight: 4, arbitrary: fc.array(item, { minLength: 1, maxLength: 3 }) },
      { weight: 1, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: fc.nat(1_200).map((n) => Array.from({ length: n }, () => example[0])) },
    );
  }
  if (example !== null && typeof example === 'object') {
    if (depth > 3) return fc.constant(example);
    return structureLike(example as Record<string, unknown>, [], depth + 1);
  }
  return fc.constant(example);
}

/**
 * The members of `example`, each kept or varied (required ones left out rarely, optional ones more often), plus
 * sometimes members it does not have.
 */
export function structureLike(
  example: Readonly<Record<string, unknown>>,
  required: readonly string[],
  depth = 0,
): fc.Arbitrary<Record<string, unknown>> {
  const members = Object.entries(example).map(([name, value]) => {
    const absent = required.includes(name) ? 1 : 3;
    return fc
      .oneof(
        { weight: 20, arbitrary: valueLike(value, depth).map((v) => ({ v })) },
        { weight: absent, arbitrary: fc.constant(undefined) },
      )
      .map((kept) => [name, kept] as const);
  });
  const extra = fc.oneof(
    { weight: 8, arbitrary: fc.constant({}) },
    {
      weight: 1,
      arbitrary: fc.dictionary(
        fc.constantFrom('Extra', '__proto__', 'constructor', 'X.member.1', 'a'),
        anyValue(),
        { maxKeys: 2 },
      ),
    },
  );
  return fc.tuple(fc.tuple(...members), extra).map(([chosen, extras]) => {
    const input: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(extras))
      Object.defineProperty(input, name, { value, enumerable: true, writable: true, configurable: true });
    for (const [name, kept] of chosen) if (kept) input[name] = kept.v;
    return input;
  });
}

/** An input for the operation: its example's members varied as above. */
export function inputLike(example: OperationExample): fc.Arbitrary<Record<string, unknown>> {
  return structureLike(example.input, example.required);
}
