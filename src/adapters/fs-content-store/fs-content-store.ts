import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  type BlobInfo,
  type BlobSource,
  blobNotFound,
  type ContentStore,
  checkAdoptedFile,
  checkCommittedSize,
  checkExpectedBlob,
  checkReadStart,
  type ExpectedBlob,
  followIngest,
  type IngestOptions,
  IngestProgress,
  IngestsUnderWay,
  ingestAttempts,
  ingestBlob,
  type ReadOptions,
  SingleFlight,
} from '../../content/index.js';
import { type Digest, digestParts, parseDigest } from '../../engines/oci/index.js';
import { cleanStaleEntries } from './clean-stale-entries.js';
import { IngestFile, syncDirectory } from './ingest-file.js';

const readChunkBytes = 1024 * 1024;
const algorithms = ['sha256', 'sha512'] as const;

export interface FsContentStoreOptions {
  /** An in-progress file of a live pid untouched this long is removed on open; default one hour. */
  staleAfterMs?: number;
}

/**
 * The ContentStore on disk, containerd's layout reduced: committed blobs at `<root>/blobs/<algorithm>/<hex>`,
 * in-progress data at `<root>/ingest/<unique name>`, renamed into place only after the digest and size check
 * (fsync of the file and of the directory around the rename). Ingests of one digest are single-flight within the
 * process (across instances on one root); a failed ingest removes its file; opening the store removes files that crashed processes left.
 * Digests are validated before they become paths (reference/registry-protocol.md §0 item 4, §2.5).
 */
export class FsContentStore implements ContentStore {
  /** Per process, not per instance: two stores opened on one root still fetch a digest once. */
  static readonly #flights = new SingleFlight<string, BlobInfo, number>();
  /** The in-progress file of each ingest under way (same keys as the flights), for `follow` reads. */
  static readonly #underWay = new IngestsUnderWay<string, string>();
  readonly root: string;
  readonly #ingestDir: string;

  private constructor(root: string) {
    this.root = resolve(root);
    this.#ingestDir = join(root, 'ingest');
  }

  /** Opens (creating when needed) the store under `root` and cleans up stale in-progress files. */
  static async open(root: string, options: FsContentStoreOptions = {}): Promise<FsContentStore> {
    const store = new FsContentStore(root);
    for (const algorithm of algorithms) {
      await mkdir(join(store.root, 'blobs', algorithm), { recursive: true, mode: 0o700 });
    }
    await mkdir(store.#ingestDir, { recursive: true, mode: 0o700 });
    await cleanStaleEntries(store.#ingestDir, {
      ...(options.staleAfterMs === undefined ? {} : { staleAfterMs: options.staleAfterMs }),
    });
    return store;
  }

  /** Where a committed blob lives (whether or not it is there). */
  blobPath(digest: Digest): string {
    const { algorithm, encoded } = digestParts(parseDigest(digest));
    return join(this.root, 'blobs', algorithm, encoded);
  }

  async info(digest: Digest): Promise<BlobInfo | undefined> {
    try {
      const info = await stat(this.blobPath(digest));
      return info.isFile() ? { digest, size: info.size } : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /**
   * 1 MiB chunks; with `recycle`, three buffers rotate for the whole read. With `follow`, a blob still being
   * ingested by this process is read from its in-progress file as that grows (followIngest).
   */
  read(digest: Digest, options: ReadOptions = {}): AsyncIterable<Uint8Array> {
    const path = (): string => this.blobPath(digest);
    const key = (): string => this.#key(digest);
    return {
      async *[Symbol.asyncIterator]() {
        let handle = await openCommitted(path(), digest, options.follow === true);
        if (handle === undefined) {
          const ingest = FsContentStore.#underWay.get(key());
          // Not under way either: it may have committed while the first open was on its way.
          if (ingest === undefined) handle = await openCommitted(path(), digest, false);
          else {
            yield* followFile(ingest.target, ingest.progress, path(), digest, options.start);
            return;
          }
        }
        yield* readFrom(handle!, digest, options);
      },
    };
  }

  async ingest(expected: ExpectedBlob, source: BlobSource, options?: IngestOptions): Promise<BlobInfo> {
    checkExpectedBlob(expected);
    const attempts = ingestAttempts(options);
    const committed = await this.info(expected.digest);
    if (committed) return checkCommittedSize(committed, expected);
    const key = this.#key(expected.digest);
    const info = await FsContentStore.#flights.run(
      key,
      async (emit) => {
        // A run for this digest may have committed between the check above and this one.
        const now = await this.info(expected.digest);
        if (now) return now;
        const progress = new IngestProgress();
        const file = await IngestFile.create(
          this.#ingestDir,
          expected.digest,
          this.blobPath(expected.digest),
          progress,
        );
        return FsContentStore.#underWay.track(key, progress, file.path, () =>
          ingestBlob(expected, source, { attempts, onProgress: emit }, file),
        );
      },
      options?.onProgress,
    );
    return checkCommittedSize(info, expected);
  }

