import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isBerthError } from '../../errors/index.js';
import {
  compatiblePlatforms,
  formatPlatform,
  normalizePlatform,
  type Platform,
  parsePlatform,
  platformMatches,
  platformRank,
} from './platform.js';

test('os/arch[/variant] strings parse to the normalised platform (§2.3)', () => {
  const table: [input: string, expected: string][] = [
    ['linux/amd64', 'linux/amd64'],
    ['linux/x86_64', 'linux/amd64'],
    ['linux/x86-64', 'linux/amd64'],
    ['linux/amd64/v1', 'linux/amd64'],
    ['linux/amd64/v3', 'linux/amd64/v3'],
    ['linux/aarch64', 'linux/arm64'],
    ['linux/arm64/v8', 'linux/arm64'],
    ['linux/arm64/8', 'linux/arm64'],
    ['linux/arm64/v8.2', 'linux/arm64/v8.2'],
    ['linux/arm', 'linux/arm/v7'],
    ['linux/arm/7', 'linux/arm/v7'],
    ['linux/arm/v6', 'linux/arm/v6'],
    ['linux/arm/5', 'linux/arm/v5'],
    ['linux/armhf', 'linux/arm/v7'],
    ['linux/armel', 'linux/arm/v6'],
    ['linux/i386', 'linux/386'],
    ['Linux/AMD64', 'linux/amd64'],
    ['macos/arm64', 'darwin/arm64'],
    ['windows/amd64', 'windows/amd64'],
  ];
  for (const [input, expected] of table) assert.equal(formatPlatform(parsePlatform(input)), expected, input);
});

test('other platform strings get BERTH_INVALID_PLATFORM', () => {
  for (const input of [
    '',
    'linux',
    'amd64',
    'linux/',
    '/amd64',
    'linux/amd64/v8/extra',
    'linux/*',
    'linux/amd 64',
  ]) {
    assert.throws(
      () => parsePlatform(input),
      { code: 'BERTH_INVALID_PLATFORM', message: /invalid platform/ },
      input,
    );
  }
});

test('normalisation keeps os.version and os.features and drops the default variants', () => {
  assert.deepEqual(normalizePlatform({ os: 'windows', architecture: 'AMD64', osVersion: '10.0.17763.1' }), {
    os: 'windows',
    architecture: 'amd64',
    osVersion: '10.0.17763.1',
  });
  assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'arm64', variant: 'v8' }), {
    os: 'linux',
    architecture: 'arm64',
  });
});

const vector = (wanted: string) => compatiblePlatforms(parsePlatform(wanted)).map(formatPlatform);

test('compatible platforms follow containerd platforms.Only, best first (§2.3)', () => {
  assert.deepEqual(vector('linux/amd64'), ['linux/amd64', 'linux/386']);
  assert.deepEqual(vector('linux/amd64/v3'), [
    'linux/amd64/v3',
    'linux/amd64/v2',
    'linux/amd64',
    'linux/386',
  ]);
  assert.deepEqual(vector('linux/arm/v7'), ['linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']);
  assert.deepEqual(vector('linux/arm/v5'), ['linux/arm/v5']);
  assert.deepEqual(vector('linux/arm64'), [
    'linux/arm64',
    'linux/arm/v8',
    'linux/arm/v7',
    'linux/arm/v6',
    'linux/arm/v5',
  ]);
  assert.deepEqual(vector('linux/arm64/v8.2'), [
    'linux/arm64/v8.2',
    'linux/arm64/v8.1',
    'linux/arm64',
    'linux/arm/v8',
    'linux/arm/v7',
    'linux/arm/v6',
    'linux/arm/v5',
  ]);
  assert.deepEqual(vector('linux/arm64/v9.1').slice(0, 9), [
    'linux/arm64/v9.1',
    'linux/arm64/v9',
    'linux/arm64/v8.6',
    'linux/arm64/v8.5',
    'linux/arm64/v8.4',
    'linux/arm64/v8.3',
    'linux/arm64/v8.2',
    'linux/arm64/v8.1',
    'linux/arm64',
  ]);
  assert.deepEqual(vector('linux/s390x'), ['linux/s390x']);
  assert.deepEqual(compatiblePlatforms(parsePlatform('linux/arm64'), true).map(formatPlatform), [
    'linux/arm64',
  ]);
});

test('matching normalises the candidate and never crosses operating systems', () => {
  const amd64 = parsePlatform('linux/amd64');
  const candidates: [candidate: Platform, rank: number | undefined][] = [
    [{ os: 'linux', architecture: 'x86_64' }, 0],
    [{ os: 'linux', architecture: 'amd64', variant: 'v1' }, 0],
    [{ os: 'linux', architecture: '386' }, 1],
    [{ os: 'linux', architecture: 'amd64', variant: 'v2' }, undefined],
    [{ os: 'windows', architecture: 'amd64' }, undefined],
    [{ os: 'linux', architecture: 'arm64' }, undefined],
    [{ os: 'unknown', architecture: 'unknown' }, undefined],
  ];
  for (const [candidate, rank] of candidates) {
    assert.equal(platformRank(amd64, candidate), rank, formatPlatform(candidate));
    assert.equal(platformMatches(amd64, candidate), rank !== undefined, formatPlatform(candidate));
  }
  const arm64 = parsePlatform('linux/arm64/v8');
  assert.ok(platformMatches(arm64, { os: 'linux', architecture: 'aarch64' }));
  assert.ok(platformMatches(arm64, { os: 'linux', architecture: 'arm', variant: 'v7' }));
  assert.ok(!platformMatches(arm64, { os: 'linux', architecture: 'arm', variant: 'v7' }, true), 'strict');
  assert.ok(
    platformMatches(parsePlatform('linux/arm/v7'), { os: 'linux', architecture: 'arm' }),
    'arm means v7',
  );
  assert.ok(!platformMatches(parsePlatform('linux/arm/v6'), { os: 'linux', architecture: 'arm' }));
});

test('property: parsing is idempotent and only ever fails with BERTH_INVALID_PLATFORM', () => {
  const specifier = fc
    .tuple(
      fc.constantFrom('linux', 'windows', 'Linux', 'darwin'),
      fc.constantFrom('amd64', 'x86_64', 'arm64', 'aarch64', 'arm', 'armhf', 'armel', 'i386', 'riscv64'),
      fc.option(fc.constantFrom('v5', 'v6', 'v7', 'v8', '8', 'v8.2', 'v9.1', 'v1', 'v3'), { nil: undefined }),
    )
    .map(([os, arch, variant]) => [os, arch, variant].filter(Boolean).join('/'));
  fc.assert(
    fc.property(specifier, (text) => {
      const platform = parsePlatform(text);
      assert.deepEqual(parsePlatform(formatPlatform(platform)), platform);
      assert.equal(platformRank(platform, platform), 0);
    }),
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), (text) => {
      try {
        parsePlatform(text);
      } catch (error) {
        if (!isBerthError(error) || error.code !== 'BERTH_INVALID_PLATFORM') throw error;
      }
    }),
  );
});
