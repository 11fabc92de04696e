import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { isBerthError } from '../../errors/index.js';
import { CachingPersistence } from '../../ports/index.js';
import { persistenceSuite } from '../../testing/suites/persistence.suite.js';
import { addonIn, SqlitePersistence } from './sqlite-persistence.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `db-${++files}.sqlite`);

persistenceSuite('SqlitePersistence (file)', () => new SqlitePersistence(freshPath()));
persistenceSuite('SqlitePersistence (:memory:)', () => new SqlitePersistence(':memory:'));
// As `berth up` runs it: the services read through the cache.
persistenceSuite(
  'CachingPersistence over SqlitePersistence',
  () => new CachingPersistence(new SqlitePersistence(freshPath())),
);

test('SqlitePersistence: documents survive close and reopen; the file is WAL, 0600, schema 1', () => {
  const path = freshPath();
  const store = new SqlitePersistence(path);
  store.transaction(() => store.put('c', 'k', { kept: true }));
  store.close();
  store.close(); // idempotent
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const reopened = new SqlitePersistence(path);
  assert.deepEqual(reopened.get('c', 'k'), { kept: true });
  assert.deepEqual(reopened.integrityCheck(), ['ok']);
  reopened.close();
  const raw = new Database(path, { readonly: true });
  assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(raw.pragma('user_version', { simple: true }), 1);
  raw.close();
});

test('SqlitePersistence: a prefix selects exactly the keys that start with it (property)', () => {
  const store = new SqlitePersistence(':memory:');
  // Small alphabets make shared prefixes likely; the odd characters are the ones a LIKE or a naive bound gets wrong.
  const char = fc.constantFrom(
    'a',
    'b',
    '%',
    '_',
    '\\',
    'z',
    '\u007f',
    '\u00ff',
    '\uffff',
    '\u{10ffff}',
    'é',
  );
  const text = fc.array(char, { maxLength: 4 }).map((chars) => chars.join(''));
  fc.assert(
    fc.property(fc.uniqueArray(text, { maxLength: 12 }), text, (keys, prefix) => {
      store.transaction(() => {
        for (const old of store.list<string>('p')) store.delete('p', old);
        for (const key of keys) store.put('p', key, key);
      });
      const expected = keys.filter((key) => key.startsWith(prefix));
      assert.deepEqual(new Set(store.list<string>('p', { prefix })), new Set(expected));
    }),
    { numRuns: 300 },
  );
  store.close();
});

test("SqlitePersistence: better-sqlite3's addon is named where npm builds it; a missing one is an install error", () => {
  const installed = join(import.meta.dirname, '../../../node_modules/better-sqlite3');
  assert.equal(addonIn(installed), join(installed, 'build/Release/better_sqlite3.node'));
  const empty = mkdtempSync(join(tmpdir(), 'berth-no-addon-'));
  try {
    assert.throws(
      () => addonIn(empty),
      (e: unknown) =>
        isBerthError(e) &&
        e.code === 'BERTH_INTERNAL' &&
        e.message.includes(join(empty, 'build/Release/better_sqlite3.node')) &&
        e.message.includes('npm rebuild better-sqlite3'),
    );
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('SqlitePersistence: a transaction that returns a promise is refused and rolled back', () => {
  const store = new SqlitePersistence(':memory:');
  assert.throws(
    () =>
      store.transaction(() => {
        store.put('c', 'k', 1);
        return Promise.resolve();
      }),
    (e) => isBerthError(e) && e.code === 'BERTH_INTERNAL',
  );
  assert.equal(store.get('c', 'k'), undefined);
  store.close();
});

test('SqlitePersistence: a file that is not a database, or a newer schema, is refused', () => {
  const junk = freshPath();
  writeFileSync(junk, 'x'.repeat(4096));
  const invalid = (e: unknown) => isBerthError(e) && e.code === 'BERTH_STATE_INVALID';
  assert.throws(() => new SqlitePersistence(junk), invalid);
  const newer = freshPath();
  const raw = new Database(newer);
  raw.pragma('user_version = 7');
  raw.close();
  assert.throws(() => new SqlitePersistence(newer), /newer berth \(schema 7/);
});

// The child writes in a loop and prints each key once its write (or its transaction) returned. Lines go
// synchronously into a pipe and the child waits while the pipe is full, so it can run at most a pipe buffer ahead
// of the parent: it is still writing when the parent kills it, however fast the machine, and the loop bound is
// never reached.
const childSource = `
import { writeSync } from 'node:fs';
import { SqlitePersistence } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, 'sqlite-persistence.ts')).href)};
const store = new SqlitePersistence(process.env.BERTH_KILL_DB);
const pad = 'x'.repeat(200);
// stdout may be a non-blocking pipe: wait while it is full, so the child stays at most a pipe buffer ahead.
const pause = new Int32Array(new SharedArrayBuffer(4));
function ack(line) {
  const bytes = Buffer.from(line + '\\n');
  let written = 0;
  while (written < bytes.length) {
    try {
      written += writeSync(1, bytes, written);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
for (let i = 0; i < 200000; i++) {
  if (i % 10 === 0) {
    store.transaction(() => {
      for (const part of ['a', 'b', 'c']) store.put('batches', i + '/' + part, { i, part, pad });
    });
    ack('batch ' + i);
  } else {
    store.put('docs', 'k' + i, { i, pad });
    ack('doc k' + i);
  }
}
`;

test('SqlitePersistence: kill -9 mid-stream loses no acknowledged write and corrupts nothing', async () => {
  const path = freshPath();
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', childSource], {
    env: { ...process.env, BERTH_KILL_DB: path },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let killed = false;
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (!killed && out.split('\n').length > 3000) {
      killed = true;
      child.kill('SIGKILL');
    }
  });
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  assert.equal(signal, 'SIGKILL', `the child ended on its own (code ${code}): ${err}`);

  const acknowledged = out.split('\n').slice(0, -1); // the last piece may be a partial line
  assert.ok(acknowledged.length >= 3000);
  const store = new SqlitePersistence(path);
  try {
    for (const line of acknowledged) {
      const [kind, id] = line.split(' ') as [string, string];
      if (kind === 'doc') {
        assert.equal(store.get<{ i: number }>('docs', id)?.i, Number(id.slice(1)), `lost ${line}`);
      } else {
        for (const part of ['a', 'b', 'c'])
          assert.ok(store.get('batches', `${id}/${part}`), `lost ${line}/${part}`);
      }
    }
    // A batch is all or nothing, acknowledged or not.
    const parts = new Map<number, number>();
    for (const doc of store.list<{ i: number }>('batches')) parts.set(doc.i, (parts.get(doc.i) ?? 0) + 1);
    for (const [i, count] of parts) assert.equal(count, 3, `batch ${i} is torn`);
    assert.deepEqual(store.integrityCheck(), ['ok']);
  } finally {
    store.close();
  }
});

test('SqlitePersistence: durability full keeps data like normal (synchronous=FULL is per connection)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-sqlite-full-'));
  try {
    const path = join(dir, 'state.db');
    const store = new SqlitePersistence(path, { durability: 'full' });
    store.transaction(() => store.put('c', 'k', { full: true }));
    store.close();
    const reopened = new SqlitePersistence(path);
    assert.deepEqual(reopened.get('c', 'k'), { full: true });
    reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
