import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { chainId } from '../../agent/unpack/index.js';
import { type ContentStore, MemoryContentStore } from '../../content/index.js';
import { computeDigest, type Descriptor, type Digest, digestParts } from '../../engines/oci/index.js';
import { layerOf } from '../../testing/layer-fixtures.js';
import { RootfsCache } from './rootfs-cache.js';

/** A store that counts the blob reads going through it. */
function counting(store: ContentStore): { store: ContentStore; reads: () => number } {
  let reads = 0;
  return {
    reads: () => reads,
    store: {
      info: (d) => store.info(d),
      ingest: (e, s, o) => store.ingest(e, s, o),
      adopt: (b, p) => store.adopt(b, p),
      delete: (d) => store.delete(d),
      read: (d, o) => {
        reads++;
        return store.read(d, o);
      },
    },
  };
}

async function fixture(badDiffId = false) {
  const memory = new MemoryContentStore();
  const one = await layerOf(memory, [{ name: 'etc/hostname', data: 'berth\n' }]);
  const two = await layerOf(memory, [{ name: 'app/main', data: 'main', mode: 0o755 }]);
  const diffIds: Digest[] = [one.diffId, badDiffId ? computeDigest(Buffer.from('x')) : two.diffId];
  const layers: Descriptor[] = [one.layer, two.layer];
  const dir = mkdtempSync(join(tmpdir(), 'berth-rootfs-cache-'));
  return {
    memory,
    config: { diffIds },
    layers,
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

test('ensureRootfs unpacks once into rootfs/<chain ID hex>; a second run is served from the cache', async () => {
  const f = await fixture();
  try {
    const { store, reads } = counting(f.memory);
    const cache = await RootfsCache.open(join(f.dir, 'rootfs'), store);
    assert.equal(await cache.lookup(f.config), undefined);
    const path = await cache.ensureRootfs(f.config, f.layers);
    assert.equal(path, join(f.dir, 'rootfs', digestParts(chainId(f.config.diffIds)).encoded));
    assert.equal(readFileSync(join(path, 'etc/hostname'), 'utf8'), 'berth\n');
    assert.equal(reads(), 2);
    assert.equal(await cache.ensureRootfs(f.config, f.layers), path);
    assert.equal(await cache.lookup(f.config), path);
    assert.equal(reads(), 2, 'no layer read on a cache hit');
    assert.equal(await cache.remove(chainId(f.config.diffIds)), true);
    assert.equal(await cache.remove(chainId(f.config.diffIds)), false);
  } finally {
    f.cleanup();
  }
});

test('concurrent ensureRootfs calls for one chain ID share one unpack', async () => {
  const f = await fixture();
  try {
    const { store, reads } = counting(f.memory);
    const cache = await RootfsCache.open(join(f.dir, 'rootfs'), store);
    const paths = await Promise.all(Array.from({ length: 8 }, () => cache.ensureRootfs(f.config, f.layers)));
    assert.equal(new Set(paths).size, 1);
    assert.equal(reads(), 2);
  } finally {
    f.cleanup();
  }
});

test('two caches on one directory in one process share the unpack', async () => {
  const f = await fixture();
  try {
    const { store, reads } = counting(f.memory);
    const a = await RootfsCache.open(join(f.dir, 'rootfs'), store);
    const b = await RootfsCache.open(join(f.dir, 'rootfs'), store);
    const [pa, pb] = await Promise.all([
      a.ensureRootfs(f.config, f.layers),
      b.ensureRootfs(f.config, f.layers),
    ]);
    assert.equal(pa, pb);
    assert.equal(reads(), 2);
  } finally {
    f.cleanup();
  }
});

test('when another process renames its copy into place first, that rootfs is used and ours dropped', async () => {
  const f = await fixture();
  try {
    const root = join(f.dir, 'rootfs');
    const target = join(root, digestParts(chainId(f.config.diffIds)).encoded);
    const { store } = counting(f.memory);
    const racing: ContentStore = {
      ...store,
      read: (digest, options) => {
        // The other process finishes while we are still unpacking.
        mkdirSync(join(target, 'etc'), { recursive: true });
        writeFileSync(join(target, 'etc', 'winner'), 'other process');
        return store.read(digest, options);
      },
    };
    const cache = await RootfsCache.open(root, racing);
    assert.equal(await cache.ensureRootfs(f.config, f.layers), target);
    assert.equal(readFileSync(join(target, 'etc', 'winner'), 'utf8'), 'other process');
    assert.deepEqual(
      readdirSync(root),
      [digestParts(chainId(f.config.diffIds)).encoded],
      'our staging copy is gone',
    );
  } finally {
    f.cleanup();
  }
});

test('a failed unpack leaves neither a rootfs nor a staging directory, and is retried next time', async () => {
  const f = await fixture(true);
  try {
    const cache = await RootfsCache.open(join(f.dir, 'rootfs'), f.memory);
    await assert.rejects(cache.ensureRootfs(f.config, f.layers), { code: 'BERTH_DIGEST_MISMATCH' });
    assert.deepEqual(readdirSync(join(f.dir, 'rootfs')), []);
    await assert.rejects(cache.ensureRootfs(f.config, f.layers), { code: 'BERTH_DIGEST_MISMATCH' });
  } finally {
    f.cleanup();
  }
});

test('opening the cache removes staging directories of dead processes and keeps live ones', async () => {
  const f = await fixture();
  try {
    const root = join(f.dir, 'rootfs');
    const dead = Number(
      spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout,
    );
    const crashed = `.unpack-${'a'.repeat(64)}.${dead}.00ff`;
    const live = `.unpack-${'b'.repeat(64)}.${process.pid}.00fe`;
    const complete = 'c'.repeat(64);
    for (const name of [crashed, live, complete]) {
      mkdirSync(join(root, name, 'usr'), { recursive: true });
      writeFileSync(join(root, name, 'usr', 'half'), 'x');
    }
    await RootfsCache.open(root, f.memory);
    assert.deepEqual(readdirSync(root).sort(), [live, complete].sort());
  } finally {
    f.cleanup();
  }
});
