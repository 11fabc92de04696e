import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MemoryContentStore } from '../../content/index.js';
import { computeDigest, type Digest } from '../../engines/oci/index.js';
import { layerOf, plantCanaries, sandbox, snapshotTree } from '../../testing/layer-fixtures.js';
import { chainId, chainIds } from './chain-id.js';
import { unpackImage } from './unpack-image.js';

test('chain IDs follow image-spec config.md: the first is the diffID, then sha256("<prev> <diffID>")', () => {
  const d = ['a', 'b', 'c'].map((s) => computeDigest(Buffer.from(s)));
  const ids = chainIds(d);
  assert.equal(ids[0], d[0]);
  assert.equal(ids[1], computeDigest(Buffer.from(`${d[0]} ${d[1]}`)));
  assert.equal(ids[2], computeDigest(Buffer.from(`${ids[1]} ${d[2]}`)));
  assert.equal(chainId(d), ids[2]);
  assert.equal(chainId([]), computeDigest(new Uint8Array()));
  assert.notEqual(chainId([d[1]!, d[0]!]), chainId([d[0]!, d[1]!]), 'order matters');
});

async function image(store: MemoryContentStore, badSecondDiffId = false) {
  const one = await layerOf(store, [
    { name: 'etc/os-release', data: 'ID=berth\n' },
    { name: 'gone', data: 'x' },
  ]);
  const two = await layerOf(
    store,
    [
      { name: '.wh.gone', data: '' },
      { name: 'app/run', data: 'run', mode: 0o755 },
    ],
    'zstd',
  );
  const diffIds: Digest[] = [one.diffId, badSecondDiffId ? computeDigest(Buffer.from('nope')) : two.diffId];
  return { manifest: { layers: [one.layer, two.layer] }, config: { diffIds } };
}

test('unpackImage applies layers in order and makes the rootfs appear whole, by rename', async () => {
  const { dir, root } = sandbox();
  try {
    const store = new MemoryContentStore();
    const seen: number[] = [];
    const result = await unpackImage({
      store,
      ...(await image(store)),
      rootDir: root,
      onLayer: (_r, i) => seen.push(i),
    });
    assert.equal(result.rootDir, root);
    assert.deepEqual(seen, [0, 1]);
    assert.equal(result.layers.length, 2);
    assert.equal(result.chainId, chainId((await image(store)).config.diffIds));
    assert.deepEqual(readdirSync(root).sort(), ['app', 'etc']);
    assert.equal(readFileSync(join(root, 'etc/os-release'), 'utf8'), 'ID=berth\n');
    assert.deepEqual(readdirSync(dir), ['root'], 'no staging directory left');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a wrong diffID leaves nothing behind: no rootfs, no staging directory, canaries intact', async () => {
  const { dir, root } = sandbox();
  try {
    plantCanaries(dir);
    const before = snapshotTree(dir);
    const store = new MemoryContentStore();
    await assert.rejects(unpackImage({ store, ...(await image(store, true)), rootDir: root }), {
      code: 'BERTH_DIGEST_MISMATCH',
    });
    assert.deepEqual(snapshotTree(dir), before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('unpackImage refuses a non-empty target and a layer/diffID count mismatch; an empty target dir is replaced', async () => {
  const { dir, root } = sandbox();
  try {
    const store = new MemoryContentStore();
    const img = await image(store);
    mkdirSync(root);
    writeFileSync(join(root, 'existing'), 'x');
    await assert.rejects(unpackImage({ store, ...img, rootDir: root }), { code: 'BERTH_INVALID_ARGUMENT' });
    rmSync(join(root, 'existing'));
    await assert.rejects(
      unpackImage({
        store,
        manifest: img.manifest,
        config: { diffIds: img.config.diffIds.slice(1) },
        rootDir: root,
      }),
      { code: 'BERTH_INVALID_IMAGE_CONFIG' },
    );
    await unpackImage({ store, ...img, rootDir: root });
    assert.deepEqual(readdirSync(root).sort(), ['app', 'etc']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
