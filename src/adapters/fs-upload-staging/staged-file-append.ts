import { type FileHandle, open } from 'node:fs/promises';
import { BerthError } from '../../errors/index.js';
import type { StagedAppend } from '../../registry/server/index.js';

const batchBytes = 1024 * 1024;
const syncEveryBytes = 16 * 1024 * 1024;

/**
 * Appends one request's bytes to a staged upload file. Network chunks (16–64 KiB) are gathered into 1 MiB writes,
 * with two buffers: one fills while the other is written, so receiving, hashing and the disk overlap, and at most
 * 2 MiB per upload is held. Every 16 MiB the file is synced in the background (see #syncSoon). A write that fails
 * is reported by the next `write` or by `close`.
 */
export class StagedFileAppend implements StagedAppend {
  readonly #handle: FileHandle;
  readonly #start: number;
  #position: number;
  #fill = Buffer.allocUnsafe(batchBytes);
  #spare = Buffer.allocUnsafe(batchBytes);
  #used = 0;
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

  async write(chunk: Uint8Array): Promise<void> {
    let at = 0;
    while (at < chunk.byteLength) {
      const take = Math.min(chunk.byteLength - at, batchBytes - this.#used);
      this.#fill.set(chunk.subarray(at, at + take), this.#used);
      this.#used += take;
      at += take;
      if (this.#used === batchBytes) await this.#submit();
    }
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
    await this.#inFlight.catch(() => undefined);
    await this.#handle.truncate(this.#start).catch(() => undefined);
    await this.#release().catch(() => undefined);
  }

  /** Hands the filled buffer to the disk once the previous write is done; the other buffer fills meanwhile. */
  async #submit(): Promise<void> {
    await this.#inFlight;
    if (this.#used === 0) return;
    const bytes = this.#fill.subarray(0, this.#used);
    const position = this.#position;
    this.#position += this.#used;
    [this.#fill, this.#spare] = [this.#spare, this.#fill];
    this.#used = 0;
    this.#inFlight = this.#writeAll(bytes, position);
    this.#unsynced += bytes.byteLength;
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

  async #writeAll(bytes: Buffer, position: number): Promise<void> {
    let at = 0;
    while (at < bytes.byteLength) {
      const { bytesWritten } = await this.#handle.write(bytes, at, bytes.byteLength - at, position + at);
      at += bytesWritten;
    }
  }

  async #release(): Promise<void> {
    if (this.#closed) return;
    await this.#syncing;
    this.#closed = true;
    await this.#handle.close();
  }
}
