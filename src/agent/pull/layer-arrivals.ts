import type { Digest } from '../../engines/oci/index.js';
import type { LayerProgress } from '../../registry/client/index.js';

/**
 * Which layers of a pull in progress are in the content store, for an unpack that follows the download: `wait`
 * resolves once the layer is committed (or was there already), and rejects with the pull's error if the pull fails
 * first. Fed by the pull's layer progress events.
 */
export class LayerArrivals {
  readonly #arrived = new Set<Digest>();
  readonly #waiting = new Map<Digest, Array<{ resolve: () => void; reject: (error: unknown) => void }>>();
  #failure: { error: unknown } | undefined;

  /** Takes the pull's progress events: `exists` and `complete` mean the layer is in the store. */
  progress(event: LayerProgress): void {
    if (event.kind !== 'exists' && event.kind !== 'complete') return;
    this.#arrived.add(event.digest);
    for (const waiter of this.#waiting.get(event.digest) ?? []) waiter.resolve();
    this.#waiting.delete(event.digest);
  }

  /** The pull failed: every wait, now and later, rejects with its error. */
  fail(error: unknown): void {
    this.#failure ??= { error };
    for (const waiters of this.#waiting.values()) for (const waiter of waiters) waiter.reject(error);
    this.#waiting.clear();
  }

  wait(digest: Digest): Promise<void> {
    if (this.#arrived.has(digest)) return Promise.resolve();
    if (this.#failure) return Promise.reject(this.#failure.error);
    return new Promise((resolve, reject) => {
      const waiters = this.#waiting.get(digest) ?? [];
      waiters.push({ resolve, reject });
      this.#waiting.set(digest, waiters);
    });
  }
}
