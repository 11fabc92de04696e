import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { Secret } from './secret.js';

test('a Secret never prints its value, only reveal() gives it', () => {
  const secret = new Secret('hunter2');
  assert.equal(secret.reveal(), 'hunter2');
  for (const shown of [String(secret), `${secret}`, JSON.stringify({ secret }), inspect({ secret })]) {
    assert.ok(!shown.includes('hunter2'), shown);
    assert.ok(shown.includes('***'), shown);
  }
});
