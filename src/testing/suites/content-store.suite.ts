import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BlobSource, ContentStore } from '../../content/index.js';
import { computeDigest, type Digest } from '../../engines/oci/index.js';
import { isBerthError } from '../../errors/index.js';

/** A store under test, with a view of the in-progress data it still holds (none after any ingest settles). */
export interface ContentStoreFixture {
  store: ContentStore;
  leftovers(): Promise<string[]>;
  close?(): Promise<void>;
}

/** The behaviour every ContentStore must have. Call it from a test file with a factory. */
export function contentStoreSuite(name: string, open: () => Promise<ContentStoreFixture>): void {
  const withStore = withFixture(open);

  test(
    `${name}: ingest, info, read back; a committed blob is not fetched again`,
    withStore(async ({ store }) => {
      const data = pattern(300_000);
      const digest = computeDigest(data);
      const source = counting(chunkedSource(data, 7_000));
      const progress: number[] = [];
      const info = await store.ingest({ digest, size: data.byteLength }, source.fn, {
        onProgress: (n) => progress.push(n),
      });
      assert.deepEqual(info, { digest, size: data.byteLength });
      assert.deepEqual(await store.info(digest), info);
      assert.deepEqual(await readAll(store, digest), data);
      assert.equal(progress.at(-1), data.byteLength);
      assert.ok(progress.every((n, i) => i === 0 || n > progress[i - 1]!));
      assert.deepEqual(await store.ingest({ digest }, source.fn), info);
      assert.equal(source.calls.length, 1);
    }),
  );

  test(
    `${name}: the empty blob, and sha512 digests`,
    withStore(async ({ store }) => {
      const empty = computeDigest(new Uint8Array());
      assert.deepEqual(await store.ingest({ digest: empty, size: 0 }, chunkedSource(new Uint8Array(), 1)), {
        digest: empty,
        size: 0,
      });
      assert.deepEqual(await readAll(store, empty), new Uint8Array());
      const data = pattern(5_000);
      const digest = computeDigest(data, 'sha512');
      await store.ingest({ digest, size: 5_000 }, chunkedSource(data, 999));
      assert.deepEqual(await readAll(store, digest), data);
    }),
  );

  test(
    `${name}: wrong digest → BERTH_DIGEST_MISMATCH, nothing committed`,
    withStore(async ({ store }) => {
      const data = pattern(50_000);
      const digest = computeDigest(pattern(50_000, 9));
      await rejectsWith(
        store.ingest({ digest, size: 50_000 }, chunkedSource(data, 4096)),
        'BERTH_DIGEST_MISMATCH',
      );
      assert.equal(await store.info(digest), undefined);
      await rejectsWith(readAll(store, digest), 'BERTH_BLOB_NOT_FOUND');
    }),
  );

  test(
    `${name}: more bytes than the size → BERTH_SIZE_MISMATCH before the source is drained`,
    withStore(async ({ store }) => {
      const data = pattern(10_000);
      const digest = computeDigest(data);
      let pulled = 0;
      const endless: BlobSource = async () =>
        (async function* () {
          for (;;) {
            pulled++;
            yield pattern(4096, pulled);
          }
        })();
      await rejectsWith(
        store.ingest({ digest, size: 10_000 }, endless, { attempts: 3 }),
        'BERTH_SIZE_MISMATCH',
      );
      assert.equal(pulled, 3, 'stopped at the first chunk past the size, and not retried');
      assert.equal(await store.info(digest), undefined);
    }),
  );

  test(
    `${name}: fewer bytes than the size → BERTH_SIZE_MISMATCH, nothing committed`,
    withStore(async ({ store }) => {
      const data = pattern(10_000);
      const digest = computeDigest(data);
      await rejectsWith(
        store.ingest({ digest, size: 10_000 }, chunkedSource(data.subarray(0, 9_000), 1000)),
        'BERTH_SIZE_MISMATCH',
      );
      assert.equal(await store.info(digest), undefined);
    }),
  );

  test(
    `${name}: a source failing mid-stream is resumed from the verified offset`,
    withStore(async ({ store }) => {
      const data = pattern(200_000);
      const digest = computeDigest(data);
      const offsets: number[] = [];
      const flaky: BlobSource = async (offset) => {
        offsets.push(offset);
        const attempt = offsets.length;
        return (async function* () {
          let at = offset;
          while (at < data.byteLength) {
            // The first two attempts die after 30 000 bytes (not on a chunk boundary of the first).
            if (attempt <= 2 && at - offset >= 30_000) throw new Error(`connection reset #${attempt}`);
            const end = Math.min(at + 7_000, data.byteLength);
            yield data.slice(at, end);
            at = end;
          }
        })();
      };
      const info = await store.ingest({ digest, size: data.byteLength }, flaky, { attempts: 3 });
      assert.deepEqual(info, { digest, size: data.byteLength });
      assert.deepEqual(offsets, [0, 35_000, 70_000]);
      assert.deepEqual(await readAll(store, digest), data);
    }),
  );

  test(
    `${name}: a source that ends early is resumed too; one that fails on open counts as an attempt`,
    withStore(async ({ store }) => {
      const data = pattern(20_000);
      const digest = computeDigest(data);
      const offsets: number[] = [];
      const source: BlobSource = async (offset) => {
        offsets.push(offset);
        if (offsets.length === 2) throw new Error('503');
        return chunkedSource(data.subarray(offset, Math.min(offset + 8_000, data.byteLength)), 3_000)(0);
      };
      await store.ingest({ digest, size: 20_000 }, source, { attempts: 4 });
      assert.deepEqual(offsets, [0, 8_000, 8_000, 16_000]);
      assert.deepEqual(await readAll(store, digest), data);
    }),
  );

  test(
    `${name}: when attempts run out the source's error is rethrown and nothing is committed`,
    withStore(async ({ store }) => {
      const data = pattern(20_000);
      const digest = computeDigest(data);
      const failure = new Error('connection reset');
      const source = counting(async () =>
        (async function* () {
          yield data.slice(0, 5_000);
          throw failure;
        })(),
      );
      await assert.rejects(store.ingest({ digest, size: 20_000 }, source.fn, { attempts: 2 }), failure);
      assert.deepEqual(source.calls, [0, 5_000]);
      assert.equal(await store.info(digest), undefined);
      // A failure is not remembered: the next ingest starts afresh.
      await store.ingest({ digest, size: 20_000 }, chunkedSource(data, 6_000));
      assert.deepEqual(await readAll(store, digest), data);
    }),
  );

  test(
    `${name}: 20 concurrent ingests of one digest fetch it once`,
    withStore(async ({ store }) => {
      const data = pattern(500_000);
      const digest = computeDigest(data);
      const source = counting(async () =>
        (async function* () {
          for (let at = 0; at < data.byteLength; at += 10_000) {
            await new Promise((resolve) => setTimeout(resolve, 1));
            yield data.slice(at, at + 10_000);
          }
        })(),
      );
      const seen = new Array<number>(20).fill(0);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.ingest({ digest, size: data.byteLength }, source.fn, { onProgress: (n) => (seen[i] = n) }),
        ),
      );
      assert.equal(source.calls.length, 1);
      for (const info of results) assert.deepEqual(info, { digest, size: data.byteLength });
      assert.ok(
        seen.every((n) => n === data.byteLength),
        'every caller saw the progress',
      );
      assert.deepEqual(await readAll(store, digest), data);
    }),
  );

  test(
    `${name}: concurrent ingests share a failure, and a caller expecting another size is refused`,
    withStore(async ({ store }) => {
      const data = pattern(30_000);
      const digest = computeDigest(data);
      const bad = counting(chunkedSource(pattern(30_000, 5), 1_000));
      const failures = await Promise.allSettled(
        Array.from({ length: 5 }, () => store.ingest({ digest, size: 30_000 }, bad.fn)),
      );
      assert.equal(bad.calls.length, 1);
      for (const r of failures)
        assert.equal(r.status === 'rejected' && codeOf(r.reason), 'BERTH_DIGEST_MISMATCH');
      await store.ingest({ digest, size: 30_000 }, chunkedSource(data, 1_000));
      await rejectsWith(
        store.ingest({ digest, size: 29_999 }, chunkedSource(data, 1_000)),
        'BERTH_SIZE_MISMATCH',
      );
    }),
  );

  test(
    `${name}: read from a start offset`,
    withStore(async ({ store }) => {
      const data = pattern(3 * 1024 * 1024 + 17);
      const digest = computeDigest(data);
      await store.ingest({ digest }, chunkedSource(data, 256 * 1024));
      assert.deepEqual(await readAll(store, digest, 1_234_567), data.subarray(1_234_567));
      assert.deepEqual(await readAll(store, digest, data.byteLength), new Uint8Array());
      await rejectsWith(readAll(store, digest, data.byteLength + 1), 'BERTH_INVALID_ARGUMENT');
      await rejectsWith(readAll(store, digest, -1), 'BERTH_INVALID_ARGUMENT');
    }),
  );

  test(
    `${name}: a recycling read gives the same bytes to a consumer done with each chunk before the next`,
    withStore(async ({ store }) => {
      const data = pattern(5 * 1024 * 1024 + 3);
      const digest = computeDigest(data);
      await store.ingest({ digest }, chunkedSource(data, 1024 * 1024));
      for (const start of [0, 1_000_001]) {
        const copies: Buffer[] = [];
        for await (const chunk of store.read(digest, { start, recycle: true }))
          copies.push(Buffer.from(chunk));
        assert.deepEqual(new Uint8Array(Buffer.concat(copies)), data.subarray(start));
      }
    }),
  );

  test(
    `${name}: adopt commits a verified file without reading it through a source; the file is gone`,
    withStore(async ({ store }) => {
      await withScratch(async (dir) => {
        const data = pattern(2 * 1024 * 1024 + 5);
        const digest = computeDigest(data);
        const file = join(dir, 'staged');
        await writeFile(file, data);
        assert.deepEqual(await store.adopt({ digest, size: data.byteLength }, file), {
          digest,
          size: data.byteLength,
        });
        assert.deepEqual(await readdir(dir), [], 'the file was moved or consumed');
        assert.deepEqual(await store.info(digest), { digest, size: data.byteLength });
        assert.deepEqual(await readAll(store, digest), data);
        // The same blob adopted again (a second upload of it): the store keeps one, the file is removed.
        await writeFile(file, data);
        assert.deepEqual(await store.adopt({ digest, size: data.byteLength }, file), {
          digest,
          size: data.byteLength,
        });
        assert.deepEqual(await readdir(dir), []);
        assert.deepEqual(await readAll(store, digest), data);
      });
    }),
  );

  test(
    `${name}: adopt of a file of another size → BERTH_SIZE_MISMATCH, nothing committed, the file left`,
    withStore(async ({ store }) => {
      await withScratch(async (dir) => {
        const data = pattern(10_000);
        const digest = computeDigest(data);
        const file = join(dir, 'staged');
        await writeFile(file, data.subarray(0, 9_000));
        await rejectsWith(store.adopt({ digest, size: 10_000 }, file), 'BERTH_SIZE_MISMATCH');
        assert.equal(await store.info(digest), undefined);
        assert.deepEqual(await readdir(dir), ['staged']);
        await rejectsWith(
          store.adopt({ digest: 'sha256:abc' as Digest, size: 9_000 }, file),
          'BERTH_INVALID_DIGEST',
        );
        assert.deepEqual(await readdir(dir), ['staged']);
      });
    }),
  );

  test(
    `${name}: delete, missing blobs, bad arguments`,
    withStore(async ({ store }) => {
      const data = pattern(1000);
      const digest = computeDigest(data);
      await store.ingest({ digest, size: 1000 }, chunkedSource(data, 100));
      assert.equal(await store.delete(digest), true);
      assert.equal(await store.delete(digest), false);
      assert.equal(await store.info(digest), undefined);
      await rejectsWith(readAll(store, digest), 'BERTH_BLOB_NOT_FOUND');
      await rejectsWith(readAll(store, 'sha256:../../etc/passwd' as Digest), 'BERTH_INVALID_DIGEST');
      await rejectsWith(
        store.ingest({ digest: 'md5:abc' as Digest }, chunkedSource(data, 1)),
        'BERTH_INVALID_DIGEST',
      );
      await rejectsWith(store.ingest({ digest, size: -1 }, chunkedSource(data, 1)), 'BERTH_INVALID_ARGUMENT');
      await rejectsWith(
        store.ingest({ digest }, chunkedSource(data, 1), { attempts: 0 }),
        'BERTH_INVALID_ARGUMENT',
      );
    }),
  );

  test(
    `${name}: a source that refills one buffer for every chunk still stores the blob's bytes`,
    withStore(async ({ store }) => {
      const data = pattern(100_000, 3);
      const digest = computeDigest(data);
      const reusing: BlobSource = async (offset) =>
        (async function* () {
          const buffer = Buffer.alloc(4_096);
          for (let at = offset; at < data.byteLength; at += buffer.byteLength) {
            const part = data.subarray(at, at + buffer.byteLength);
            buffer.set(part);
            yield buffer.subarray(0, part.byteLength);
          }
        })();
      await store.ingest({ digest, size: data.byteLength }, reusing);
      assert.deepEqual(await readAll(store, digest), data);
    }),
  );
}

