// A few kill -9 cycles on every test run (the long run is `npm run soak`, figures in docs/robustness.md): the built
// berth killed during concurrent acknowledged writes loses none of them and shows no half-written blob.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSoak } from './soak-run.js';

test('kill -9 during concurrent writes: every acknowledged write reads back exactly, no torn blob', async () => {
  const figures = await runSoak({ cycles: 3, writers: 6, killAfterMs: [300, 900] });
  assert.deepEqual(figures.lost, []);
  assert.deepEqual(figures.torn, []);
  assert.ok(figures.acknowledged >= 10, `only ${figures.acknowledged} writes were acknowledged`);
});
