/**
 * One run per key at a time: callers that ask for a key whose work is already under way join it and get its
 * result (or its error) instead of starting the work again. Once the work settles the key is free, so a failure
 * is never cached: the next caller starts afresh. Per process only, like containerd's content ingest locks.
 *
 * A joiner may attach a listener, so per-caller extras (progress callbacks) reach every caller, not only the one
 * that started the work.
 */
export class SingleFlight<K, V, E = never> {
  readonly #flights = new Map<K, Flight<V, E>>();

  /**
   * Runs `work` for `key` unless a run is under way, in which case it joins that run. `listener`, when given, is
   * registered on the run (joined or started) and told of every `emit`.
   */
  run(key: K, work: (emit: (event: E) => void) => Promise<V>, listener?: (event: E) => void): Promise<V> {
    const existing = this.#flights.get(key);
    if (existing) {
      if (listener) existing.listeners.add(listener);
      return existing.promise;
    }
    const listeners = new Set<(event: E) => void>();
    if (listener) listeners.add(listener);
    const emit = (event: E): void => {
      for (const l of listeners) {
        try {
          l(event);
        } catch {
          // A caller's listener failing must not fail the shared work.
        }
      }
    };
    // Registered before `work` starts, so that work failing synchronously still frees the key.
    const flight: Flight<V, E> = { promise: Promise.resolve() as Promise<V>, listeners };
    this.#flights.set(key, flight);
    flight.promise = (async () => {
      try {
        return await work(emit);
      } finally {
        if (this.#flights.get(key) === flight) this.#flights.delete(key);
      }
    })();
    return flight.promise;
  }

  /** Whether work for `key` is under way. */
  has(key: K): boolean {
    return this.#flights.has(key);
  }

  /** Waits for the run under way for `key`, if any, ignoring its outcome. */
  async settled(key: K): Promise<void> {
    const flight = this.#flights.get(key);
    if (flight) await flight.promise.catch(() => undefined);
  }

  /** Keys with work under way. */
  get size(): number {
    return this.#flights.size;
  }
}

interface Flight<V, E> {
  promise: Promise<V>;
  listeners: Set<(event: E) => void>;
}
