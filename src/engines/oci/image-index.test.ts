import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Descriptor } from './descriptor.js';
import { computeDigest } from './digest.js';
import { isAttestation, selectManifests } from './image-index.js';
import { mediaTypes } from './media-types.js';
import { type Platform, parsePlatform } from './platform.js';

function entry(name: string, platform?: Platform, extra: Partial<Descriptor> = {}): Descriptor {
  return {
    mediaType: mediaTypes.ociManifest,
    digest: computeDigest(new TextEncoder().encode(name)),
    size: name.length,
    ...(platform === undefined ? {} : { platform }),
    ...extra,
  };
}

const linux = (architecture: string, variant?: string): Platform => ({
  os: 'linux',
  architecture,
  ...(variant === undefined ? {} : { variant }),
});
const attestation = entry(
  'attestation',
  { os: 'unknown', architecture: 'unknown' },
  {
    annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
  },
);
const names = (selected: Descriptor[], all: Record<string, Descriptor>) =>
  selected.map((d) => Object.keys(all).find((k) => all[k] === d));

// reference/registry-protocol.md §2.3: a BuildKit-style multi-arch index with attestations.
const index = {
  amd64: entry('amd64', linux('amd64')),
  amd64Attestation: attestation,
  arm64: entry('arm64', linux('arm64', 'v8')),
  armv7: entry('armv7', linux('arm', 'v7')),
  armv6: entry('armv6', linux('arm', 'v6')),
  i386: entry('386', linux('386')),
  windows: entry('windows', { os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.1' }),
};

test('the exact platform wins, then compatible fallbacks in containerd order', () => {
  const manifests = Object.values(index);
  assert.deepEqual(names(selectManifests({ manifests }, parsePlatform('linux/amd64')), index), [
    'amd64',
    'i386',
  ]);
  assert.deepEqual(names(selectManifests({ manifests }, parsePlatform('linux/aarch64')), index), [
    'arm64',
    'armv7',
    'armv6',
  ]);
  assert.deepEqual(names(selectManifests({ manifests }, parsePlatform('linux/arm/v7')), index), [
    'armv7',
    'armv6',
  ]);
  assert.deepEqual(
    names(selectManifests({ manifests }, parsePlatform('linux/arm64'), { strict: true }), index),
    ['arm64'],
  );
  assert.deepEqual(names(selectManifests({ manifests }, parsePlatform('windows/amd64')), index), ['windows']);
  assert.deepEqual(selectManifests({ manifests }, parsePlatform('linux/s390x')), []);
});

test('among equal matches the first entry wins; entries without a platform come last', () => {
  const first = entry('first', linux('x86_64'));
  const second = entry('second', linux('amd64', 'v1'));
  const unknown = entry('no-platform');
  const fallback = entry('fallback', linux('386'));
  const all = { unknown, fallback, first, second };
  assert.deepEqual(
    names(selectManifests({ manifests: Object.values(all) }, parsePlatform('linux/amd64')), all),
    ['first', 'second', 'fallback', 'unknown'],
  );
});

test('attestations, artifacts and unknown media types are never selected, even as the only entry', () => {
  const artifact = entry('sbom', undefined, { artifactType: 'application/spdx+json' });
  const referrer = entry('ref', linux('amd64'), {
    annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
  });
  const other = entry('helm', linux('amd64'), { mediaType: 'application/vnd.cncf.helm.config.v1+json' });
  const wanted = parsePlatform('linux/amd64');
  for (const lonely of [attestation, artifact, referrer, other]) {
    assert.deepEqual(selectManifests({ manifests: [lonely] }, wanted), [], lonely.mediaType);
  }
  assert.ok(isAttestation(attestation) && isAttestation(artifact) && isAttestation(referrer));
  assert.ok(!isAttestation(index.amd64));
  const nested = entry('nested', undefined, { mediaType: mediaTypes.dockerManifestList });
  assert.deepEqual(
    selectManifests({ manifests: [nested] }, wanted),
    [nested],
    'a nested index is a candidate',
  );
});
