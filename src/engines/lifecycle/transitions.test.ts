import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBerthError } from '../../errors/index.js';
import { transitions } from './transitions.js';

// A lifecycle with a loop and a dead end, shaped like a deployment (PRIMARY ⇄ ACTIVE) rather than a task.
const lifecycle = transitions<'a' | 'b' | 'c' | 'd'>('thing', { a: ['b'], b: ['c', 'a'], c: ['d'], d: [] });

test('next allows exactly the listed moves and names the lifecycle in its BERTH_INTERNAL error', () => {
  assert.equal(lifecycle.next('a', 'b'), 'b');
  assert.equal(lifecycle.next('b', 'a'), 'a');
  assert.throws(
    () => lifecycle.next('a', 'c'),
    (error) =>
      isBerthError(error) &&
      error.code === 'BERTH_INTERNAL' &&
      /^thing cannot go from a to c$/.test(error.message),
  );
  assert.throws(() => lifecycle.next('d', 'd'), /thing cannot go from d to d/);
});

test('isForward follows moves transitively, loops included, and a state is ahead of itself only on a loop', () => {
  assert.equal(lifecycle.isForward('a', 'd'), true);
  assert.equal(lifecycle.isForward('c', 'a'), false);
  assert.equal(lifecycle.isForward('d', 'd'), false);
  assert.equal(lifecycle.isForward('a', 'a'), true);
});
