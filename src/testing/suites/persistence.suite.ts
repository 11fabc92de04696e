import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Persistence } from '../../ports/index.js';

/** The behaviour every Persistence implementation must have. Call it from a test file with a factory. */
export function persistenceSuite(name: string, open: () => Persistence): void {
  const withStore = (fn: (store: Persistence) => void) => () => {
    const store = open();
    try {
      fn(store);
    } finally {
      store.close();
    }
  };

  test(
    `${name}: put, get, replace, delete`,
    withStore((store) => {
      assert.equal(store.get('c', 'k'), undefined);
      store.put('c', 'k', { a: 1, nested: ['x'] });
      assert.deepEqual(store.get('c', 'k'), { a: 1, nested: ['x'] });
      store.put('c', 'k', { a: 2 });
      assert.deepEqual(store.get('c', 'k'), { a: 2 });
      assert.equal(store.get('other', 'k'), undefined);
      assert.equal(store.delete('c', 'k'), true);
      assert.equal(store.delete('c', 'k'), false);
      assert.equal(store.get('c', 'k'), undefined);
    }),
  );

  test(
    `${name}: neither a stored nor a returned document can change the store`,
    withStore((store) => {
      const doc = { list: [1] };
      store.put('c', 'k', doc);
      doc.list.push(2);
      const read = store.get<{ list: number[] }>('c', 'k')!;
      // A copy, or frozen (a cache shares its documents): either way the store keeps what was put.
      attempt(() => read.list.push(3));
      assert.deepEqual(store.get('c', 'k'), { list: [1] });
      const listed = store.list<{ list: number[] }>('c');
      attempt(() => listed[0]!.list.push(4));
      listed.push({ list: [5] });
      listed.sort(() => -1);
      assert.deepEqual(store.list('c'), [{ list: [1] }]);
    }),
  );

  test(
    `${name}: reads see every write, inside and after transactions`,
    withStore((store) => {
      store.put('c', 'k', 1);
      assert.equal(store.get('c', 'k'), 1);
      assert.deepEqual(store.list('c'), [1]);
      store.put('c', 'k', 2);
      store.put('c', 'l', 3);
      assert.equal(store.get('c', 'k'), 2);
      assert.deepEqual(store.list('c'), [2, 3]);
      store.delete('c', 'l');
      assert.deepEqual(store.list('c'), [2]);
      assert.equal(store.get('c', 'l'), undefined);
      // Read inside a transaction that then fails: what was read there must not outlive the rollback.
      assert.throws(() =>
        store.transaction(() => {
          store.put('c', 'k', 4);
          store.put('c', 'm', 5);
          assert.equal(store.get('c', 'k'), 4);
          assert.deepEqual(store.list('c'), [4, 5]);
          throw new Error('abort');
        }),
      );
      assert.equal(store.get('c', 'k'), 2);
      assert.equal(store.get('c', 'm'), undefined);
      assert.deepEqual(store.list('c'), [2]);
    }),
  );

  test(
    `${name}: list in key order, by prefix`,
    withStore((store) => {
      for (const key of ['b/2', 'a/1', 'b/1', 'c']) store.put('c', key, { key });
      store.put('d', 'b/3', { key: 'other collection' });
      assert.deepEqual(
        store.list<{ key: string }>('c').map((d) => d.key),
        ['a/1', 'b/1', 'b/2', 'c'],
      );
      assert.deepEqual(
        store.list<{ key: string }>('c', { prefix: 'b/' }).map((d) => d.key),
        ['b/1', 'b/2'],
      );
      assert.deepEqual(store.list('empty'), []);
    }),
  );

  test(
    `${name}: prefixes are literal (no wildcard characters)`,
    withStore((store) => {
      store.put('c', 'a%b', { key: 'a%b' });
      store.put('c', 'axb', { key: 'axb' });
      store.put('c', 'a_b', { key: 'a_b' });
      assert.deepEqual(
        store.list<{ key: string }>('c', { prefix: 'a%' }).map((d) => d.key),
        ['a%b'],
      );
      assert.deepEqual(
        store.list<{ key: string }>('c', { prefix: 'a_' }).map((d) => d.key),
        ['a_b'],
      );
    }),
  );

  test(
    `${name}: a failed transaction changes nothing; a nested one joins the outer`,
    withStore((store) => {
      store.put('c', 'kept', 1);
      assert.throws(() =>
        store.transaction(() => {
          store.put('c', 'kept', 2);
          store.put('c', 'new', 3);
          store.transaction(() => store.delete('c', 'kept'));
          throw new Error('abort');
        }),
      );
      assert.equal(store.get('c', 'kept'), 1);
      assert.equal(store.get('c', 'new'), undefined);
      const result = store.transaction(() => {
        store.put('c', 'new', 4);
        return store.transaction(() => store.get<number>('c', 'new'));
      });
      assert.equal(result, 4);
      assert.equal(store.get('c', 'new'), 4);
    }),
  );
}

/** Runs a mutation that a store may refuse by freezing what it returned. */
function attempt(mutate: () => unknown): void {
  try {
    mutate();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
}
