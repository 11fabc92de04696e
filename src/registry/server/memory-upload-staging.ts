import type { BlobInfo, ContentStore } from '../../content/index.js';
import { BerthError } from '../../errors/index.js';
import type { StagedAppend, UploadStaging } from './upload-staging.js';

/**
 * The upload staging in this process's memory, for tests and short-lived servers: uploads do not survive the
 * process, and a blob being uploaded is held whole. berth itself stages on disk (adapters/fs-upload-staging).
 * Committing copies the bytes through `ContentStore.ingest`, which hashes them once more.
 */
export class MemoryUploadStaging implements UploadStaging {
  readonly #files = new Map<string, Uint8Array[]>();

  async create(id: string): Promise<void> {
    if (this.#files.has(id)) throw new BerthError('BERTH_INVALID_ARGUMENT', `upload ${id} is already staged`);
    this.#files.set(id, []);
  }

  async size(id: string): Promise<number | undefined> {
    return this.#files.get(id)?.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  }

  async append(id: string, offset: number): Promise<StagedAppend> {
    const chunks = this.#chunks(id);
    const staged = (await this.size(id)) ?? 0;
    if (staged < offset) {
      throw new BerthError(
        'BERTH_INVALID_ARGUMENT',
        `upload ${id} holds ${staged} bytes, fewer than ${offset}`,
      );
    }
    const kept = cut(chunks, offset);
    chunks.length = 0;
    chunks.push(...kept);
    const start = chunks.length;
    let size = offset;
    return {
      write: async (chunk) => {
        // A copy: Buffer#slice would be a view of the caller's memory.
        chunks.push(new Uint8Array(chunk));
        size += chunk.byteLength;
      },
      writeOwned: async (chunk) => {
        chunks.push(chunk);
        size += chunk.byteLength;
      },
      close: async () => size,
      discard: async () => {
        chunks.length = start;
      },
    };
  }

  async *read(id: string): AsyncIterable<Uint8Array> {
    yield* [...this.#chunks(id)];
  }

  async commit(id: string, blob: BlobInfo, content: ContentStore): Promise<BlobInfo> {
    const chunks = this.#chunks(id);
    const info = await content.ingest(blob, async (offset) =>
      (async function* () {
        yield* cut(chunks, Number.POSITIVE_INFINITY, offset);
      })(),
    );
    this.#files.delete(id);
    return info;
  }

  async remove(id: string): Promise<void> {
    this.#files.delete(id);
  }

  async list(): Promise<string[]> {
    return [...this.#files.keys()];
  }

  #chunks(id: string): Uint8Array[] {
    const chunks = this.#files.get(id);
    if (!chunks) throw new BerthError('BERTH_INVALID_ARGUMENT', `upload ${id} is not staged`);
    return chunks;
  }
}

/** The bytes from `from` to `to` of a chunk list, as chunk views. */
function cut(chunks: readonly Uint8Array[], to: number, from = 0): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (const chunk of chunks) {
    const end = at + chunk.byteLength;
    if (end > from && at < to)
      out.push(chunk.subarray(Math.max(0, from - at), Math.min(chunk.byteLength, to - at)));
    at = end;
  }
  return out;
}
