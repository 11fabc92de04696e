import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MemoryContentStore } from '../../content/index.js';
import { computeDigest, mediaTypes } from '../../engines/oci/index.js';
import { isBerthError } from '../../errors/index.js';
import {
  compress,
  type FixtureCompression,
  type FixtureEntry,
  layerOf,
  sandbox,
  storeLayer,
  tarBytes,
} from '../../testing/layer-fixtures.js';
import { applyLayer, type LayerApplyResult } from './apply-layer.js';

const asRoot = process.getuid?.() === 0;

async function applyAll(
  layers: FixtureEntry[][],
  compression: FixtureCompression = 'gzip',
): Promise<{ root: string; results: LayerApplyResult[]; cleanup: () => void }> {
  const { dir, root } = sandbox();
  mkdirSync(root);
  const store = new MemoryContentStore();
  const results: LayerApplyResult[] = [];
  for (const entries of layers) {
    const { layer, diffId } = await layerOf(store, entries, compression);
    results.push(await applyLayer(store, layer, diffId, root));
  }
  return { root, results, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const read = (path: string): string => readFileSync(path, 'utf8');
const tree = (root: string, rel = ''): string[] =>
  readdirSync(join(root, rel), { withFileTypes: true })
    .flatMap((e) => {
      const path = rel ? `${rel}/${e.name}` : e.name;
      return e.isDirectory() && !e.isSymbolicLink() ? [`${path}/`, ...tree(root, path)] : [path];
    })
    .sort();
const mtime = new Date('2021-06-07T08:09:10Z');

for (const compression of ['gzip', 'zstd', 'none'] as const) {
  test(`files, directories, symlinks, hard links and their attributes (${compression})`, async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 11, 'z');
    const { root, results, cleanup } = await applyAll(
      [
        [
          { name: 'bin/', type: 'directory', mode: 0o755, mtime },
          { name: 'bin/tool', data: '#!/bin/sh\n', mode: 0o4755, mtime },
          { name: 'bin/alias', type: 'symlink', linkname: 'tool', mtime },
          { name: 'bin/hard', type: 'link', linkname: 'bin/tool' },
          { name: 'srv/shared/', type: 'directory', mode: 0o2775, mtime },
          { name: 'tmp/', type: 'directory', mode: 0o1777, mtime },
          { name: 'big.bin', data: big, mode: 0o600 },
          { name: 'empty', data: '' },
          { name: 'implicit/parent/file.txt', data: 'deep' },
        ],
      ],
      compression,
    );
    try {
      const [result] = results;
      assert.equal(result!.compression, compression);
      assert.equal(result!.entries, 9);
      assert.equal(result!.skippedCount, 0);
      assert.equal(read(join(root, 'bin/tool')), '#!/bin/sh\n');
      assert.equal(readlinkSync(join(root, 'bin/alias')), 'tool');
      assert.equal(lstatSync(join(root, 'bin/hard')).ino, lstatSync(join(root, 'bin/tool')).ino);
      assert.equal(lstatSync(join(root, 'bin/tool')).nlink, 2);
      assert.equal(lstatSync(join(root, 'bin/tool')).mode & 0o7777, asRoot ? 0o4755 : 0o755);
      assert.equal(lstatSync(join(root, 'srv/shared')).mode & 0o7777, asRoot ? 0o2775 : 0o775);
      assert.equal(lstatSync(join(root, 'tmp')).mode & 0o7777, 0o1777);
      assert.equal(lstatSync(join(root, 'big.bin')).mode & 0o7777, 0o600);
      assert.deepEqual(readFileSync(join(root, 'big.bin')), big);
      assert.equal(lstatSync(join(root, 'empty')).size, 0);
      assert.equal(lstatSync(join(root, 'implicit/parent')).mode & 0o7777, 0o755);
      // Times, directories included (set after their children were written), and the symlink's own.
      for (const path of ['bin', 'bin/tool', 'srv/shared', 'tmp']) {
        assert.equal(lstatSync(join(root, path)).mtime.getTime(), mtime.getTime(), path);
      }
      assert.equal(lstatSync(join(root, 'bin/alias')).mtime.getTime(), mtime.getTime());
    } finally {
      cleanup();
    }
  });
}

