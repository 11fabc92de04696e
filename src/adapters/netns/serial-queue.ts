/**
 * Runs jobs one at a time in the order given. Tasks start concurrently; the few ip operations that touch shared
 * state (the host bridge, the orphan sweep) go through one queue so two of them never interleave.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(job);
    // The next job waits for this one whether it succeeded or not.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
