import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BlobInfo, ContentStore } from '../../content/index.js';
import { BerthError } from '../../errors/index.js';
import type { StagedAppend, UploadStaging } from '../../registry/server/index.js';
import { StagedFileAppend } from './staged-file-append.js';

const uploadId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const readChunkBytes = 1024 * 1024;

/**
 * The registry's upload staging on disk: `<dir>/<upload id>`, one file per unfinished upload (0600, in a 0700
 * directory). Put the directory on the content store's filesystem (the state dir's `uploads/` beside `content/`),
 * so that a finished upload is committed by a rename, not a copy. Ids are checked before they become paths.
 */
export class FsUploadStaging implements UploadStaging {
  readonly dir: string;

  /** Staging in `dir`, created (0700) with the first upload. */
  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /** Where an upload's bytes are staged (the id checked first). */
  path(id: string): string {
    if (!uploadId.test(id))
      throw new BerthError('BERTH_INVALID_ARGUMENT', `not an upload id: '${id.slice(0, 64)}'`);
    return join(this.dir, id);
  }

  async create(id: string): Promise<void> {
    const path = this.path(id);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await (await open(path, 'wx', 0o600)).close();
  }

  async size(id: string): Promise<number | undefined> {
    try {
      return (await stat(this.path(id))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  append(id: string, offset: number): Promise<StagedAppend> {
    return StagedFileAppend.open(this.path(id), offset);
  }

  read(id: string): AsyncIterable<Uint8Array> {
    return createReadStream(this.path(id), { highWaterMark: readChunkBytes });
  }

  commit(id: string, blob: BlobInfo, content: ContentStore): Promise<BlobInfo> {
    return content.adopt(blob, this.path(id));
  }

  async remove(id: string): Promise<void> {
    await rm(this.path(id), { force: true });
  }

  async list(): Promise<string[]> {
    try {
      return (await readdir(this.dir)).filter((name) => uploadId.test(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}
