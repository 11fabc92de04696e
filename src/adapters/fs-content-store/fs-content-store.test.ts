import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { computeDigest, digestParts } from '../../engines/oci/index.js';
import { chunkedSource, contentStoreSuite, pattern } from '../../testing/suites/content-store.suite.js';
import { contentStoreFollowSuite } from '../../testing/suites/content-store-follow.suite.js';
import { cleanStaleEntries, ownerPid } from './clean-stale-entries.js';
import { FsContentStore } from './fs-content-store.js';

async function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'berth-fs-store-'));
}

const fsFixture = async () => {
  const root = await scratch();
  const store = await FsContentStore.open(root);
  return {
    store,
    leftovers: () => readdir(join(root, 'ingest')),
    close: () => rm(root, { recursive: true, force: true }),
  };
};
contentStoreSuite('FsContentStore', fsFixture);
contentStoreFollowSuite('FsContentStore', fsFixture);

/** A pid that is certainly not running: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

test('FsContentStore: committed blobs live at blobs/<algorithm>/<hex>, private to the owner', async () => {
  const root = await scratch();
  try {
    const store = await FsContentStore.open(root);
    const data = pattern(70_000);
    const digest = computeDigest(data);
    await store.ingest({ digest, size: data.byteLength }, chunkedSource(data, 3_000));
    const path = join(root, 'blobs', 'sha256', digestParts(digest).encoded);
    assert.equal(store.blobPath(digest), path);
    assert.deepEqual(new Uint8Array(await readFile(path)), data);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(join(root, 'ingest')), []);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('FsContentStore: while an ingest runs its data is only under ingest/, never under the digest', async () => {
  const root = await scratch();
  try {
    const store = await FsContentStore.open(root);
    const data = pattern(50_000);
    const digest = computeDigest(data);
    let midway: string[] = [];
    const source = async () =>
      (async function* () {
        yield data.slice(0, 20_000);
        midway = await readdir(join(root, 'ingest'));
        assert.equal(await store.info(digest), undefined);
        yield data.slice(20_000);
      })();
    await store.ingest({ digest, size: data.byteLength }, source);
    assert.equal(midway.length, 1);
    assert.match(
      midway[0]!,
      new RegExp(`^sha256-${digestParts(digest).encoded}\\.${process.pid}\\.[0-9a-f]+\\.partial$`),
    );
    assert.equal(ownerPid(midway[0]!), process.pid);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('FsContentStore: opening removes ingest files of dead processes and long-untouched ones, keeps live ones', async () => {
  const root = await scratch();
  try {
    await FsContentStore.open(root);
    const ingest = join(root, 'ingest');
    const dead = `sha256-${'a'.repeat(64)}.${deadPid()}.0a1b.partial`;
    const live = `sha256-${'b'.repeat(64)}.${process.pid}.0a1c.partial`;
    const oldLive = `sha256-${'c'.repeat(64)}.${process.ppid}.0a1d.partial`;
    const junk = 'not-ours';
    for (const name of [dead, live, oldLive, junk]) await writeFile(join(ingest, name), 'partial');
    const long = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(join(ingest, oldLive), long, long);
    await FsContentStore.open(root);
    assert.deepEqual(await readdir(ingest), [live]);
    assert.deepEqual(await cleanStaleEntries(join(root, 'missing')), []);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('FsContentStore: two stores on one root share in-flight ingests and see each other’s commits', async () => {
  const root = await scratch();
  try {
    const a = await FsContentStore.open(root);
    const b = await FsContentStore.open(root);
    const data = pattern(10_000);
    const digest = computeDigest(data);
    let calls = 0;
    const slow = async () => {
      calls++;
      return (async function* () {
        await new Promise((resolve) => setTimeout(resolve, 20));
        yield data;
      })();
    };
    await Promise.all([a.ingest({ digest }, slow), b.ingest({ digest }, slow), a.ingest({ digest }, slow)]);
    assert.equal(calls, 1);
    assert.equal(await a.delete(digest), true);
    await a.ingest({ digest }, chunkedSource(data, 1_000));
    let called = false;
    await b.ingest({ digest, size: 10_000 }, async () => {
      called = true;
      return chunkedSource(data, 1_000)(0);
    });
    assert.equal(called, false);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('FsContentStore: adopt renames within a filesystem and copies (verified) from another one', async () => {
  const root = await scratch();
  // /dev/shm is tmpfs: another filesystem than the store's, so the rename fails with EXDEV.
  const elsewhere = await mkdtemp('/dev/shm/berth-adopt-');
  try {
    assert.notEqual((await stat(elsewhere)).dev, (await stat(root)).dev, 'needs two filesystems');
    const store = await FsContentStore.open(root);
    const near = pattern(3 * 1024 * 1024);
    const nearDigest = computeDigest(near);
    const nearFile = join(root, 'staged-near');
    await writeFile(nearFile, near, { mode: 0o644 });
    const inode = (await stat(nearFile)).ino;
    await store.adopt({ digest: nearDigest, size: near.byteLength }, nearFile);
    const placed = await stat(store.blobPath(nearDigest));
    assert.equal(placed.ino, inode, 'moved by rename, not copied');
    assert.equal(placed.mode & 0o777, 0o600);

    const far = pattern(3 * 1024 * 1024, 1);
    const farDigest = computeDigest(far);
    const farFile = join(elsewhere, 'staged-far');
    await writeFile(farFile, far);
    await store.adopt({ digest: farDigest, size: far.byteLength }, farFile);
    assert.deepEqual(new Uint8Array(await readFile(store.blobPath(farDigest))), far);
    assert.deepEqual(await readdir(elsewhere), []);
    // Across filesystems the copy goes through ingest, so a wrong digest is caught there.
    const lie = join(elsewhere, 'staged-lie');
    await writeFile(lie, far);
    const claimed = computeDigest(pattern(3 * 1024 * 1024, 2));
    await assert.rejects(store.adopt({ digest: claimed, size: far.byteLength }, lie), /digest mismatch/);
    assert.equal(await store.info(claimed), undefined);
    assert.deepEqual(await readdir(join(root, 'ingest')), []);
  } finally {
    await rm(root, { recursive: true, force: true });
    await rm(elsewhere, { recursive: true, force: true });
  }
});
