import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Digest } from '../../engines/oci/index.js';
import { LayerArrivals } from './layer-arrivals.js';

const a = `sha256:${'a'.repeat(64)}` as Digest;
const b = `sha256:${'b'.repeat(64)}` as Digest;

test('a wait ends when its layer is committed or found in the store; other progress does not end it', async () => {
  const arrivals = new LayerArrivals();
  const order: string[] = [];
  const waitA = arrivals.wait(a).then(() => order.push('a'));
  const waitB = arrivals.wait(b).then(() => order.push('b'));
  arrivals.progress({ kind: 'downloading', digest: a, size: 10, bytes: 5 });
  arrivals.progress({ kind: 'exists', digest: b, size: 10 });
  await waitB;
  assert.deepEqual(order, ['b']);
  arrivals.progress({ kind: 'complete', digest: a, size: 10 });
  await waitA;
  assert.deepEqual(order, ['b', 'a']);
  await arrivals.wait(a); // already there
});

test('a failed pull rejects every wait, those to come too, but not layers that arrived', async () => {
  const arrivals = new LayerArrivals();
  arrivals.progress({ kind: 'complete', digest: a, size: 1 });
  const pending = arrivals.wait(b);
  const failure = new Error('connection reset');
  arrivals.fail(failure);
  await assert.rejects(pending, failure);
  await assert.rejects(arrivals.wait(b), failure);
  await arrivals.wait(a);
});

test('a layer is readable from its first stored bytes (or once there); a failure rejects those still to come', async () => {
  const arrivals = new LayerArrivals();
  const order: string[] = [];
  const readableA = arrivals.readable(a).then(() => order.push('a readable'));
  arrivals.progress({ kind: 'waiting', digest: a, size: 10 });
  await Promise.resolve();
  assert.deepEqual(order, []);
  arrivals.progress({ kind: 'downloading', digest: a, size: 10, bytes: 5 });
  await readableA;
  assert.deepEqual(order, ['a readable']);
  arrivals.progress({ kind: 'exists', digest: b, size: 10 });
  await arrivals.readable(b);
  const c = `sha256:${'c'.repeat(64)}` as Digest;
  const failure = new Error('connection reset');
  const pending = arrivals.readable(c);
  arrivals.fail(failure);
  await assert.rejects(pending, failure);
  await arrivals.readable(a);
});