test('ownership from the tar (running as root), PAX uid/gid/mtime and long names', {
  skip: !asRoot,
}, async () => {
  const longDir = `${'d'.repeat(120)}/${'e'.repeat(150)}`;
  const { root, cleanup } = await applyAll([
    [
      { name: 'owned', data: 'x', uid: 1234, gid: 5678, mode: 0o6755 },
      { name: 'odir/', type: 'directory', uid: 42, gid: 43 },
      { name: 'olink', type: 'symlink', linkname: 'owned', uid: 7, gid: 8 },
      { name: 'big-ids', data: 'y', pax: { uid: '3000000000', gid: '3000000001', mtime: '1700000000.25' } },
      { name: `${longDir}/${'f'.repeat(200)}`, data: 'long' },
      { name: 'target-with-long-name', type: 'symlink', linkname: `${'t'.repeat(300)}` },
    ],
  ]);
  try {
    const owned = lstatSync(join(root, 'owned'));
    assert.deepEqual(
      [owned.uid, owned.gid, owned.mode & 0o7777],
      [1234, 5678, 0o6755],
      'setuid survives chown',
    );
    assert.deepEqual([lstatSync(join(root, 'odir')).uid, lstatSync(join(root, 'odir')).gid], [42, 43]);
    assert.deepEqual([lstatSync(join(root, 'olink')).uid, lstatSync(join(root, 'olink')).gid], [7, 8]);
    const bigIds = lstatSync(join(root, 'big-ids'));
    assert.deepEqual([bigIds.uid, bigIds.gid], [3000000000, 3000000001]);
    assert.equal(bigIds.mtimeMs, 1700000000250);
    assert.equal(read(join(root, longDir, 'f'.repeat(200))), 'long');
    assert.equal(readlinkSync(join(root, 'target-with-long-name')), 't'.repeat(300));
  } finally {
    cleanup();
  }
});

test('whiteouts remove lower-layer paths only; a same-layer whiteout is ignored', async () => {
  const { root, cleanup } = await applyAll([
    [
      { name: 'a/b', data: 'b' },
      { name: 'a/c', data: 'c' },
      { name: 'd/e/f', data: 'f' },
      { name: 'link', type: 'symlink', linkname: 'a' },
    ],
    [
      { name: 'a/.wh.b', data: '' },
      { name: '.wh.d', data: '' },
      { name: '.wh.link', data: '' },
      { name: 'x', data: 'same layer' },
      { name: '.wh.x', data: '' },
      { name: '.wh.never-existed', data: '' },
      { name: 'missing-dir/.wh.y', data: '' },
    ],
    [{ name: 'd/again', data: 'back' }],
  ]);
  try {
    assert.deepEqual(tree(root), ['a/', 'a/c', 'd/', 'd/again', 'x']);
    assert.equal(read(join(root, 'x')), 'same layer');
  } finally {
    cleanup();
  }
});

test('an opaque directory hides lower children wherever the marker sits; this layer’s entries stay', async () => {
  for (const markerFirst of [true, false]) {
    const marker: FixtureEntry = { name: 'o/.wh..wh..opq', data: '' };
    const upper: FixtureEntry[] = [
      { name: 'o/', type: 'directory', mode: 0o750 },
      { name: 'o/new', data: 'new' },
      { name: 'o/sub/kept', data: 'kept' },
    ];
    const { root, cleanup } = await applyAll([
      [
        { name: 'o/old', data: 'old' },
        { name: 'o/sub/old2', data: 'old2' },
        { name: 'o/deep/er/file', data: '' },
        { name: 'sibling/stays', data: 's' },
      ],
      markerFirst ? [marker, ...upper] : [...upper, marker],
    ]);
    try {
      assert.deepEqual(tree(root), ['o/', 'o/new', 'o/sub/', 'o/sub/kept', 'sibling/', 'sibling/stays']);
      assert.equal(lstatSync(join(root, 'o')).mode & 0o7777, 0o750);
    } finally {
      cleanup();
    }
  }
});

test('a changeset replaces a path of another type, and keeps a directory declared again', async () => {
  const { root, cleanup } = await applyAll([
    [
      { name: 'x', data: 'file' },
      { name: 'y/inner', data: 'inner' },
      { name: 'z/keep', data: 'keep' },
      { name: 's', type: 'symlink', linkname: 'z' },
    ],
    [
      { name: 'x/', type: 'directory' },
      { name: 'y', data: 'now a file' },
      { name: 'z/', type: 'directory', mode: 0o700 },
      { name: 's/', type: 'directory' },
    ],
  ]);
  try {
    assert.ok(lstatSync(join(root, 'x')).isDirectory());
    assert.equal(read(join(root, 'y')), 'now a file');
    assert.equal(read(join(root, 'z/keep')), 'keep');
    assert.equal(lstatSync(join(root, 'z')).mode & 0o7777, 0o700);
    assert.ok(lstatSync(join(root, 's')).isDirectory());
  } finally {
    cleanup();
  }
});

