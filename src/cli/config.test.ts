// berth up's --durability: normal by default, full on request, anything else refused before the state is opened.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveConfig } from './config.js';

test('--durability is normal by default, full when asked, and refused otherwise', () => {
  assert.equal(resolveConfig({ state: '/tmp/berth-config-test' }, [], {}).durability, 'normal');
  assert.equal(
    resolveConfig({ state: '/tmp/berth-config-test', durability: 'full' }, [], {}).durability,
    'full',
  );
  assert.throws(
    () => resolveConfig({ state: '/tmp/berth-config-test', durability: 'FULL!' }, [], {}),
    /--durability must be normal or full, not 'FULL!'/,
  );
});
