import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BerthError } from '../../errors/index.js';
import type { ObjectBodies } from '../../services/s3/index.js';

const bodyId = /^[0-9a-f]{32}$/;
const readChunkBytes = 1024 * 1024;

/**
 * S3 object data on disk: `<dir>/<id>`, one file per object version or upload part (0600 in a 0700 directory).
 * A body is written to `<dir>/.partial-<id>` as it streams (never held in memory) and renamed into place only
 * when its source ended cleanly, so a failed or refused upload leaves nothing a record could name.
 */
export class FsObjectBodies implements ObjectBodies {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  async write(id: string, chunks: AsyncIterable<Uint8Array>): Promise<number> {
    const path = this.#path(id);
    const partial = join(this.dir, `.partial-${id}`);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    let size = 0;
    const counted = async function* () {
      for await (const chunk of chunks) {
        size += chunk.length;
        yield chunk;
      }
    };
    try {
      await pipeline(Readable.from(counted()), createWriteStream(partial, { mode: 0o600, flush: true }));
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return size;
  }

  read(id: string, range?: { readonly start: number; readonly end: number }): AsyncIterable<Uint8Array> {
    return createReadStream(this.#path(id), { highWaterMark: readChunkBytes, ...(range ?? {}) });
  }

  async delete(id: string): Promise<void> {
    await rm(this.#path(id), { force: true });
  }

  #path(id: string): string {
    if (!bodyId.test(id))
      throw new BerthError('BERTH_INVALID_ARGUMENT', `not an object body id: '${id.slice(0, 64)}'`);
    return join(this.dir, id);
  }
}
