import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBerthError } from '../../errors/index.js';
import { AddressPool } from './address-pool.js';
import { parseCidr } from './cidr.js';

test('the gateway is the first host address; tasks get the following ones, never network or broadcast', () => {
  const pool = new AddressPool(parseCidr('10.213.0.0/29'));
  assert.equal(pool.gateway, '10.213.0.1');
  assert.equal(pool.capacity, 5);
  const given = Array.from({ length: 5 }, () => pool.allocate());
  assert.deepEqual(given, ['10.213.0.2', '10.213.0.3', '10.213.0.4', '10.213.0.5', '10.213.0.6']);
  assert.equal(pool.inUse, 5);
});

test('an exhausted pool says so; a released address is given out again', () => {
  const pool = new AddressPool(parseCidr('10.213.0.0/30'));
  assert.equal(pool.allocate(), '10.213.0.2');
  assert.throws(
    () => pool.allocate(),
    (error: unknown) =>
      isBerthError(error) &&
      error.code === 'BERTH_NETWORK_FAILED' &&
      error.message === 'task network 10.213.0.0/30 has no free address: all 1 are in use by running tasks',
  );
  pool.release('10.213.0.2');
  pool.release('10.213.0.2');
  assert.equal(pool.inUse, 0);
  assert.equal(pool.allocate(), '10.213.0.2');
});

test('a released address comes back only after the rest of the range was handed out', () => {
  const pool = new AddressPool(parseCidr('10.213.0.0/29'));
  const first = pool.allocate();
  pool.allocate();
  pool.release(first);
  assert.deepEqual(
    [pool.allocate(), pool.allocate(), pool.allocate(), pool.allocate()],
    ['10.213.0.4', '10.213.0.5', '10.213.0.6', '10.213.0.2'],
  );
});

test('a range with no room for a task besides the gateway is refused', () => {
  for (const cidr of ['10.213.0.0/31', '10.213.0.1/32']) {
    assert.throws(
      () => new AddressPool(parseCidr(cidr)),
      (error: unknown) =>
        isBerthError(error) &&
        error.code === 'BERTH_INVALID_ARGUMENT' &&
        /\/30 or larger/.test(error.message),
    );
  }
});
