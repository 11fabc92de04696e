import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentStoreSuite } from '../testing/suites/content-store.suite.js';
import { contentStoreFollowSuite } from '../testing/suites/content-store-follow.suite.js';
import { MemoryContentStore } from './memory-content-store.js';
import { SingleFlight } from './single-flight.js';

const memoryFixture = async () => ({ store: new MemoryContentStore(), leftovers: async () => [] });
contentStoreSuite('MemoryContentStore', memoryFixture);
contentStoreFollowSuite('MemoryContentStore', memoryFixture);

test('SingleFlight: joiners share one run; the key is free again after success, failure, or a synchronous throw', async () => {
  const flights = new SingleFlight<string, number, string>();
  let runs = 0;
  const events: string[] = [];
  let release!: (value: number) => void;
  const work = (emit: (event: string) => void) => {
    runs++;
    emit('started');
    return new Promise<number>((resolve) => {
      release = resolve;
    });
  };
  const first = flights.run('k', work, (e) => events.push(`a:${e}`));
  const second = flights.run('k', work, (e) => events.push(`b:${e}`));
  assert.ok(flights.has('k'));
  release(7);
  assert.deepEqual(await Promise.all([first, second]), [7, 7]);
  assert.equal(runs, 1);
  assert.deepEqual(events, ['a:started']);
  assert.equal(flights.has('k'), false);

  await assert.rejects(
    flights.run('k', () => {
      throw new Error('sync');
    }),
    /sync/,
  );
  assert.equal(flights.size, 0);
  await assert.rejects(
    flights.run('k', async () => Promise.reject(new Error('async'))),
    /async/,
  );
  assert.equal(await flights.run('k', async () => 3), 3);
});
