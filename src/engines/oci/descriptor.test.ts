import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isBerthError } from '../../errors/index.js';
import { isValidMediaType, parseDescriptor } from './descriptor.js';
import { computeDigest } from './digest.js';
import { jsonFields } from './json-fields.js';
import { isRunnableImage, parseManifest } from './manifest.js';
import { mediaTypes } from './media-types.js';

const encode = (text: string) => new TextEncoder().encode(text);
const fields = () => jsonFields('BERTH_INVALID_MANIFEST', 'invalid manifest');
const layer = {
  mediaType: mediaTypes.ociLayerGzip,
  digest: computeDigest(encode('layer bytes')),
  size: 11,
};
const empty = { mediaType: mediaTypes.ociEmpty, digest: computeDigest(encode('{}')), size: 2 };

test('a descriptor keeps its optional fields: urls, annotations, platform, artifactType, data', () => {
  const parsed = parseDescriptor(
    {
      ...empty,
      urls: ['https://example.com/layer'],
      annotations: { a: 'b', ['__proto__']: 'kept as data' },
      platform: { os: 'linux', architecture: 'arm', variant: 'v7', 'os.features': ['sse4'] },
      artifactType: 'application/vnd.example+json',
      data: 'e30=',
      unknownField: 'ignored',
    },
    'layers[0]',
    fields(),
  );
  assert.deepEqual(parsed.urls, ['https://example.com/layer']);
  assert.equal(Object.getPrototypeOf(parsed.annotations), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(parsed.annotations, '__proto__')?.value, 'kept as data');
  assert.deepEqual(parsed.platform, {
    os: 'linux',
    architecture: 'arm',
    variant: 'v7',
    osFeatures: ['sse4'],
  });
  assert.equal(parsed.artifactType, 'application/vnd.example+json');
  assert.deepEqual(parsed.data, encode('{}'));
  assert.ok(!('unknownField' in parsed));
});

// reference/registry-protocol.md §2.2 "Descriptor rules" (image-spec descriptor.md) and §0 item 4.
test('descriptor problems are refused naming the field', () => {
  const table: [change: Record<string, unknown>, reason: RegExp][] = [
    [{ size: -1 }, /layers\[0\]\.size must be a non-negative integer/],
    [{ size: 1.5 }, /size must be a non-negative integer/],
    [{ size: '11' }, /size must be a non-negative integer/],
    [{ size: 2 ** 60 }, /size must be a non-negative integer/],
    [
      { digest: layer.digest.toUpperCase() },
      /layers\[0\]\.digest "SHA256:.*" is not a sha256\/sha512 digest/,
    ],
    [{ digest: 'sha256:../../etc/passwd' }, /layers\[0\]\.digest/],
    [{ digest: `blake3:${'a'.repeat(64)}` }, /is not a sha256\/sha512 digest/],
    [{ mediaType: undefined }, /layers\[0\]\.mediaType must be a string/],
    [{ mediaType: 'gzip' }, /mediaType "gzip" is not a media type/],
    [{ mediaType: `${mediaTypes.ociLayer}; x=y` }, /is not a media type/],
    [{ urls: 'https://example.com' }, /urls must be an array/],
    [{ urls: ['not a url'] }, /urls\[0\] "not a url" is not a URL/],
    [{ annotations: { a: 1 } }, /annotations\["a"\] must be a string/],
    [{ annotations: ['a'] }, /annotations must be an object/],
    [{ platform: { architecture: 'amd64' } }, /layers\[0\]\.platform\.os must be a string/],
    [{ platform: { os: 'linux', architecture: '' } }, /platform must name an os and an architecture/],
    [{ platform: { os: 'linux', architecture: 'arm', variant: 7 } }, /platform\.variant must be a string/],
    [{ artifactType: 'not a type' }, /artifactType "not a type" is not a media type/],
    [{ data: 'e30=' }, /layers\[0\]\.data is 2 bytes, size says 11/],
    [{ data: '!!' }, /layers\[0\]\.data is not base64/],
    [{ data: 'e30' }, /is not base64/],
  ];
  for (const [change, reason] of table) {
    assert.throws(
      () => parseDescriptor({ ...layer, ...change }, 'layers[0]', fields()),
      { code: 'BERTH_INVALID_MANIFEST', message: reason },
      String(reason),
    );
  }
  assert.throws(() => parseDescriptor({ ...empty, data: 'W10=' }, 'config', fields()), {
    message: /config\.data does not match digest/,
  });
  assert.throws(() => parseDescriptor(null, 'config', fields()), { message: /config must be an object/ });
});

test('descriptor errors surface through parseManifest, and artifacts are not runnable images', () => {
  const manifest = { schemaVersion: 2, config: empty, layers: [{ ...layer, size: -1 }] };
  assert.throws(() => parseManifest(encode(JSON.stringify(manifest))), { message: /layers\[0\]\.size/ });
  const artifact = { ...manifest, layers: [layer], artifactType: 'application/vnd.example+json' };
  const parsed = parseManifest(encode(JSON.stringify(artifact)));
  assert.ok(parsed.kind === 'manifest' && !isRunnableImage(parsed));
});

test('media type grammar (RFC 6838 as image-spec uses it)', () => {
  for (const ok of [mediaTypes.ociManifest, 'application/vnd.in-toto+json', 'text/plain'])
    assert.ok(isValidMediaType(ok));
  for (const bad of [
    '',
    'application',
    'application/',
    '/json',
    'a/b/c',
    'application/json; charset=utf-8',
    'ä/b',
  ]) {
    assert.ok(!isValidMediaType(bad), bad);
  }
});

test('property: any JSON value as a descriptor parses or fails with BERTH_INVALID_MANIFEST', () => {
  const mutated = fc
    .tuple(
      fc.constantFrom('mediaType', 'digest', 'size', 'urls', 'annotations', 'platform', 'data'),
      fc.jsonValue(),
    )
    .map(([key, value]) => ({ ...layer, [key]: value }));
  fc.assert(
    fc.property(fc.oneof(fc.jsonValue({ maxDepth: 2 }), mutated), (value) => {
      try {
        const parsed = parseDescriptor(value, 'd', fields());
        assert.ok(Number.isSafeInteger(parsed.size) && parsed.size >= 0);
      } catch (error) {
        if (!isBerthError(error) || error.code !== 'BERTH_INVALID_MANIFEST') throw error;
      }
    }),
    { numRuns: 1000 },
  );
});
