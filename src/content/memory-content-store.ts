import { readFile, stat, unlink } from 'node:fs/promises';
import { type Digest, parseDigest } from '../engines/oci/index.js';
import {
  blobNotFound,
  checkAdoptedFile,
  checkCommittedSize,
  checkExpectedBlob,
  checkReadStart,
  ingestAttempts,
} from './blob-checks.js';
import type {
  BlobInfo,
  BlobSource,
  ContentStore,
  ExpectedBlob,
  IngestOptions,
  ReadOptions,
} from './content-store.js';
import { ingestBlob } from './ingest-blob.js';
import { followIngest, IngestProgress, IngestsUnderWay } from './ingests-under-way.js';
import { SingleFlight } from './single-flight.js';

const readChunkBytes = 1024 * 1024;

/**
 * A ContentStore in memory, for tests and for short-lived tools. Same contract as the filesystem store
 * (src/testing/suites/content-store.suite.ts, content-store-follow.suite.ts): verified commit, single-flight ingest,
 * resume, follow reads, BERTH_BLOB_NOT_FOUND.
 */
export class MemoryContentStore implements ContentStore {
  readonly #blobs = new Map<Digest, Uint8Array>();
  readonly #flights = new SingleFlight<Digest, BlobInfo, number>();
  /** The chunks of each ingest under way (with the offset each starts at), for `follow` reads. */
  readonly #underWay = new IngestsUnderWay<Digest, StoredChunks>();

  async info(digest: Digest): Promise<BlobInfo | undefined> {
    parseDigest(digest);
    const bytes = this.#blobs.get(digest);
    return bytes === undefined ? undefined : { digest, size: bytes.byteLength };
  }

  /** Always fresh copies (`recycle` changes nothing here). */
  read(digest: Digest, options: ReadOptions = {}): AsyncIterable<Uint8Array> {
    const blobs = this.#blobs;
    const underWay = this.#underWay;
    return {
      async *[Symbol.asyncIterator]() {
        parseDigest(digest);
        const bytes = blobs.get(digest);
        const ingest = options.follow && bytes === undefined ? underWay.get(digest) : undefined;
        if (ingest !== undefined) {
          yield* followIngest(ingest.progress, async (at) => ingest.target.from(at), {
            digest,
            start: options.start,
          });
          return;
        }
        if (bytes === undefined) throw blobNotFound(digest);
        const start = checkReadStart(options.start, bytes.byteLength, digest);
        for (let at = start; at < bytes.byteLength; at += readChunkBytes) {
          yield bytes.slice(at, Math.min(at + readChunkBytes, bytes.byteLength));
        }
      },
    };
  }

  async ingest(expected: ExpectedBlob, source: BlobSource, options?: IngestOptions): Promise<BlobInfo> {
    checkExpectedBlob(expected);
    const attempts = ingestAttempts(options);
    const committed = this.#blobs.get(expected.digest);
    if (committed !== undefined) {
      return checkCommittedSize({ digest: expected.digest, size: committed.byteLength }, expected);
    }
    const info = await this.#flights.run(
      expected.digest,
      (emit) => {
        const progress = new IngestProgress();
        const chunks = new StoredChunks();
        return this.#underWay.track(expected.digest, progress, chunks, () =>
          ingestBlob(
            expected,
            source,
            { attempts, onProgress: emit },
            this.#sink(expected.digest, chunks, progress),
          ),
        );
      },
      options?.onProgress,
    );
    return checkCommittedSize(info, expected);
  }

  /** Reads the file into memory (this store has no disk of its own) and removes it. */
  async adopt(blob: BlobInfo, path: string): Promise<BlobInfo> {
    checkAdoptedFile(blob, (await stat(path)).size);
    const committed = this.#blobs.get(blob.digest);
    if (committed === undefined) {
      const bytes = new Uint8Array(await readFile(path));
      checkAdoptedFile(blob, bytes.byteLength);
      this.#blobs.set(blob.digest, bytes);
    }
    await unlink(path);
    return { digest: blob.digest, size: blob.size };
  }

  async delete(digest: Digest): Promise<boolean> {
    parseDigest(digest);
    return this.#blobs.delete(digest);
  }

  #sink(digest: Digest, chunks: StoredChunks, progress: IngestProgress) {
    return {
      write: (chunk: Uint8Array) => {
        chunks.push(new Uint8Array(chunk)); // a copy: the source may reuse its buffer (a Buffer's slice() is a view)
        progress.advance(chunks.size);
      },
      commit: async () => {
        this.#blobs.set(digest, chunks.joined());
      },
      abort: async () => undefined,
    };
  }
}

/** The chunks of one ingest, in order; a follower's reader keeps them alive as long as it needs them. */
class StoredChunks {
  readonly #chunks: Uint8Array[] = [];
  readonly #starts: number[] = [];
  size = 0;

  push(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#starts.push(this.size);
    this.size += chunk.byteLength;
  }

  /** A copy of the bytes from `start` to the end of the chunk that holds it. */
  from(start: number): Uint8Array {
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.#starts[middle]! <= start) low = middle;
      else high = middle - 1;
    }
    return this.#chunks[low]!.slice(start - this.#starts[low]!);
  }

  joined(): Uint8Array {
    const bytes = new Uint8Array(this.size);
    for (const [index, chunk] of this.#chunks.entries()) bytes.set(chunk, this.#starts[index]!);
    return bytes;
  }
}
