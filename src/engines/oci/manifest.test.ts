import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isBerthError } from '../../errors/index.js';
import { computeDigest } from './digest.js';
import { isRunnableImage, maxManifestBytes, parseManifest } from './manifest.js';
import { mediaTypes } from './media-types.js';

const encode = (value: unknown) =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const blob = (text: string, mediaType: string) => ({
  mediaType,
  digest: computeDigest(encode(text)),
  size: encode(text).length,
});
const config = blob('{"os":"linux"}', mediaTypes.ociConfig);
const layer = blob('layer bytes', mediaTypes.ociLayerGzip);
const ociManifest = { schemaVersion: 2, mediaType: mediaTypes.ociManifest, config, layers: [layer] };
const amd64 = {
  ...blob('amd64 manifest', mediaTypes.ociManifest),
  platform: { os: 'linux', architecture: 'amd64' },
};
const ociIndex = { schemaVersion: 2, mediaType: mediaTypes.ociIndex, manifests: [amd64] };

test('an OCI manifest parses to its config and layers (§2.2)', () => {
  const parsed = parseManifest(encode(ociManifest), { contentType: mediaTypes.ociManifest });
  assert.deepEqual(parsed, { kind: 'manifest', mediaType: mediaTypes.ociManifest, config, layers: [layer] });
  assert.ok(parsed.kind === 'manifest' && isRunnableImage(parsed));
});

test('an OCI index and a Docker manifest list parse to their entries', () => {
  assert.deepEqual(parseManifest(encode(ociIndex)), {
    kind: 'index',
    mediaType: mediaTypes.ociIndex,
    manifests: [amd64],
  });
  const list = { ...ociIndex, mediaType: mediaTypes.dockerManifestList };
  const parsed = parseManifest(encode(list), {
    contentType: `${mediaTypes.dockerManifestList}; charset=utf-8`,
  });
  assert.equal(parsed.kind, 'index');
  assert.equal(parsed.mediaType, mediaTypes.dockerManifestList);
});

test('the media type comes from the body, else the Content-Type, else the shape (older OCI omits it)', () => {
  const { mediaType: _, ...bare } = ociManifest;
  assert.equal(parseManifest(encode(bare)).mediaType, mediaTypes.ociManifest);
  assert.equal(
    parseManifest(encode(bare), { contentType: mediaTypes.dockerManifest }).mediaType,
    mediaTypes.dockerManifest,
  );
  assert.equal(
    parseManifest(encode(bare), { contentType: 'application/json' }).mediaType,
    mediaTypes.ociManifest,
  );
  const { mediaType: __, ...bareIndex } = ociIndex;
  assert.equal(parseManifest(encode(bareIndex)).kind, 'index');
});

