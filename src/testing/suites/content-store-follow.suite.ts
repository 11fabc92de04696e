import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BlobSource, ContentStore } from '../../content/index.js';
import { computeDigest, type Digest } from '../../engines/oci/index.js';
import { isBerthError } from '../../errors/index.js';
import { type ContentStoreFixture, pattern, withFixture } from './content-store.suite.js';

/** Past a store's write coalescing (the filesystem store's is 1 MiB), so some bytes are stored before the hold. */
const heldAt = 2 * 1024 * 1024;
const blobBytes = 3 * 1024 * 1024;

/**
 * `read(digest, { follow: true })`, which every ContentStore must support: the bytes of an ingest under way as they
 * are stored, the iteration ending only once the ingest committed, and failing with the ingest's error otherwise.
 */
export function contentStoreFollowSuite(name: string, open: () => Promise<ContentStoreFixture>): void {
  const withStore = withFixture(open);
  const timeout = 30_000; // a follower that never sees the held bytes would wait for ever

  test(
    `${name}: a follow read streams an ingest before it ends and ends only once it has committed`,
    { timeout },
    withStore(async ({ store }) => {
      const { data, digest, held, ingest } = await heldIngest(store);
      const follower = store.read(digest, { follow: true })[Symbol.asyncIterator]();
      const early: Uint8Array[] = [];
      let seen = 0;
      while (seen < heldAt - 1024 * 1024) {
        const next = await follower.next();
        assert.equal(next.done, false, 'the follow read ended while the ingest was held');
        early.push(next.value);
        seen += next.value.byteLength;
      }
      assert.equal(await store.info(digest), undefined, 'not committed while held');
      held.release();
      const rest = await drain(follower);
      assert.deepEqual(await ingest, { digest, size: data.byteLength });
      assert.deepEqual(new Uint8Array(Buffer.concat([...early, ...rest])), data);
    }),
  );

  test(
    `${name}: a follow read fails with the ingest: digest mismatch at the end, or a source that broke`,
    { timeout },
    withStore(async ({ store }) => {
      const data = pattern(blobBytes);
      for (const ending of ['wrong digest', 'broken'] as const) {
        const digest = ending === 'wrong digest' ? computeDigest(pattern(16, 1)) : computeDigest(data);
        const held = heldSource(data, ending === 'broken' ? new Error('connection reset') : undefined);
        const ingest = store.ingest({ digest, size: data.byteLength }, held.source);
        ingest.catch(() => undefined);
        await held.reached;
        const follower = store.read(digest, { follow: true })[Symbol.asyncIterator]();
        assert.equal((await follower.next()).done, false, 'bytes before the hold');
        held.release();
        const failure = await drain(follower).then(
          () => assert.fail('the follow read ended normally'),
          (error: unknown) => error,
        );
        const ingestFailure = await ingest.then(
          () => assert.fail('the ingest committed'),
          (error: unknown) => error,
        );
        assert.equal(failure, ingestFailure, 'the follower gets the ingest’s own error');
        if (ending === 'wrong digest')
          assert.ok(isBerthError(failure) && failure.code === 'BERTH_DIGEST_MISMATCH');
        else assert.match(String(failure), /connection reset/);
        assert.equal(await store.info(digest), undefined);
      }
    }),
  );

  test(
    `${name}: a follow read from a start offset; past the committed size it fails as a read would`,
    { timeout },
    withStore(async ({ store }) => {
      const { data, digest, held, ingest } = await heldIngest(store);
      const from = store.read(digest, { follow: true, start: 100_000 })[Symbol.asyncIterator]();
      const past = store.read(digest, { follow: true, start: data.byteLength + 1 })[Symbol.asyncIterator]();
      const pastFailure = drain(past).then(
        () => assert.fail('a start past the end was accepted'),
        (error: unknown) => error,
      );
      held.release();
      assert.deepEqual(new Uint8Array(Buffer.concat(await drain(from))), data.subarray(100_000));
      await ingest;
      const error = await pastFailure;
      assert.ok(isBerthError(error) && error.code === 'BERTH_INVALID_ARGUMENT', String(error));
    }),
  );

  test(
    `${name}: a follow read of a committed blob is a read; of a blob neither there nor coming, not found`,
    withStore(async ({ store }) => {
      const data = pattern(5_000);
      const digest = computeDigest(data);
      await store.ingest(
        { digest, size: data.byteLength },
        heldSource(data, undefined, Number.POSITIVE_INFINITY).source,
      );
      const chunks = await drain(store.read(digest, { follow: true })[Symbol.asyncIterator]());
      assert.deepEqual(new Uint8Array(Buffer.concat(chunks)), data);
      const missing = computeDigest(pattern(10, 7)) as Digest;
      await assert.rejects(
        drain(store.read(missing, { follow: true })[Symbol.asyncIterator]()),
        (error) => isBerthError(error) && error.code === 'BERTH_BLOB_NOT_FOUND',
      );
    }),
  );
}

/** An ingest of `blobBytes` bytes into `store`, held at `heldAt` (returned once held). */
async function heldIngest(store: ContentStore) {
  const data = pattern(blobBytes);
  const digest = computeDigest(data);
  const held = heldSource(data);
  const ingest = store.ingest({ digest, size: data.byteLength }, held.source);
  await held.reached;
  return { data, digest, held, ingest };
}

/**
 * A source that serves `data` in 64 KiB chunks up to `holdAt` bytes, then waits for `release` before the rest (or
 * before throwing `failure`). `reached` resolves when it is held.
 */
function heldSource(data: Uint8Array, failure?: Error, holdAt = heldAt) {
  let release!: () => void;
  let reached!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const held = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const source: BlobSource = async () =>
    (async function* () {
      for (let at = 0; at < data.byteLength; at += 64 * 1024) {
        if (at === holdAt) {
          reached();
          await gate;
          if (failure) throw failure;
        }
        yield data.slice(at, Math.min(at + 64 * 1024, data.byteLength));
      }
    })();
  return { source, release, reached: held };
}

async function drain(iterator: AsyncIterator<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) chunks.push(next.value);
  return chunks;
}
