/**
 * Jobs for one key run one at a time, in the order given; jobs for different keys run concurrently. A job runs
 * whether the one before it succeeded or failed, and a key with nothing queued holds no memory. For work that
 * awaits between reading shared state and committing a change (a Secrets Manager write awaits KMS; the host
 * bridge's ip commands), which a single-flight join (content/single-flight.ts) cannot serve: every caller here
 * needs its own run. Per process only.
 *
 * It lives in engines/ (it does no IO) so that services, adapters and the agent may all use it.
 */
export class KeyedSerialQueue<K> {
  readonly #tails = new Map<K, Promise<void>>();

  /** Runs `job` once every job queued earlier for `key` has settled; resolves or rejects as `job` does. */
  run<T>(key: K, job: () => Promise<T>): Promise<T> {
    const run = (this.#tails.get(key) ?? Promise.resolve()).then(job);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, settled);
    void settled.then(() => {
      if (this.#tails.get(key) === settled) this.#tails.delete(key);
    });
    return run;
  }

  /** Keys with a job running or queued. */
  get size(): number {
    return this.#tails.size;
  }
}
