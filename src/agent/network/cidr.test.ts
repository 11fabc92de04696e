import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isBerthError } from '../../errors/index.js';
import {
  cidrsOverlap,
  describeRoute,
  formatCidr,
  formatIpv4,
  type HostRoute,
  overlappingRoutes,
  parseCidr,
  parseIpv4,
  prefixMask,
  suggestFreeRange,
} from './cidr.js';

// The shape `ip -j route` prints (iproute2 6.1): a default route, a connected subnet, a host route without a
// prefix, a blackhole route without a device, and a route on berth's own bridge from an earlier run.
const hostRoutes: HostRoute[] = JSON.parse(`[
  {"dst":"default","gateway":"192.0.2.1","dev":"eth0","flags":[]},
  {"dst":"192.0.2.0/24","dev":"eth0","protocol":"kernel","scope":"link","prefsrc":"192.0.2.2","flags":[]},
  {"dst":"10.0.0.0/16","dev":"wg0","scope":"link","flags":[]},
  {"dst":"10.213.7.9","gateway":"192.0.2.1","dev":"eth0","flags":[]},
  {"type":"blackhole","dst":"172.16.0.0/12","flags":[]},
  {"dst":"10.214.0.0/16","dev":"berth0","protocol":"kernel","scope":"link","prefsrc":"10.214.0.1","flags":[]}
]`);

function invalidArgument(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(isBerthError(error));
    assert.equal(error.code, 'BERTH_INVALID_ARGUMENT');
    assert.match(error.message, pattern);
    return true;
  };
}

test('a CIDR parses to its network and prefix and prints back', () => {
  assert.deepEqual(parseCidr('10.213.0.0/16'), { network: 0x0ad50000, prefixLength: 16 });
  assert.equal(formatCidr(parseCidr('0.0.0.0/0')), '0.0.0.0/0');
  assert.equal(formatCidr(parseCidr('255.255.255.255/32')), '255.255.255.255/32');
});

test('malformed CIDRs are rejected with the reason', () => {
  for (const text of [
    '10.213.0.0',
    '10.213.0/16',
    '10.213.0.0/33',
    '10.213.0.256/24',
    '010.1.0.0/16',
    'a.b.c.d/8',
  ]) {
    assert.throws(() => parseCidr(text), invalidArgument(/is not an IPv4 CIDR range/), text);
  }
  assert.throws(
    () => parseCidr('10.213.0.5/16'),
    invalidArgument(/host bits set; the range is 10\.213\.0\.0\/16/),
  );
});

test('overlap: containment either way and equality overlap; neighbours do not', () => {
  const wide = parseCidr('10.0.0.0/8');
  assert.ok(cidrsOverlap(wide, parseCidr('10.213.0.0/16')));
  assert.ok(cidrsOverlap(parseCidr('10.213.0.0/16'), wide));
  assert.ok(cidrsOverlap(wide, wide));
  assert.ok(!cidrsOverlap(parseCidr('10.213.0.0/16'), parseCidr('10.214.0.0/16')));
  assert.ok(!cidrsOverlap(parseCidr('10.213.0.0/25'), parseCidr('10.213.0.128/25')));
});

test('the routes a range collides with: subnets and host routes, never default or our own bridge', () => {
  const names = (cidr: string) => overlappingRoutes(parseCidr(cidr), hostRoutes, 'berth0').map(describeRoute);
  assert.deepEqual(names('10.213.0.0/16'), ['10.213.7.9 dev eth0']);
  assert.deepEqual(names('10.0.128.0/24'), ['10.0.0.0/16 dev wg0']);
  assert.deepEqual(names('172.20.0.0/16'), ['172.16.0.0/12 (blackhole)']);
  assert.deepEqual(names('10.214.0.0/16'), []);
  assert.deepEqual(names('10.215.0.0/16'), []);
  assert.deepEqual(overlappingRoutes(parseCidr('10.214.0.0/16'), hostRoutes, 'other0').map(describeRoute), [
    '10.214.0.0/16 dev berth0',
  ]);
});

test('a suggested range of the same size is one no route claims', () => {
  assert.equal(formatCidr(suggestFreeRange(16, hostRoutes, 'berth0')!), '10.1.0.0/16');
  assert.equal(suggestFreeRange(4, hostRoutes, 'berth0'), undefined);
});

test('property: an address prints and parses back; a range overlaps the ranges inside it, not its neighbour', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffffff }), (value) => {
      assert.equal(parseIpv4(formatIpv4(value)), value);
    }),
  );
  const rangeOf = (address: number, prefixLength: number) => ({
    network: (address & prefixMask(prefixLength)) >>> 0,
    prefixLength,
  });
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 1, max: 32 }),
      fc.integer({ min: 0, max: 32 }),
      (address, outer, extra) => {
        const wide = rangeOf(address, outer);
        const narrow = rangeOf(address, Math.min(32, outer + extra));
        assert.deepEqual(parseCidr(formatCidr(wide)), wide);
        assert.ok(cidrsOverlap(wide, narrow) && cidrsOverlap(narrow, wide));
        const neighbour = rangeOf((wide.network ^ (2 ** (32 - outer))) >>> 0, outer);
        assert.ok(!cidrsOverlap(wide, neighbour) && !cidrsOverlap(neighbour, narrow));
      },
    ),
  );
});
