import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isImageConfigMediaType,
  isImageManifestMediaType,
  isIndexMediaType,
  isNondistributableLayer,
  isSchema1MediaType,
  layerCompression,
  manifestAccept,
  manifestAcceptHeader,
  mediaTypes,
  normalizeMediaType,
  sniffCompression,
} from './media-types.js';

test('the Accept list names all four manifest types, index types first (§0 item 2, §1.2)', () => {
  assert.deepEqual(manifestAccept, [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.docker.distribution.manifest.v2+json',
  ]);
  assert.equal(manifestAcceptHeader.split(', ').length, 4);
  assert.ok(!manifestAcceptHeader.includes('v1+prettyjws'), 'schema1 is never asked for');
});

test('Content-Type parameters, case and whitespace are ignored (§1.1)', () => {
  assert.equal(
    normalizeMediaType(' Application/VND.OCI.Image.Manifest.v1+json ; charset=utf-8'),
    mediaTypes.ociManifest,
  );
  assert.equal(normalizeMediaType(''), undefined);
  assert.equal(normalizeMediaType('  ;q=1'), undefined);
  assert.equal(normalizeMediaType(undefined), undefined);
});

// reference/registry-protocol.md §2.1 table.
test('classification of index, manifest, schema1 and config types', () => {
  const table: [type: string, index: boolean, manifest: boolean, schema1: boolean, config: boolean][] = [
    [mediaTypes.ociIndex, true, false, false, false],
    [mediaTypes.dockerManifestList, true, false, false, false],
    [`${mediaTypes.dockerManifestList}; charset=utf-8`, true, false, false, false],
    [mediaTypes.ociManifest, false, true, false, false],
    [mediaTypes.dockerManifest, false, true, false, false],
    [mediaTypes.dockerSchema1Manifest, false, false, true, false],
    [mediaTypes.dockerSchema1SignedManifest, false, false, true, false],
    [mediaTypes.ociConfig, false, false, false, true],
    [mediaTypes.dockerConfig, false, false, false, true],
    [mediaTypes.ociEmpty, false, false, false, false],
    ['application/json', false, false, false, false],
  ];
  for (const [type, index, manifest, schema1, config] of table) {
    assert.equal(isIndexMediaType(type), index, type);
    assert.equal(isImageManifestMediaType(type), manifest, type);
    assert.equal(isSchema1MediaType(type), schema1, type);
    assert.equal(isImageConfigMediaType(type), config, type);
  }
});

test('layer types declare gzip, zstd or none; foreign and non-distributable ones are flagged (§2.1, §3.6)', () => {
  const table: [type: string, compression: string | undefined, foreign: boolean][] = [
    [mediaTypes.ociLayer, 'none', false],
    [mediaTypes.ociLayerGzip, 'gzip', false],
    [mediaTypes.ociLayerZstd, 'zstd', false],
    [mediaTypes.dockerLayer, 'none', false],
    [mediaTypes.dockerLayerGzip, 'gzip', false],
    [mediaTypes.dockerLayerZstd, 'zstd', false],
    [mediaTypes.ociNondistributableLayer, 'none', true],
    [mediaTypes.ociNondistributableLayerGzip, 'gzip', true],
    [mediaTypes.ociNondistributableLayerZstd, 'zstd', true],
    [mediaTypes.dockerForeignLayer, 'none', true],
    [mediaTypes.dockerForeignLayerGzip, 'gzip', true],
    [mediaTypes.inToto, undefined, false],
    [mediaTypes.ociConfig, undefined, false],
  ];
  for (const [type, compression, foreign] of table) {
    assert.equal(layerCompression(type), compression, type);
    assert.equal(isNondistributableLayer(type), foreign, type);
  }
});

test('compression is sniffed from magic bytes, not trusted from the media type (§2.1)', () => {
  assert.equal(sniffCompression(Uint8Array.of(0x1f, 0x8b, 0x08, 0x00)), 'gzip');
  assert.equal(
    sniffCompression(Uint8Array.of(0x1f, 0x8b, 0x07)),
    'none',
    'gzip needs the deflate method byte',
  );
  assert.equal(sniffCompression(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00)), 'zstd');
  assert.equal(sniffCompression(Uint8Array.of(0x50, 0x2a, 0x4d, 0x18)), 'zstd', 'skippable frame');
  assert.equal(sniffCompression(Uint8Array.of(0x5f, 0x2a, 0x4d, 0x18)), 'zstd', 'skippable frame');
  assert.equal(sniffCompression(Uint8Array.of(0x60, 0x2a, 0x4d, 0x18)), 'none');
  assert.equal(sniffCompression(new TextEncoder().encode('etc/passwd\0\0\0')), 'none');
  assert.equal(sniffCompression(new Uint8Array()), 'none');
});
