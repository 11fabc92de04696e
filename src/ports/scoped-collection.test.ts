import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBerthError } from '../errors/index.js';
import { MemoryPersistence } from './memory-persistence.js';
import { ScopedCollection } from './scoped-collection.js';

const here = { account: '111111111111', region: 'us-east-1' };

test('regional keys are <account>/<region>/<key>, exactly as stores wrote them by hand', () => {
  const p = new MemoryPersistence();
  const things = new ScopedCollection<{ n: number }>(p, 'svc.things');
  things.put(here, 'a/b', { n: 1 });
  assert.deepEqual(p.get('svc.things', '111111111111/us-east-1/a/b'), { n: 1 });
  assert.deepEqual(things.get(here, 'a/b'), { n: 1 });
  assert.equal(things.key(here, 'x'), '111111111111/us-east-1/x');
});

test('global keys are <account>/<key>, whatever region the scope has', () => {
  const p = new MemoryPersistence();
  const users = new ScopedCollection<{ n: number }>(p, 'iam.users', { regional: false });
  users.put(here, 'alice', { n: 1 });
  assert.deepEqual(p.get('iam.users', '111111111111/alice'), { n: 1 });
  assert.deepEqual(users.get({ account: '111111111111' }, 'alice'), { n: 1 });
});

test('list sees only its scope (and key prefix); delete says whether there was a document', () => {
  const p = new MemoryPersistence();
  const things = new ScopedCollection<string>(p, 'svc.things');
  things.put(here, 'web/1', 'a');
  things.put(here, 'web/2', 'b');
  things.put(here, 'api/1', 'c');
  things.put({ ...here, region: 'us-east-2' }, 'web/3', 'd');
  things.put({ ...here, account: '111111111112' }, 'web/4', 'e');
  assert.deepEqual(things.list(here), ['c', 'a', 'b']);
  assert.deepEqual(things.list(here, 'web/'), ['a', 'b']);
  assert.equal(things.delete(here, 'web/1'), true);
  assert.equal(things.delete(here, 'web/1'), false);
  assert.deepEqual(things.list(here, 'web/'), ['b']);
});

test('a regional collection refuses a scope without a region (a bug, not a silent other key)', () => {
  const things = new ScopedCollection<string>(new MemoryPersistence(), 'svc.things');
  assert.throws(
    () => things.get({ account: '111111111111' }, 'x'),
    (error) => isBerthError(error) && error.code === 'BERTH_INTERNAL',
  );
});
