import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BerthError } from '../../errors/index.js';
import type { Sealer } from '../../ports/index.js';
import type { ObjectBodies } from '../../services/s3/index.js';
import {
  frameBytes,
  frameCount,
  headerReadBytes,
  newBodyKey,
  openBodyKey,
  openFrame,
  sealedFrameBytes,
  sealFrame,
} from './sealed-frames.js';

const bodyId = /^[0-9a-f]{32}$/;
/** Frames read per disk read: 1 MiB of data. */
const framesPerRead = 16;

/**
 * S3 object data on disk: `<dir>/<id>`, one file per object version or upload part (0600 in a 0700 directory),
 * encrypted at rest (sealed-frames.ts). A body is written to `<dir>/.partial-<id>` as it streams (never held in
 * memory) and renamed into place only when its source ended cleanly, so a failed or refused upload leaves nothing a
 * record could name.
 */
export class FsObjectBodies implements ObjectBodies {
  readonly dir: string;
  readonly #sealer: Sealer;

  constructor(dir: string, sealer: Sealer) {
    this.dir = resolve(dir);
    this.#sealer = sealer;
  }

  async write(id: string, chunks: AsyncIterable<Uint8Array>): Promise<number> {
    const path = this.#path(id);
    const partial = join(this.dir, `.partial-${id}`);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const { header, key } = newBodyKey(this.#sealer, id);
    let size = 0;
    // Whole frames go out as they fill; the one left at the end (possibly empty) is the last.
    const sealed = async function* () {
      yield header;
      let pending: Buffer = Buffer.alloc(0);
      let index = 0;
      for await (const chunk of chunks) {
        size += chunk.length;
        const data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
        const all = pending.length === 0 ? data : Buffer.concat([pending, data]);
        let at = 0;
        for (; all.length - at > frameBytes; at += frameBytes)
          yield sealFrame(key, index++, false, all.subarray(at, at + frameBytes));
        pending = all.subarray(at);
      }
      yield sealFrame(key, index, true, pending);
    };
    try {
      await pipeline(Readable.from(sealed()), createWriteStream(partial, { mode: 0o600, flush: true }));
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return size;
  }

  read(id: string, range?: { readonly start: number; readonly end: number }): AsyncIterable<Uint8Array> {
    return this.#frames(this.#path(id), id, range);
  }

  async delete(id: string): Promise<void> {
    await rm(this.#path(id), { force: true });
  }

  /** The plaintext of the frames `range` (inclusive end, as S3's Range) covers, or of all of them. */
  async *#frames(
    path: string,
    id: string,
    range: { readonly start: number; readonly end: number } | undefined,
  ): AsyncIterable<Uint8Array> {
    const file = await open(path, 'r');
    try {
      const fileBytes = (await file.stat()).size;
      const head = Buffer.alloc(Math.min(headerReadBytes, fileBytes));
      await file.read(head, 0, head.length, 0);
      const { key, framesAt } = openBodyKey(this.#sealer, id, head);
      const count = frameCount(fileBytes, framesAt, id);
      const first = range ? Math.floor(range.start / frameBytes) : 0;
      const last = range ? Math.min(Math.floor(range.end / frameBytes), count - 1) : count - 1;
      for (let batch = first; batch <= last; batch += framesPerRead) {
        const frames = Math.min(framesPerRead, last - batch + 1);
        const buffer = Buffer.alloc(frames * sealedFrameBytes);
        const { bytesRead } = await file.read(buffer, 0, buffer.length, framesAt + batch * sealedFrameBytes);
        for (let i = 0; i < frames; i++) {
          const index = batch + i;
          const sealed = buffer.subarray(
            i * sealedFrameBytes,
            Math.min((i + 1) * sealedFrameBytes, bytesRead),
          );
          const plain = openFrame(key, index, index === count - 1, sealed, id);
          const from = range ? Math.max(0, range.start - index * frameBytes) : 0;
          const to = range ? Math.min(plain.length, range.end + 1 - index * frameBytes) : plain.length;
          if (to > from) yield plain.subarray(from, to);
        }
      }
    } finally {
      await file.close();
    }
  }

  #path(id: string): string {
    if (!bodyId.test(id))
      throw new BerthError('BERTH_INVALID_ARGUMENT', `not an object body id: '${id.slice(0, 64)}'`);
    return join(this.dir, id);
  }
}
