import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { computeDigest } from '../../engines/oci/index.js';
import { isBerthError } from '../../errors/index.js';
import { pattern } from '../../testing/suites/content-store.suite.js';
import { uploadStagingSuite } from '../../testing/suites/upload-staging.suite.js';
import { FsContentStore } from '../fs-content-store/index.js';
import { FsUploadStaging } from './fs-upload-staging.js';

uploadStagingSuite('FsUploadStaging', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-staging-'));
  return {
    staging: new FsUploadStaging(join(dir, 'uploads')),
    close: () => rm(dir, { recursive: true, force: true }),
  };
});

test('FsUploadStaging: private files named by id, ids checked before they become paths, commit by rename', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-staging-'));
  try {
    const staging = new FsUploadStaging(join(dir, 'uploads'));
    assert.deepEqual(await staging.list(), [], 'no directory yet: nothing staged');
    for (const bad of ['../content/x', 'ABCDEF', '', `${'0'.repeat(8)}-0000-0000-0000-00000000000/`]) {
      await assert.rejects(
        staging.create(bad),
        (e) => isBerthError(e) && e.code === 'BERTH_INVALID_ARGUMENT',
      );
    }
    const id = '6a1f8d0c-3b2e-4c5d-8e9f-0a1b2c3d4e5f';
    await staging.create(id);
    assert.equal((await stat(join(dir, 'uploads'))).mode & 0o777, 0o700);
    assert.equal((await stat(staging.path(id))).mode & 0o777, 0o600);
    await writeFile(join(dir, 'uploads', 'not-an-upload'), 'x');
    assert.deepEqual(await staging.list(), [id]);

    const data = pattern(40 * 1024 * 1024 + 5); // crosses the background sync points
    const append = await staging.append(id, 0);
    for (let at = 0; at < data.byteLength; at += 65_536) await append.write(data.subarray(at, at + 65_536));
    assert.equal(await append.close(), data.byteLength);
    const inode = (await stat(staging.path(id))).ino;
    const content = await FsContentStore.open(join(dir, 'content'));
    const digest = computeDigest(data);
    await staging.commit(id, { digest, size: data.byteLength }, content);
    assert.equal((await stat(content.blobPath(digest))).ino, inode, 'adopted by rename, not copied');
    assert.equal(await staging.size(id), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
