import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyedSerialQueue } from './keyed-serial-queue.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

test('jobs for one key never overlap and run in the order given, a failure included', async () => {
  const queue = new KeyedSerialQueue<string>();
  const log: string[] = [];
  let running = 0;
  const job =
    (name: string, fail = false) =>
    async () => {
      running += 1;
      assert.equal(running, 1, `${name} overlaps another job`);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      running -= 1;
      if (fail) throw new Error(name);
      return name;
    };
  const results = await Promise.allSettled([
    queue.run('k', job('a')),
    queue.run('k', job('b', true)),
    queue.run('k', job('c')),
  ]);
  assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  assert.deepEqual(
    results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
    ['a', 'b', 'c'],
  );
});

test('different keys run concurrently, and a settled key is forgotten', async () => {
  const queue = new KeyedSerialQueue<string>();
  let release!: () => void;
  const held = queue.run('slow', () => new Promise<void>((resolve) => (release = resolve)));
  assert.equal(await queue.run('fast', async () => 'done'), 'done');
  assert.equal(queue.size, 2);
  release();
  await held;
  await tick();
  assert.equal(queue.size, 0);
});

test('a job that throws synchronously rejects its own run and frees the key', async () => {
  const queue = new KeyedSerialQueue<string>();
  await assert.rejects(
    queue.run('k', () => {
      throw new Error('sync');
    }),
    /sync/,
  );
  assert.equal(await queue.run('k', async () => 1), 1);
  await tick();
  assert.equal(queue.size, 0);
});