async function refusal(make: (store: MemoryContentStore) => Promise<{ layer: never; diffId: never }>) {
  const { dir, root } = sandbox();
  mkdirSync(root);
  const store = new MemoryContentStore();
  const { layer, diffId } = await make(store);
  try {
    await applyLayer(store, layer, diffId, root);
    return undefined;
  } catch (error) {
    assert.ok(isBerthError(error), String(error));
    return error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the diffID is checked: a wrong one is BERTH_DIGEST_MISMATCH, even when the tar is also broken', async () => {
  const tar = await tarBytes([{ name: 'a', data: 'a' }]);
  const wrong = await refusal(async (store) => {
    const stored = await storeLayer(store, tar);
    return { layer: stored.layer, diffId: computeDigest(Buffer.from('other')) } as never;
  });
  assert.equal(wrong?.code, 'BERTH_DIGEST_MISMATCH');
  assert.match(wrong!.message, /does not match its diffID/);
  const garbage = Buffer.concat([tar.subarray(0, 512), Buffer.alloc(512, 7)]);
  const both = await refusal(async (store) => {
    const stored = await storeLayer(store, garbage, 'gzip');
    return { layer: stored.layer, diffId: computeDigest(Buffer.from('other')) } as never;
  });
  assert.equal(both?.code, 'BERTH_DIGEST_MISMATCH');
});

test('broken layers are BERTH_INVALID_LAYER: truncated entry, garbage header, corrupt gzip/zstd, unknown type', async () => {
  const tar = await tarBytes([{ name: 'a', data: 'x'.repeat(5000) }]);
  const cases: [string, Buffer, FixtureCompression][] = [
    ['truncated entry', tar.subarray(0, 1024), 'gzip'],
    ['garbage header', Buffer.concat([Buffer.alloc(512, 1), tar]), 'none'],
  ];
  for (const [label, bytes, compression] of cases) {
    const error = await refusal(async (store) => storeLayer(store, bytes, compression) as never);
    assert.equal(error?.code, 'BERTH_INVALID_LAYER', `${label}: ${error?.message}`);
  }
  const gz = compress(tar, 'gzip');
  const zst = compress(tar, 'zstd');
  const corrupt = [
    Buffer.from([0x1f, 0x8b, 0x08, 0, 1, 2, 3, 4, 5]),
    Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 9, 9]),
    gz.subarray(0, gz.length - 10),
    zst.subarray(0, zst.length - 4),
  ];
  for (const blob of corrupt) {
    const error = await refusal(async (store) => {
      const digest = computeDigest(blob);
      await store.ingest({ digest }, async () =>
        (async function* () {
          yield blob;
        })(),
      );
      return {
        layer: { mediaType: mediaTypes.ociLayerGzip, digest, size: blob.length },
        diffId: digest,
      } as never;
    });
    assert.equal(error?.code, 'BERTH_INVALID_LAYER', error?.message);
  }
  const unknownType = await refusal(
    async (store) => storeLayer(store, tar, 'gzip', 'application/vnd.oci.image.config.v1+json') as never,
  );
  assert.equal(unknownType?.code, 'BERTH_INVALID_LAYER');
  const sparse = await refusal(
    async (store) =>
      storeLayer(
        store,
        await tarBytes([{ name: 's', data: 'x', pax: { 'GNU.sparse.major': '1' } }]),
      ) as never,
  );
  assert.match(sparse?.message ?? '', /sparse/);
});

test('accepted: a tar without end-of-archive blocks, the compression sniffed rather than trusted, an empty layer', async () => {
  const { dir, root } = sandbox();
  mkdirSync(root);
  try {
    const store = new MemoryContentStore();
    const open = await storeLayer(store, await tarBytes([{ name: 'a', data: 'a' }], { end: false }));
    await applyLayer(store, open.layer, open.diffId, root);
    // Media type says gzip, the bytes are zstd.
    const mislabelled = await storeLayer(
      store,
      await tarBytes([{ name: 'b', data: 'b' }]),
      'zstd',
      mediaTypes.dockerLayerGzip,
    );
    assert.equal((await applyLayer(store, mislabelled.layer, mislabelled.diffId, root)).compression, 'zstd');
    const empty = await storeLayer(store, Buffer.alloc(0), 'none');
    assert.equal((await applyLayer(store, empty.layer, empty.diffId, root)).entries, 0);
    assert.deepEqual(tree(root), ['a', 'b']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing blob is BERTH_BLOB_NOT_FOUND; a rootfs that is a symlink is refused', async () => {
  const { dir, root } = sandbox();
  mkdirSync(root);
  try {
    const store = new MemoryContentStore();
    const digest = computeDigest(Buffer.from('absent'));
    const layer = { mediaType: mediaTypes.ociLayerGzip, digest, size: 6 };
    await assert.rejects(applyLayer(store, layer, digest, root), { code: 'BERTH_BLOB_NOT_FOUND' });
    const { symlinkSync } = await import('node:fs');
    symlinkSync(root, join(dir, 'via-link'));
    await assert.rejects(applyLayer(store, layer, digest, join(dir, 'via-link')), {
      code: 'BERTH_INVALID_ARGUMENT',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
