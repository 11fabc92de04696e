import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isBerthError } from '../../errors/index.js';
import type { Descriptor } from './descriptor.js';
import { computeDigest } from './digest.js';
import { layersWithDiffIds, parseImageConfig } from './image-config.js';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const diffA = computeDigest(encode('layer a, uncompressed'));
const diffB = computeDigest(encode('layer b, uncompressed'));

// A Docker-built config: PascalCase keys and nulls where nothing was set.
const dockerConfig = {
  architecture: 'arm',
  variant: 'v7',
  os: 'linux',
  created: '2024-05-01T10:00:00Z',
  config: {
    Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'APP_PORT=8080'],
    Entrypoint: ['/docker-entrypoint.sh'],
    Cmd: ['nginx', '-g', 'daemon off;'],
    WorkingDir: '/srv',
    User: '101:101',
    ExposedPorts: { '80/tcp': {}, '53/udp': {} },
    Labels: { maintainer: 'someone' },
    StopSignal: 'SIGQUIT',
    Volumes: null,
    OnBuild: null,
  },
  rootfs: { type: 'layers', diff_ids: [diffA, diffB] },
  history: [{ created_by: 'ADD file:… in /' }],
};

test('a Docker image config parses to platform, runtime defaults and diffIDs (§0 item 5)', () => {
  assert.deepEqual(parseImageConfig(encode(dockerConfig)), {
    os: 'linux',
    architecture: 'arm',
    variant: 'v7',
    config: {
      env: dockerConfig.config.Env,
      entrypoint: ['/docker-entrypoint.sh'],
      cmd: ['nginx', '-g', 'daemon off;'],
      workingDir: '/srv',
      user: '101:101',
      stopSignal: 'SIGQUIT',
      exposedPorts: ['80/tcp', '53/udp'],
      labels: { maintainer: 'someone' },
    },
    diffIds: [diffA, diffB],
    created: '2024-05-01T10:00:00Z',
  });
});

test('a minimal OCI config (no config object, null Entrypoint) gives empty defaults', () => {
  const minimal = { os: 'linux', architecture: 'amd64', rootfs: { type: 'layers', diff_ids: [] } };
  assert.deepEqual(parseImageConfig(encode(minimal)), {
    os: 'linux',
    architecture: 'amd64',
    config: { env: [] },
    diffIds: [],
  });
  const nulls = { ...minimal, config: { Entrypoint: null, Cmd: null, Env: null, WorkingDir: '' } };
  assert.deepEqual(parseImageConfig(encode(nulls)).config, { env: [] });
});

test('malformed configs get BERTH_INVALID_IMAGE_CONFIG naming the field', () => {
  const cases: [change: Record<string, unknown>, reason: RegExp][] = [
    [{ os: undefined }, /os must be a string/],
    [{ architecture: '' }, /the document must name an os and an architecture/],
    [{ rootfs: undefined }, /rootfs must be an object/],
    [{ rootfs: { type: 'overlay', diff_ids: [] } }, /rootfs\.type must be "layers", got "overlay"/],
    [
      { rootfs: { type: 'layers', diff_ids: ['sha256:abc'] } },
      /rootfs\.diff_ids\[0\] "sha256:abc" is not a sha256/,
    ],
    [{ rootfs: { type: 'layers' } }, /rootfs\.diff_ids must be an array/],
    [{ config: { ...dockerConfig.config, Env: 'A=1' } }, /config\.Env must be an array/],
    [{ config: { ...dockerConfig.config, Cmd: ['ok', 7] } }, /config\.Cmd\[1\] must be a string/],
    [{ config: { ...dockerConfig.config, User: 0 } }, /config\.User must be a string/],
    [{ config: { ...dockerConfig.config, Labels: { a: false } } }, /config\.Labels\["a"\] must be a string/],
    [{ config: [] }, /config must be an object/],
  ];
  for (const [change, reason] of cases) {
    assert.throws(
      () => parseImageConfig(encode({ ...dockerConfig, ...change })),
      { code: 'BERTH_INVALID_IMAGE_CONFIG', message: reason },
      String(reason),
    );
  }
  assert.throws(() => parseImageConfig(new TextEncoder().encode('{')), {
    code: 'BERTH_INVALID_IMAGE_CONFIG',
  });
});

test('the config digest is checked against the exact bytes when given', () => {
  const bytes = encode(dockerConfig);
  assert.equal(parseImageConfig(bytes, { expectedDigest: computeDigest(bytes) }).os, 'linux');
  assert.throws(() => parseImageConfig(bytes, { expectedDigest: diffA }), { code: 'BERTH_DIGEST_MISMATCH' });
});

test('layers pair with diffIDs in order, and a count mismatch is refused', () => {
  const layer = (name: string): Descriptor => ({
    mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    digest: computeDigest(encode(name)),
    size: 1,
  });
  const layers = [layer('a'), layer('b')];
  assert.deepEqual(layersWithDiffIds({ layers }, { diffIds: [diffA, diffB] }), [
    { layer: layers[0], diffId: diffA },
    { layer: layers[1], diffId: diffB },
  ]);
  assert.throws(() => layersWithDiffIds({ layers }, { diffIds: [diffA] }), {
    code: 'BERTH_INVALID_IMAGE_CONFIG',
    message: /1 entries for 2 layers/,
  });
});

test('property: mutated configs parse or fail only with BerthErrors', () => {
  const mutated = fc
    .tuple(
      fc.constantFrom('os', 'architecture', 'variant', 'config', 'rootfs', 'os.features'),
      fc.jsonValue({ maxDepth: 3 }),
    )
    .map(([key, value]) => encode({ ...dockerConfig, [key]: value }));
  fc.assert(
    fc.property(fc.oneof(mutated, fc.uint8Array({ maxLength: 100 })), (bytes) => {
      try {
        parseImageConfig(bytes);
      } catch (error) {
        if (!isBerthError(error)) throw error;
      }
    }),
    { numRuns: 1000 },
  );
});
