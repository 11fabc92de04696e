// Task cpu/memory spellings (ref ecs-private-auth §2.1: "1 vCPU" → 1024 units, "1GB" → 1024 MiB).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseTaskCpu, parseTaskMemory } from './task-size.js';

test('cpu in units or vCPU, memory in MiB or GB', () => {
  assert.equal(parseTaskCpu('256'), 256);
  assert.equal(parseTaskCpu('1 vCPU'), 1024);
  assert.equal(parseTaskCpu('0.25 vcpu'), 256);
  assert.equal(parseTaskCpu('.5vCPU'), 512);
  assert.equal(parseTaskMemory('512'), 512);
  assert.equal(parseTaskMemory('1GB'), 1024);
  assert.equal(parseTaskMemory('0.5 GB'), 512);
  for (const bad of ['', 'one', '1 GB', '0.1 vCPU', '-1', '1.5', '2 MB', '1  vCPU'])
    assert.equal(parseTaskCpu(bad), undefined, bad);
  assert.equal(parseTaskMemory('1 vCPU'), undefined);
});

test('property: a whole number of units or MiB reads as itself, N vCPU / N GB as N × 1024', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 999_999 }), (n) => {
      assert.equal(parseTaskCpu(String(n)), n);
      assert.equal(parseTaskMemory(String(n)), n);
      assert.equal(parseTaskCpu(`${n} vCPU`), n * 1024);
      assert.equal(parseTaskMemory(`${n}GB`), n * 1024);
    }),
  );
});

test('property: any text gives a non-negative whole number or undefined, never throws', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), (text) => {
      for (const value of [parseTaskCpu(text), parseTaskMemory(text)])
        assert.ok(value === undefined || (Number.isInteger(value) && value >= 0));
    }),
  );
});
