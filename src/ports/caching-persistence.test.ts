import assert from 'node:assert/strict';
import { test } from 'node:test';
import { persistenceSuite } from '../testing/suites/persistence.suite.js';
import { CachingPersistence } from './caching-persistence.js';
import { MemoryPersistence } from './memory-persistence.js';
import type { Persistence } from './persistence.js';

persistenceSuite(
  'CachingPersistence over MemoryPersistence',
  () => new CachingPersistence(new MemoryPersistence()),
);
persistenceSuite(
  'CachingPersistence with a tiny budget',
  () => new CachingPersistence(new MemoryPersistence(), { maxBytes: 2048 }),
);

/** Counts the reads that reach the store underneath. */
class CountingPersistence extends MemoryPersistence {
  gets = 0;
  lists = 0;
  override get<T>(collection: string, key: string): T | undefined {
    this.gets++;
    return super.get(collection, key);
  }
  override list<T>(collection: string, options?: { prefix?: string }): T[] {
    this.lists++;
    return super.list(collection, options);
  }
}

function cached(maxBytes?: number): { inner: CountingPersistence; store: Persistence } {
  const inner = new CountingPersistence();
  return { inner, store: new CachingPersistence(inner, { maxBytes }) };
}

test('a document is read from the store once, until it is written', () => {
  const { inner, store } = cached();
  store.put('c', 'k', { v: 1 });
  store.get('c', 'k');
  store.get('c', 'k');
  assert.equal(inner.gets, 1);
  store.put('c', 'k', { v: 2 });
  assert.deepEqual(store.get('c', 'k'), { v: 2 });
  store.delete('c', 'k');
  assert.equal(store.get('c', 'k'), undefined);
  assert.equal(store.get('c', 'k'), undefined);
  assert.equal(inner.gets, 3);
});

test('returned documents are frozen, all the way down', () => {
  const { store } = cached();
  store.put('c', 'k', { list: [{ a: 1 }] });
  const read = store.get<{ list: Array<{ a: number }> }>('c', 'k')!;
  assert.ok(Object.isFrozen(read) && Object.isFrozen(read.list) && Object.isFrozen(read.list[0]));
  assert.throws(() => {
    read.list[0]!.a = 2;
  }, TypeError);
});

test('a list is kept until its collection is written, whatever the key', () => {
  const { inner, store } = cached();
  store.put('c', 'a/1', 1);
  store.put('c', 'b/1', 2);
  assert.deepEqual(store.list('c', { prefix: 'a/' }), [1]);
  assert.deepEqual(store.list('c', { prefix: 'a/' }), [1]);
  assert.equal(inner.lists, 1);
  store.put('other', 'a/2', 3);
  store.list('c', { prefix: 'a/' });
  assert.equal(inner.lists, 1);
  store.put('c', 'b/2', 4);
  store.list('c', { prefix: 'a/' });
  assert.equal(inner.lists, 2);
});

test('the budget bounds what is kept: oldest entries go first, oversize ones are not kept', () => {
  const { inner, store } = cached(4096);
  store.put('c', 'big', { text: 'x'.repeat(400) });
  store.get('c', 'big');
  store.get('c', 'big');
  assert.equal(inner.gets, 2, 'a document over an eighth of the budget is read each time');
  for (let i = 0; i < 40; i++) store.put('c', `k${i}`, { text: 'x'.repeat(100) }); // ~250 bytes each
  for (let i = 0; i < 40; i++) store.get('c', `k${i}`);
  const before = inner.gets;
  store.get('c', 'k39');
  assert.equal(inner.gets, before, 'the newest entry is kept');
  store.get('c', 'k0');
  assert.equal(inner.gets, before + 1, 'the oldest was evicted');
});
