import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LineBatch } from './line-batch.js';

function sink(): { writes: string[]; write(text: string): void } {
  const writes: string[] = [];
  return { writes, write: (text) => writes.push(text) };
}

test('lines go out together once enough are waiting, in order, to every sink', () => {
  const [a, b] = [sink(), sink()];
  const batch = new LineBatch([a, b], { maxChars: 10, flushEveryMs: 60_000 });
  batch.add('one\n');
  batch.add('two\n');
  assert.deepEqual(a.writes, []);
  batch.add('three\n');
  assert.deepEqual(a.writes, ['one\ntwo\nthree\n']);
  assert.deepEqual(b.writes, a.writes);
  batch.add('four\n');
  batch.close();
  assert.deepEqual(a.writes, ['one\ntwo\nthree\n', 'four\n']);
  batch.flush();
  assert.equal(a.writes.length, 2, 'nothing waiting: nothing written');
});

test('a quiet batch is written by the timer', async () => {
  const out = sink();
  const batch = new LineBatch([out], { maxChars: 1_000_000, flushEveryMs: 5 });
  batch.add('only\n');
  await sleep(50);
  assert.deepEqual(out.writes, ['only\n']);
  batch.close();
});
