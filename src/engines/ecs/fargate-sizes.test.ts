// Fargate's valid task sizes (ref ecs-private-auth §2.1, [DOC] task-cpu-memory-error.html).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fargateCpuValues, fargateMemoryFor, fargateSizeProblem } from './fargate-sizes.js';

test('the documented rows', () => {
  assert.deepEqual(fargateMemoryFor(256), [512, 1024, 2048]);
  assert.deepEqual(fargateMemoryFor(512), [1024, 2048, 3072, 4096]);
  assert.equal(fargateMemoryFor(4096).at(-1), 30 * 1024);
  assert.deepEqual(fargateMemoryFor(8192).slice(0, 2), [16 * 1024, 20 * 1024]);
  assert.equal(fargateMemoryFor(16384).at(-1), 120 * 1024);
  assert.equal(fargateSizeProblem(256, 512), undefined);
  assert.equal(fargateSizeProblem(512, 512), 'pair');
  assert.equal(fargateSizeProblem(300, 512), 'cpu');
});

test('property: a pair is valid exactly when its memory is in its cpu row', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...fargateCpuValues, 128, 3000),
      fc.integer({ min: 0, max: 130_000 }),
      (cpu, memory) => {
        const problem = fargateSizeProblem(cpu, memory);
        if (!fargateCpuValues.includes(cpu)) assert.equal(problem, 'cpu');
        else assert.equal(problem === undefined, fargateMemoryFor(cpu).includes(memory));
      },
    ),
  );
});
