import assert from 'node:assert/strict';
import { test } from 'node:test';
import { once } from './once.js';

test('once: concurrent and later calls share one run; a failed run is tried again', async () => {
  let runs = 0;
  let fail = true;
  const job = once(async () => {
    runs++;
    if (fail) throw new Error('first try fails');
    return runs;
  });
  await Promise.all([assert.rejects(job(), /first try fails/), assert.rejects(job(), /first try fails/)]);
  assert.equal(runs, 1);
  fail = false;
  const [a, b] = await Promise.all([job(), job()]);
  assert.deepEqual([a, b, await job(), runs], [2, 2, 2, 2]);
});
