import type { Digest } from '../engines/oci/index.js';
import { BerthError } from '../errors/index.js';
import { checkReadStart } from './blob-checks.js';
import type { BlobInfo } from './content-store.js';

/**
 * How far one ingest has got, for readers that follow it (`ContentStore.read` with `follow`): how many bytes its
 * sink has stored so far, and how it ended. The bytes are not verified until the ingest ends committed; a reader
 * that follows must hold back its own verdict until then (followIngest does).
 */
export class IngestProgress {
  #stored = 0;
  #outcome: { readonly error?: unknown } | undefined;
  #wake: Array<() => void> = [];

  /** Bytes the sink has stored, readable from where it keeps them. */
  get stored(): number {
    return this.#stored;
  }

  /** undefined while under way; `{}` once committed; `{ error }` once failed. */
  get outcome(): { readonly error?: unknown } | undefined {
    return this.#outcome;
  }

  /** The sink has stored `total` bytes in all. */
  advance(total: number): void {
    this.#stored = total;
    this.#notify();
  }

  /** The ingest ended: committed when `failure` is omitted. */
  end(failure?: { error: unknown }): void {
    this.#outcome ??= failure ?? {};
    this.#notify();
  }

  /** Resolves at the next `advance` or `end`. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.#wake.push(resolve));
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = [];
    for (const resolve of wake) resolve();
  }
}

/**
 * The ingests a store has under way, by key, each with its IngestProgress and what the store needs to read its
 * stored bytes (`T`: the in-progress file's path, the in-memory chunks). An entry lives from before the first byte
 * is stored until the ingest has ended, so a reader that finds none is either too early or too late (then the blob
 * is committed, or the ingest failed and nothing is left).
 */
export class IngestsUnderWay<K, T> {
  readonly #entries = new Map<K, { readonly progress: IngestProgress; readonly target: T }>();

  get(key: K): { readonly progress: IngestProgress; readonly target: T } | undefined {
    return this.#entries.get(key);
  }

  /** Runs one ingest under `key`, visible to followers while it runs; its progress ends with its outcome. */
  async track(
    key: K,
    progress: IngestProgress,
    target: T,
    ingest: () => Promise<BlobInfo>,
  ): Promise<BlobInfo> {
    this.#entries.set(key, { progress, target });
    try {
      const info = await ingest();
      progress.end();
      return info;
    } catch (error) {
      progress.end({ error });
      throw error;
    } finally {
      this.#entries.delete(key);
    }
  }
}

/**
 * The bytes of an ingest under way, from byte `start` (0 by default): those stored so far, then each as it is stored
 * (`readStored` reads `[start, end)` from the store's in-progress copy, up to `end`; it may return less). Ends only
 * once the ingest has committed (digest and size verified); throws the ingest's error when it failed, after whatever
 * was yielded, so a consumer that acts on the bytes as they come must treat everything as provisional until the
 * iteration ends. A `start` past the committed size fails as a read of the committed blob would.
 */
export async function* followIngest(
  progress: IngestProgress,
  readStored: (start: number, end: number) => Promise<Uint8Array>,
  read: { readonly digest: Digest; readonly start?: number | undefined },
): AsyncGenerator<Uint8Array> {
  let at = checkReadStart(read.start, Number.MAX_SAFE_INTEGER, read.digest);
  for (;;) {
    if (at < progress.stored) {
      const chunk = await readStored(at, progress.stored);
      if (chunk.byteLength === 0) {
        throw new BerthError(
          'BERTH_INTERNAL',
          `the in-progress copy ends at byte ${at} of ${progress.stored} stored`,
        );
      }
      at += chunk.byteLength;
      yield chunk;
      continue;
    }
    const { outcome } = progress;
    if (outcome !== undefined) {
      if ('error' in outcome) throw outcome.error;
      checkReadStart(read.start, progress.stored, read.digest);
      return;
    }
    await progress.changed();
  }
}
