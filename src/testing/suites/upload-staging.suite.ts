import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { MemoryContentStore } from '../../content/index.js';
import { computeDigest } from '../../engines/oci/index.js';
import { isBerthError } from '../../errors/index.js';
import type { UploadStaging } from '../../registry/server/index.js';
import { pattern } from './content-store.suite.js';

export interface UploadStagingFixture {
  staging: UploadStaging;
  close?(): Promise<void>;
}

/** The behaviour every UploadStaging must have. Call it from a test file with a factory. */
export function uploadStagingSuite(name: string, open: () => Promise<UploadStagingFixture>): void {
  const withStaging = (fn: (staging: UploadStaging) => Promise<void>) => async () => {
    const fixture = await open();
    try {
      await fn(fixture.staging);
    } finally {
      await fixture.close?.();
    }
  };

  test(
    `${name}: appends in order across requests, small chunks and large, and reads back what it holds`,
    withStaging(async (staging) => {
      const id = randomUUID();
      const data = pattern(3 * 1024 * 1024 + 77);
      await staging.create(id);
      assert.equal(await staging.size(id), 0);
      const first = await staging.append(id, 0);
      for (let at = 0; at < 1_500_000; at += 16_384) {
        const piece = data.slice(at, Math.min(at + 16_384, 1_500_000));
        await first.write(piece);
        piece.fill(0); // the caller may reuse its chunk once write resolves
      }
      assert.equal(await first.close(), 1_500_000);
      const second = await staging.append(id, 1_500_000);
      await second.write(data.subarray(1_500_000));
      assert.equal(await second.close(), data.byteLength);
      assert.equal(await staging.size(id), data.byteLength);
      assert.deepEqual(await readAll(staging, id), data);
    }),
  );

  test(
    `${name}: discard drops one append whole; appending at an offset cuts what lies past it`,
    withStaging(async (staging) => {
      const id = randomUUID();
      const data = pattern(2 * 1024 * 1024);
      await staging.create(id);
      const kept = await staging.append(id, 0);
      await kept.write(data.subarray(0, 1000));
      await kept.close();
      const dropped = await staging.append(id, 1000);
      await dropped.write(data.subarray(1000));
      await dropped.discard();
      assert.equal(await staging.size(id), 1000);
      // Bytes past the size the caller knows (written before a crash, never acknowledged) are cut.
      const again = await staging.append(id, 600);
      await again.write(data.subarray(600, 700));
      assert.equal(await again.close(), 700);
      assert.deepEqual(await readAll(staging, id), data.subarray(0, 700));
      await assert.rejects(
        staging.append(id, 701),
        (e) => isBerthError(e) && e.code === 'BERTH_INVALID_ARGUMENT',
      );
    }),
  );

  test(
    `${name}: commit hands the bytes to the content store and leaves nothing staged; sizes must agree`,
    withStaging(async (staging) => {
      const content = new MemoryContentStore();
      const id = randomUUID();
      const data = pattern(100_000);
      const digest = computeDigest(data);
      await staging.create(id);
      const append = await staging.append(id, 0);
      await append.write(data);
      await append.close();
      await assert.rejects(
        staging.commit(id, { digest, size: 99_999 }, content),
        (e) => isBerthError(e) && e.code === 'BERTH_SIZE_MISMATCH',
      );
      assert.equal(await content.info(digest), undefined);
      assert.equal(await staging.size(id), 100_000, 'still staged after a refused commit');
      assert.deepEqual(await staging.commit(id, { digest, size: 100_000 }, content), {
        digest,
        size: 100_000,
      });
      assert.equal(await staging.size(id), undefined);
      assert.deepEqual(await staging.list(), []);
      assert.equal((await content.info(digest))?.size, 100_000);
    }),
  );

  test(
    `${name}: handed-over chunks (writeOwned) of every size, mixed with copied ones, land in order`,
    withStaging(async (staging) => {
      const id = randomUUID();
      // One-byte chunks by the hundred (more than a batch may gather), network-sized ones, one past 1 MiB.
      const sizes = [...Array<number>(300).fill(1), 65_536, 16_384, 1_100_000, 7, 65_536];
      const data = pattern(sizes.reduce((a, b) => a + b, 0));
      await staging.create(id);
      const append = await staging.append(id, 0);
      let at = 0;
      for (const [i, size] of sizes.entries()) {
        // Buffers too: Buffer#slice is a view, so a copy must not rely on it.
        const piece = i % 2 ? Buffer.from(data.subarray(at, at + size)) : data.slice(at, at + size);
        at += size;
        if (i % 3 === 2) {
          await append.write(piece);
          piece.fill(0); // copied: the caller may reuse it
        } else await append.writeOwned(piece);
      }
      assert.equal(await append.close(), data.byteLength);
      assert.deepEqual(await readAll(staging, id), data);
    }),
  );

  test(
    `${name}: list, size of a missing upload, remove twice`,
    withStaging(async (staging) => {
      const [a, b] = [randomUUID(), randomUUID()];
      await staging.create(a);
      await staging.create(b);
      assert.deepEqual((await staging.list()).sort(), [a, b].sort());
      await staging.remove(a);
      await staging.remove(a);
      assert.deepEqual(await staging.list(), [b]);
      assert.equal(await staging.size(a), undefined);
    }),
  );
}

async function readAll(staging: UploadStaging, id: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of staging.read(id)) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}
