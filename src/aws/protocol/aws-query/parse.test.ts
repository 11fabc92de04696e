// AWS Query input: ref aws-iam-and-protocols §4.2 (nested a.b, X.member.N lists, X.entry.N maps, struct lists, GET and POST).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FrameworkError } from '../../errors.js';
import { parseQueryString } from '../../query-string.js';
import { parseQueryForm } from './parse.js';

const form = (raw: string) => parseQueryForm(parseQueryString(raw));

test('Action and Version are taken out; the rest nests by dots', () => {
  const parsed = form(
    'Action=CreateRole&Version=2010-05-08&RoleName=exec&AssumeRolePolicyDocument=%7B%22a%22%3A1%7D' +
      '&Tags.member.2.Key=team&Tags.member.2.Value=b&Tags.member.1.Key=env&Tags.member.1.Value=dev' +
      '&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FX&Outer.Inner.Leaf=v',
  );
  assert.equal(parsed.action, 'CreateRole');
  assert.equal(parsed.version, '2010-05-08');
  assert.deepEqual(parsed.input, {
    RoleName: 'exec',
    AssumeRolePolicyDocument: '{"a":1}',
    Tags: [
      { Key: 'env', Value: 'dev' },
      { Key: 'team', Value: 'b' },
    ],
    PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/X' }],
    Outer: { Inner: { Leaf: 'v' } },
  });
});

test('lists are ordered by index with gaps closed; flattened lists and maps work too', () => {
  const parsed = form(
    'ActionNames.member.10=c&ActionNames.member.2=b&ActionNames.member.1=a&Flat.2=y&Flat.1=x' +
      '&Context.entry.1.key=k1&Context.entry.1.value=v1&Context.entry.2.key=k2&Context.entry.2.value=v2' +
      '&Nested.member.1.Values.member.1=p&Empty=',
  );
  assert.deepEqual(parsed.input, {
    ActionNames: ['a', 'b', 'c'],
    Flat: ['x', 'y'],
    Context: { k1: 'v1', k2: 'v2' },
    Nested: [{ Values: ['p'] }],
    Empty: '',
  });
});

test('X-Amz-* presigning parameters are authentication, not input', () => {
  const parsed = form(
    'Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=ab',
  );
  assert.deepEqual(parsed.input, {});
});

test('__proto__ and constructor are plain members, never prototypes', () => {
  const parsed = form('__proto__.polluted=1&constructor.prototype.x=2');
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  assert.deepEqual(Object.keys(parsed.input), ['__proto__', 'constructor']);
  assert.equal(Object.getPrototypeOf(parsed.input), Object.prototype);
});

test('conflicting or repeated names are InvalidQueryParameter (serialization)', () => {
  for (const raw of [
    'A=1&A=2',
    'Action=X&Action=Y',
    'A=1&A.b=2',
    'L.member.0=x',
    'L.member.x=y',
    'M.entry.1.value=v',
    'M.entry.1.key=k&M.entry.1.other=v',
  ]) {
    assert.throws(
      () => form(raw),
      (error: unknown) => error instanceof FrameworkError && error.kind === 'serialization',
      raw,
    );
  }
});

test('a name nested thousands deep is InvalidQueryParameter, not a stack overflow (fuzz seed 2, sts)', () => {
  const deep = `Tags.member.1.Key${'.a.member.1'.repeat(3_000)}`;
  assert.throws(
    () =>
      parseQueryForm([
        ['Action', 'AssumeRole'],
        [deep, 'x'],
      ]),
    (error: unknown) => error instanceof FrameworkError && error.kind === 'serialization',
  );
  assert.deepEqual(form(`A${'.b'.repeat(31)}=v`).action, undefined);
});

test('property: any form parses or fails with the typed errors only, fast', () => {
  const segment = fc.oneof(
    fc.constantFrom(
      'member',
      'entry',
      'key',
      'value',
      '1',
      '2',
      '0',
      '99999999999',
      '__proto__',
      'Action',
      '',
    ),
    fc.string({ maxLength: 6 }),
  );
  const name = fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.'));
  fc.assert(
    fc.property(fc.array(fc.tuple(name, fc.string({ maxLength: 8 })), { maxLength: 20 }), (pairs) => {
      const started = performance.now();
      try {
        const parsed = parseQueryForm(pairs);
        assert.equal(typeof parsed.input, 'object');
      } catch (error) {
        assert.ok(error instanceof FrameworkError && error.kind === 'serialization', String(error));
      }
      assert.ok(performance.now() - started < 100);
    }),
    { numRuns: 3000 },
  );
});
