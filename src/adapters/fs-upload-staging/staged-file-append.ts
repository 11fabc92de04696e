import { type FileHandle, open } from 'node:fs/promises';
import { BerthError } from '../../errors/index.js';
import type { StagedAppend } from '../../registry/server/index.js';

const batchBytes = 1024 * 1024;
/** Chunks per writev at most: a client trickling tiny chunks must not make a batch of a million buffers. */
const batchChunks = 64;
const syncEveryBytes = 16 * 1024 * 1024;

/**
 * Appends one request's bytes to a staged upload file. Network chunks (16–64 KiB) are gathered and written with one
 * writev per 1 MiB (or per 64 chunks): one batch gathers while the one before is written, so receiving, hashing and
 * the disk overlap, and at most about 2 MiB per upload is held. Chunks handed over with `writeOwned` are not copied:
 * gathering them instead of copying them into 1 MiB buffers took berth's CPU per GiB pushed from ≈ 3.9 s to ≈ 3.1 s
 * (docs/benchmarks.md, registry). Every 16 MiB the file is synced in the background (see #syncSoon). A write that
 * fails is reported by the next `write` or by `close`.
 */
export class StagedFileAppend implements StagedAppend {
  readonly #handle: FileHandle;
  readonly #start: number;
  #position: number;
  #batch: Uint8Array[] = [];
  #batched = 0;
  #inFlight: Promise<void> = Promise.resolve();
  #syncing: Promise<void> | undefined;
  #unsynced = 0;
  #closed = false;

  private constructor(handle: FileHandle, offset: number) {
    this.#handle = handle;
    this.#start = offset;
    this.#position = offset;
  }

  /** Opens `path` to append at `offset`; bytes past it are cut, a file shorter than it is refused. */
  static async open(path: string, offset: number): Promise<StagedFileAppend> {
    const handle = await open(path, 'r+');
    try {
      const { size } = await handle.stat();
      if (size < offset) {
        throw new BerthError(
          'BERTH_INVALID_ARGUMENT',
          `staged upload ${path} holds ${size} bytes, fewer than the ${offset} to append after`,
        );
      }
      if (size > offset) await handle.truncate(offset);
      return new StagedFileAppend(handle, offset);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  write(chunk: Uint8Array): Promise<void> {
    // A copy: Buffer#slice would be a view of the caller's memory.
    return this.writeOwned(new Uint8Array(chunk));
  }

  /** The chunk joins the batch as it is: nothing copies it on its way to the disk. */
  async writeOwned(chunk: Uint8Array): Promise<void> {
    if (chunk.byteLength === 0) return;
    this.#batch.push(chunk);
    this.#batched += chunk.byteLength;
    if (this.#batched >= batchBytes || this.#batch.length >= batchChunks) await this.#submit();
  }

  async close(): Promise<number> {
    try {
      await this.#submit();
      await this.#inFlight;
    } finally {
      await this.#release();
    }
    return this.#position;
  }

  async discard(): Promise<void> {
    this.#batch = [];
    await this.#inFlight.catch(() => undefined);
    await this.#handle.truncate(this.#start).catch(() => undefined);
    await this.#release().catch(() => undefined);
  }

  /** Hands the gathered chunks to the disk once the previous write is done; the next batch gathers meanwhile. */
  async #submit(): Promise<void> {
    await this.#inFlight;
    if (this.#batched === 0) return;
    const chunks = this.#batch;
    const bytes = this.#batched;
    const position = this.#position;
    this.#position += bytes;
    this.#batch = [];
    this.#batched = 0;
    this.#inFlight = this.#writeAll(chunks, position);
    this.#unsynced += bytes;
    if (this.#unsynced >= syncEveryBytes && !this.#syncing) this.#syncSoon();
    // Observed by the next write or by close; until then a failure must not count as unhandled.
    this.#inFlight.catch(() => undefined);
  }

  /**
   * Starts an fdatasync once the write in flight is done, without waiting for it: the disk writes the upload back
   * while the network delivers the rest, so the content store's fsync at commit (which the closing PUT waits for)
   * finds little left to do. Its outcome does not matter (the commit syncs again); close waits for it.
   */
  #syncSoon(): void {
    this.#unsynced = 0;
    this.#syncing = this.#inFlight
      .then(() => this.#handle.datasync())
      .catch(() => undefined)
      .finally(() => {
        this.#syncing = undefined;
      });
  }

  /** writev until every byte is down (a regular file takes all at once; a short write continues where it ended). */
  async #writeAll(chunks: Uint8Array[], position: number): Promise<void> {
    let rest = chunks;
    let at = position;
    while (rest.length > 0) {
      const { bytesWritten } = await this.#handle.writev(rest, at);
      at += bytesWritten;
      rest = after(rest, bytesWritten);
    }
  }

  async #release(): Promise<void> {
    if (this.#closed) return;
    await this.#syncing;
    this.#closed = true;
    await this.#handle.close();
  }
}

/** The chunks that remain once the first `count` bytes of `chunks` are written. */
function after(chunks: Uint8Array[], count: number): Uint8Array[] {
  let skip = count;
  let index = 0;
  while (index < chunks.length && skip >= chunks[index]!.byteLength) skip -= chunks[index++]!.byteLength;
  const rest = chunks.slice(index);
  if (skip > 0 && rest.length > 0) rest[0] = rest[0]!.subarray(skip);
  return rest;
}
