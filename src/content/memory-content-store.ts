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
import { SingleFlight } from './single-flight.js';

const readChunkBytes = 1024 * 1024;

/**
 * A ContentStore in memory, for tests and for short-lived tools. Same contract as the filesystem store
 * (src/testing/suites/content-store.suite.ts): verified commit, single-flight ingest, resume, BERTH_BLOB_NOT_FOUND.
 */
export class MemoryContentStore implements ContentStore {
  readonly #blobs = new Map<Digest, Uint8Array>();
  readonly #flights = new SingleFlight<Digest, BlobInfo, number>();

  async info(digest: Digest): Promise<BlobInfo | undefined> {
    parseDigest(digest);
    const bytes = this.#blobs.get(digest);
    return bytes === undefined ? undefined : { digest, size: bytes.byteLength };
  }

  /** Always fresh copies (`recycle` changes nothing here). */
  read(digest: Digest, options: ReadOptions = {}): AsyncIterable<Uint8Array> {
    const blobs = this.#blobs;
    return {
      async *[Symbol.asyncIterator]() {
        parseDigest(digest);
        const bytes = blobs.get(digest);
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
      (emit) => ingestBlob(expected, source, { attempts, onProgress: emit }, this.#sink(expected.digest)),
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

  #sink(digest: Digest) {
    let chunks: Uint8Array[] = [];
    let size = 0;
    return {
      write: (chunk: Uint8Array) => {
        chunks.push(chunk.slice()); // the source may reuse its buffer
        size += chunk.byteLength;
      },
      commit: async () => {
        const bytes = new Uint8Array(size);
        let at = 0;
        for (const chunk of chunks) {
          bytes.set(chunk, at);
          at += chunk.byteLength;
        }
        chunks = [];
        this.#blobs.set(digest, bytes);
      },
      abort: async () => {
        chunks = [];
      },
    };
  }
}
