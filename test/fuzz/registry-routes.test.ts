// The registry's routes fuzzed on every test run with a short seeded budget (support/registry-fuzz.ts; long runs:
// `npm run fuzz -- --registry-inputs N`): no 5xx, OCI-shaped errors (ref registry-protocol §1.1), manifests read back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { registryCase, registryUnderFuzz } from './support/registry-fuzz.js';

test('registry routes: hostile names, references, bodies and headers never get a 5xx, errors are OCI-shaped', async () => {
  const { check } = await registryUnderFuzz();
  await fc.assert(
    fc.asyncProperty(registryCase, async (c) => {
      assert.equal(await check(c), undefined);
    }),
    { seed: 20261207, numRuns: 1_500 },
  );
});
