import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobInfo, BlobSink, IngestProgress } from '../../content/index.js';
import { type Digest, digestParts } from '../../engines/oci/index.js';

const writeBufferBytes = 1024 * 1024;

/**
 * The in-progress file of one ingest, under `ingest/` with a unique name that records the owning process
 * (`<algorithm>-<hex>.<pid>.<random>.partial`, read back by cleanStaleIngests). Small chunks from the network are
 * coalesced into 1 MiB writes; `commit` fsyncs the file, renames it into place and fsyncs the directory, so a
 * committed blob survives a crash and a partial one is never visible under its digest. `progress` is told how many
 * bytes are in the file after each write, for readers that follow the ingest (they read the file as it grows).
 */
export class IngestFile implements BlobSink {
  readonly #handle: FileHandle;
  readonly #path: string;
  readonly #finalPath: string;
  readonly #progress: IngestProgress | undefined;
  readonly #buffer = Buffer.allocUnsafe(writeBufferBytes);
  #used = 0;
  #inFile = 0;
  #closed = false;

  private constructor(handle: FileHandle, path: string, finalPath: string, progress?: IngestProgress) {
    this.#handle = handle;
    this.#path = path;
    this.#finalPath = finalPath;
    this.#progress = progress;
  }

  /** Creates the file exclusively (0600) in `ingestDir`, to be committed as `finalPath`. */
  static async create(
    ingestDir: string,
    digest: Digest,
    finalPath: string,
    progress?: IngestProgress,
  ): Promise<IngestFile> {
    const { algorithm, encoded } = digestParts(digest);
    const name = `${algorithm}-${encoded}.${process.pid}.${randomBytes(6).toString('hex')}.partial`;
    const path = join(ingestDir, name);
    const handle = await open(path, 'wx', 0o600);
    return new IngestFile(handle, path, finalPath, progress);
  }

  /** Where the bytes are until the commit renames the file. */
  get path(): string {
    return this.#path;
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.#used + chunk.byteLength <= this.#buffer.byteLength) {
      this.#buffer.set(chunk, this.#used);
      this.#used += chunk.byteLength;
      if (this.#used === this.#buffer.byteLength) await this.#flush();
      return;
    }
    await this.#flush();
    if (chunk.byteLength >= this.#buffer.byteLength) await this.#writeAll(chunk);
    else {
      this.#buffer.set(chunk, 0);
      this.#used = chunk.byteLength;
    }
  }

  async commit(_info: BlobInfo): Promise<void> {
    await this.#flush();
    await this.#handle.sync();
    this.#closed = true;
    await this.#handle.close();
    await rename(this.#path, this.#finalPath);
    await syncDirectory(join(this.#finalPath, '..'));
  }

  async abort(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      await this.#handle.close().catch(() => undefined);
    }
    await unlink(this.#path).catch(() => undefined);
  }

  async #flush(): Promise<void> {
    if (this.#used === 0) return;
    const used = this.#used;
    this.#used = 0;
    await this.#writeAll(this.#buffer.subarray(0, used));
  }

  async #writeAll(bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.byteLength) {
      const { bytesWritten } = await this.#handle.write(bytes, at, bytes.byteLength - at);
      at += bytesWritten;
    }
    this.#inFile += bytes.byteLength;
    this.#progress?.advance(this.#inFile);
  }
}

/** fsync of a directory, so that a rename or unlink in it is durable. */
export async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