/** A test body on a fresh fixture, checking that no in-progress data is left behind. */
export function withFixture(open: () => Promise<ContentStoreFixture>) {
  return (fn: (fixture: ContentStoreFixture) => Promise<void>) => async () => {
    const fixture = await open();
    try {
      await fn(fixture);
      assert.deepEqual(await fixture.leftovers(), [], 'in-progress data left behind');
    } finally {
      await fixture.close?.();
    }
  };
}

async function withScratch(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-adopt-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Deterministic bytes (a sha256 counter stream), different per seed. */
export function pattern(length: number, seed = 0): Uint8Array {
  const out = new Uint8Array(length);
  for (let at = 0, block = 0; at < length; at += 32, block++) {
    const digest = createHash('sha256').update(`${seed}:${block}`).digest();
    out.set(digest.subarray(0, Math.min(32, length - at)), at);
  }
  return out;
}

/** A source serving `data` from the requested offset in chunks of `size` (fresh copies). */
export function chunkedSource(data: Uint8Array, size: number): BlobSource {
  return async (offset) =>
    (async function* () {
      for (let at = offset; at < data.byteLength; at += size) yield data.slice(at, at + size);
    })();
}

function counting(source: BlobSource): { fn: BlobSource; calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    fn: (offset) => {
      calls.push(offset);
      return source(offset);
    },
  };
}

async function readAll(store: ContentStore, digest: Digest, start?: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of store.read(digest, start === undefined ? {} : { start })) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

function codeOf(error: unknown): string | undefined {
  return isBerthError(error) ? error.code : undefined;
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error) => {
    assert.equal(codeOf(error), code, String(error));
    return true;
  });
}