  /**
   * Moves a file the caller verified into place: fsync, rename, fsync of the directory, as an ingest commits. From
   * another filesystem (EXDEV) the bytes are copied through `ingest` instead, which hashes them once more.
   */
  async adopt(blob: BlobInfo, path: string): Promise<BlobInfo> {
    const handle = await open(path, 'r');
    try {
      checkAdoptedFile(blob, (await handle.stat()).size);
      const committed = await this.info(blob.digest);
      if (committed) {
        checkCommittedSize(committed, blob);
        await unlink(path);
        return committed;
      }
      await handle.chmod(0o600);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const target = this.blobPath(blob.digest);
    try {
      await rename(path, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      const info = await this.ingest(blob, async (offset) =>
        createReadStream(path, { start: offset, highWaterMark: readChunkBytes }),
      );
      await unlink(path);
      return info;
    }
    await syncDirectory(dirname(target));
    return { digest: blob.digest, size: blob.size };
  }

  async delete(digest: Digest): Promise<boolean> {
    try {
      await unlink(this.blobPath(digest));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  #key(digest: Digest): string {
    return `${this.root}\0${digest}`;
  }
}

type Handle = Awaited<ReturnType<typeof open>>;

/** Opens a committed blob; when it is not there: undefined if `orUndefined`, else BERTH_BLOB_NOT_FOUND. */
async function openCommitted(
  path: string,
  digest: Digest,
  orUndefined: boolean,
): Promise<Handle | undefined> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if (!isMissing(error)) throw error;
    if (orUndefined) return undefined;
    throw blobNotFound(digest);
  }
}

async function* readFrom(handle: Handle, digest: Digest, options: ReadOptions): AsyncGenerator<Uint8Array> {
  try {
    const { size } = await handle.stat();
    let at = checkReadStart(options.start, size, digest);
    const ring: Buffer[] = [];
    for (let turn = 0; at < size; turn++) {
      const length = Math.min(readChunkBytes, size - at);
      if (options.recycle && ring.length < 3) ring.push(Buffer.allocUnsafe(length));
      const buffer = options.recycle ? ring[turn % 3]!.subarray(0, length) : Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, at);
      if (bytesRead === 0) break;
      at += bytesRead;
      yield bytesRead === buffer.byteLength ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Follows an ingest through its in-progress file. The file is opened once: the commit's rename and an abort's
 * unlink leave an open descriptor reading the same bytes. When it is already gone, the ingest has ended: its
 * error, or the committed blob.
 */
async function* followFile(
  partial: string,
  progress: IngestProgress,
  committed: string,
  digest: Digest,
  start: number | undefined,
): AsyncGenerator<Uint8Array> {
  let handle: Handle;
  try {
    handle = await open(partial, 'r');
  } catch (error) {
    if (!isMissing(error)) throw error;
    while (progress.outcome === undefined) await progress.changed();
    if ('error' in progress.outcome) throw progress.outcome.error;
    yield* readFrom((await openCommitted(committed, digest, false))!, digest, { start });
    return;
  }
  try {
    yield* followIngest(
      progress,
      async (at, end) => {
        const buffer = Buffer.allocUnsafe(Math.min(readChunkBytes, end - at));
        const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, at);
        return buffer.subarray(0, bytesRead);
      },
      { digest, start },
    );
  } finally {
    await handle.close();
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
