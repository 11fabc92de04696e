import assert from 'node:assert/strict';
import { test } from 'node:test';
import { descending, type KeysetOrder, keysetPage, type Page, pageMembers } from './keyset-page.js';

class InvalidToken extends Error {}
const byName: KeysetOrder<string> = {
  keyOf: (name) => name,
  invalidToken: () => new InvalidToken('bad token'),
};

/** Every page of `list()` (read afresh for each page), with `between` run after each page. */
function pages<T>(
  list: () => readonly T[],
  order: KeysetOrder<T>,
  limit: number,
  between = (_n: number) => {},
) {
  const seen: T[] = [];
  let token: string | undefined;
  let n = 0;
  do {
    const page: Page<T> = keysetPage(list(), { token, limit }, order);
    seen.push(...page.items);
    token = page.nextToken;
    between(++n);
  } while (token !== undefined);
  return seen;
}

test('pages of `limit` items, the last without a token', () => {
  const names = ['a', 'b', 'c', 'd', 'e'];
  const first = keysetPage(names, { limit: 2 }, byName);
  assert.deepEqual(first.items, ['a', 'b']);
  assert.deepEqual(keysetPage(names, { limit: 5 }, byName), { items: names, nextToken: undefined });
  assert.deepEqual(
    pages(() => names, byName, 2),
    names,
  );
  assert.deepEqual(keysetPage([], { limit: 3 }, byName), { items: [], nextToken: undefined });
});

test('items added and removed between pages: nothing is skipped or repeated, and new items after the cursor show', () => {
  let names = ['b', 'd', 'f', 'h', 'j'];
  const seen = pages(
    () => names,
    byName,
    2,
    (n) => {
      // After page 1 (b, d): d is deleted, a (before the cursor) and e (after it) are added; later f goes.
      if (n === 1) names = ['a', 'b', 'e', 'f', 'h', 'j'];
      if (n === 2) names = ['a', 'b', 'e', 'h', 'j'];
    },
  );
  assert.deepEqual(seen, ['b', 'd', 'e', 'f', 'h', 'j']);
});

test('the token of a deleted last item still places the next page', () => {
  const first = keysetPage(['a', 'b', 'c'], { limit: 2 }, byName);
  assert.deepEqual(keysetPage(['a', 'c'], { token: first.nextToken, limit: 2 }, byName).items, ['c']);
});

test('descending order and tuple keys (a sort field, then a name)', () => {
  const desc = { ...byName, compare: descending };
  assert.deepEqual(
    pages(() => ['e', 'd', 'c', 'b', 'a'], desc, 2),
    ['e', 'd', 'c', 'b', 'a'],
  );
  type Row = { day: string; name: string };
  const rows: Row[] = [
    { day: '2', name: 'a' },
    { day: '2', name: 'b' },
    { day: '1', name: 'a' },
    { day: '1', name: 'c' },
  ];
  // Days newest first, names ascending within a day, as ListSecrets sorts.
  const order: KeysetOrder<Row> = {
    keyOf: (row) => [row.day, row.name],
    compare: (x, y) =>
      x[0] !== y[0] ? (x[0]! < y[0]! ? 1 : -1) : x[1]! < y[1]! ? -1 : x[1]! > y[1]! ? 1 : 0,
    invalidToken: byName.invalidToken,
  };
  assert.deepEqual(
    pages(() => rows, order, 1),
    rows,
  );
});

test("a token this engine did not hand out is the caller's own error", () => {
  const bad = [
    'garbage',
    'bogus',
    '',
    Buffer.from('{"after":3}').toString('base64url'),
    Buffer.from('{"after":[]}').toString('base64url'),
    Buffer.from('{"after":["a",1]}').toString('base64url'),
    Buffer.from('null').toString('base64url'),
    Buffer.from('"a"').toString('base64url'),
  ];
  for (const token of bad) {
    assert.throws(() => keysetPage(['a'], { token, limit: 1 }, byName), InvalidToken, token);
  }
});

test('pageMembers names the token and the truncation flag as the service does', () => {
  const more: Page<string> = { items: ['a'], nextToken: 't' };
  const last: Page<string> = { items: ['b'] };
  assert.deepEqual(pageMembers(more, { next: 'NextToken' }), { NextToken: 't' });
  assert.deepEqual(pageMembers(more, { next: 'Marker', truncated: 'IsTruncated' }), {
    IsTruncated: true,
    Marker: 't',
  });
  assert.deepEqual(pageMembers(last, { next: 'NextMarker', truncated: 'Truncated' }), {
    Truncated: false,
    NextMarker: undefined,
  });
});