// reference/registry-protocol.md §2.2 (CVE-2021-41190, size limits, descriptor rules) and §2.4 (schema1).
const rejected: [
  name: string,
  body: unknown,
  contentType: string | undefined,
  code: string,
  reason: RegExp,
][] = [
  ['not JSON', '{"schemaVersion":2', undefined, 'BERTH_INVALID_MANIFEST', /not valid JSON/],
  ['not UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), undefined, 'BERTH_INVALID_MANIFEST', /not valid UTF-8/],
  ['an array', [ociManifest], undefined, 'BERTH_INVALID_MANIFEST', /the document must be an object/],
  [
    'schemaVersion 3',
    { ...ociManifest, schemaVersion: 3 },
    undefined,
    'BERTH_INVALID_MANIFEST',
    /schemaVersion must be 2, got "3"/,
  ],
  [
    'no schemaVersion',
    { ...ociManifest, schemaVersion: undefined },
    undefined,
    'BERTH_INVALID_MANIFEST',
    /got nothing/,
  ],
  [
    'schemaVersion 1',
    { schemaVersion: 1, name: 'a', tag: 'b', fsLayers: [] },
    undefined,
    'BERTH_UNSUPPORTED_MANIFEST',
    /schema 1/,
  ],
  [
    'schema1 type',
    ociManifest,
    mediaTypes.dockerSchema1SignedManifest,
    'BERTH_UNSUPPORTED_MANIFEST',
    /schema 1/,
  ],
  [
    'schema1 body type',
    { ...ociManifest, mediaType: mediaTypes.dockerSchema1Manifest },
    undefined,
    'BERTH_UNSUPPORTED_MANIFEST',
    /schema 1/,
  ],
  [
    'body vs Content-Type',
    ociManifest,
    mediaTypes.dockerManifest,
    'BERTH_INVALID_MANIFEST',
    /differs from the Content-Type/,
  ],
  [
    'index body, manifest Content-Type',
    ociIndex,
    mediaTypes.ociManifest,
    'BERTH_INVALID_MANIFEST',
    /differs/,
  ],
  [
    'manifests and layers',
    { ...ociIndex, layers: [layer] },
    undefined,
    'BERTH_INVALID_MANIFEST',
    /ambiguous/,
  ],
  [
    'manifests and config',
    { ...ociManifest, manifests: [amd64] },
    undefined,
    'BERTH_INVALID_MANIFEST',
    /ambiguous/,
  ],
  [
    'untyped index-shaped body as a manifest',
    { schemaVersion: 2, manifests: [amd64] },
    mediaTypes.ociManifest,
    'BERTH_INVALID_MANIFEST',
    /must not have "manifests"/,
  ],
  [
    'untyped manifest-shaped body as an index',
    { schemaVersion: 2, config, layers: [] },
    mediaTypes.ociIndex,
    'BERTH_INVALID_MANIFEST',
    /must have "manifests"/,
  ],
  ['no shape', { schemaVersion: 2 }, undefined, 'BERTH_INVALID_MANIFEST', /neither "manifests" nor "config"/],
  [
    'artifact manifest type',
    { ...ociManifest, mediaType: 'application/vnd.oci.artifact.manifest.v1+json' },
    undefined,
    'BERTH_UNSUPPORTED_MANIFEST',
    /unsupported manifest media type/,
  ],
  [
    'bad mediaType',
    { ...ociManifest, mediaType: 'not a type' },
    undefined,
    'BERTH_INVALID_MANIFEST',
    /mediaType "not a type" is not a media type/,
  ],
  [
    'no config',
    { ...ociManifest, config: undefined },
    undefined,
    'BERTH_INVALID_MANIFEST',
    /config must be an object/,
  ],
  [
    'layers not an array',
    { ...ociManifest, layers: {} },
    undefined,
    'BERTH_INVALID_MANIFEST',
    /layers must be an array/,
  ],
  [
    'annotation not a string',
    { ...ociManifest, annotations: { a: 1 } },
    undefined,
    'BERTH_INVALID_MANIFEST',
    /annotations\["a"\] must be a string/,
  ],
];

test('malformed, ambiguous and unsupported documents are refused with a specific reason', () => {
  for (const [name, body, contentType, code, reason] of rejected) {
    const bytes = body instanceof Uint8Array ? body : encode(body);
    assert.throws(
      () => parseManifest(bytes, contentType ? { contentType } : {}),
      { code, message: reason },
      name,
    );
  }
});

test('the 4 MiB cap is applied before any parsing, and the digest of the exact bytes before JSON', () => {
  const padded = encode(`${JSON.stringify(ociManifest)}${' '.repeat(maxManifestBytes)}`);
  assert.throws(() => parseManifest(padded), {
    code: 'BERTH_INVALID_MANIFEST',
    message: /4194304-byte limit/,
  });
  const bytes = encode(ociManifest);
  assert.equal(parseManifest(bytes, { expectedDigest: computeDigest(bytes) }).kind, 'manifest');
  const reformatted = encode(JSON.stringify(ociManifest, null, 2));
  assert.throws(() => parseManifest(reformatted, { expectedDigest: computeDigest(bytes) }), {
    code: 'BERTH_DIGEST_MISMATCH',
  });
  assert.throws(() => parseManifest(encode('garbage'), { expectedDigest: computeDigest(bytes) }), {
    code: 'BERTH_DIGEST_MISMATCH',
  });
});

test('property: arbitrary bytes and mutated manifests fail only with BerthErrors', () => {
  const mutated = fc
    .tuple(
      fc.constantFrom(ociManifest, ociIndex),
      fc.string({ maxLength: 12 }),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map(([doc, key, value]) => ({ ...doc, [key]: value }));
  const descriptorMutation = fc
    .tuple(
      fc.constantFrom('mediaType', 'digest', 'size', 'urls', 'annotations', 'platform', 'data'),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map(([key, value]) => ({ ...ociIndex, manifests: [{ ...amd64, [key]: value }] }));
  const input = fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.jsonValue({ maxDepth: 3 }).map(encode),
    mutated.map(encode),
    descriptorMutation.map(encode),
  );
  const contentType = fc.option(fc.constantFrom(...Object.values(mediaTypes), 'application/json'), {
    nil: undefined,
  });
  fc.assert(
    fc.property(input, contentType, (bytes, type) => {
      try {
        const parsed = parseManifest(bytes, type === undefined ? {} : { contentType: type });
        assert.ok(parsed.kind === 'manifest' || parsed.kind === 'index');
      } catch (error) {
        if (!isBerthError(error)) throw error;
      }
    }),
    { numRuns: 1500 },
  );
});
