import type { Digest } from '../../engines/oci/index.js';
import type { LayerProgress } from '../../registry/client/index.js';

/**
 * Where the layers of a pull in progress are, for an unpack that follows the download: `readable` resolves once a
 * layer's bytes can be read from the content store (its ingest has stored some, to be read with `follow`, or it is
 * committed), `wait` once it is committed (or was there already); both reject with the pull's error if the pull
 * fails first. Fed by the pull's layer progress events.
 */
export class LayerArrivals {
  readonly #started = new DigestWaits();
  readonly #arrived = new DigestWaits();

  /** Takes the pull's progress events: `downloading` means bytes are stored; `exists` and `complete`, all of them. */
  progress(event: LayerProgress): void {
    if (event.kind === 'waiting') return;
    this.#started.mark(event.digest);
    if (event.kind !== 'downloading') this.#arrived.mark(event.digest);
  }

  /** The pull failed: every wait, now and later, rejects with its error. */
  fail(error: unknown): void {
    this.#started.fail(error);
    this.#arrived.fail(error);
  }

  /** Resolves once the layer is committed to the store. */
  wait(digest: Digest): Promise<void> {
    return this.#arrived.wait(digest);
  }

  /** Resolves once the layer can be read from the store, following its download when that is still going on. */
  readable(digest: Digest): Promise<void> {
    return this.#started.wait(digest);
  }
}

/** Digests marked done, and waits for them that a failure ends (those for digests already done excepted). */
class DigestWaits {
  readonly #done = new Set<Digest>();
  readonly #waiting = new Map<Digest, Array<{ resolve: () => void; reject: (error: unknown) => void }>>();
  #failure: { error: unknown } | undefined;

  mark(digest: Digest): void {
    this.#done.add(digest);
    for (const waiter of this.#waiting.get(digest) ?? []) waiter.resolve();
    this.#waiting.delete(digest);
  }

  fail(error: unknown): void {
    this.#failure ??= { error };
    for (const waiters of this.#waiting.values()) for (const waiter of waiters) waiter.reject(error);
    this.#waiting.clear();
  }

  wait(digest: Digest): Promise<void> {
    if (this.#done.has(digest)) return Promise.resolve();
    if (this.#failure) return Promise.reject(this.#failure.error);
    return new Promise((resolve, reject) => {
      const waiters = this.#waiting.get(digest) ?? [];
      waiters.push({ resolve, reject });
      this.#waiting.set(digest, waiters);
    });
  }
}
