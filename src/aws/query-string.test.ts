// Form / query-string decoding: ref aws-iam-and-protocols §3.2 (canonical query from decoded pairs) and §4.2 (Query bodies).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FrameworkError } from './errors.js';
import { parseQueryString } from './query-string.js';

test('pairs come back decoded, in order, repeats kept; "+" is a space; a bare name has an empty value', () => {
  assert.deepEqual(parseQueryString('b=2&a=1&a=%E1%88%B4&flag&sp=a+b%20c&&=x'), [
    ['b', '2'],
    ['a', '1'],
    ['a', '\u1234'],
    ['flag', ''],
    ['sp', 'a b c'],
    ['', 'x'],
  ]);
  assert.deepEqual(parseQueryString(''), []);
  assert.deepEqual(parseQueryString('tok=a%2Bb%3D%3D'), [['tok', 'a+b==']]);
});

test('malformed escapes are MalformedQueryString with AWS’s texts', () => {
  const cases: Array<[string, string]> = [
    ['a=%4', 'Incomplete trailing escape % sequence'],
    ['a=%zz', 'Illegal hex character in escape % pattern: %zz'],
    ['a=%C3%28', 'Query string contains bytes that are not valid UTF-8'],
  ];
  for (const [raw, message] of cases) {
    assert.throws(
      () => parseQueryString(raw),
      (error: unknown) => {
        assert.ok(error instanceof FrameworkError);
        assert.equal(error.kind, 'malformedQueryString');
        assert.equal(error.awsMessage, message);
        return true;
      },
    );
  }
});

test('property: encoding then decoding gives the pairs back', () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 20 });
  fc.assert(
    fc.property(fc.array(fc.tuple(text, text), { maxLength: 8 }), (pairs) => {
      const raw = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
      assert.deepEqual(parseQueryString(raw), pairs);
    }),
  );
});

test('property: any string decodes or fails with MalformedQueryString only', () => {
  fc.assert(
    fc.property(
      fc.string({
        unit: fc.constantFrom('%', '+', '&', '=', 'a', 'F', '0', 'é', '\u{1F600}', 'z'),
        maxLength: 60,
      }),
      (raw) => {
        try {
          parseQueryString(raw);
        } catch (error) {
          assert.ok(error instanceof FrameworkError && error.kind === 'malformedQueryString', String(error));
        }
      },
    ),
    { numRuns: 3000 },
  );
});
