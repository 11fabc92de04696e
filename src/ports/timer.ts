/**
 * Deferred work, injected beside the Clock so that time-driven behaviour (the ECS service scheduler's retries and
 * launch throttling) can be tested by moving a fake clock instead of waiting. `after` returns a cancel function.
 */
export interface Timer {
  after(ms: number, job: () => void | Promise<void>): () => void;
}

/**
 * The process's timers. They are unref'd: a pending retry never keeps a process alive that has nothing else to do
 * (`berth up` is kept alive by its listening socket).
 */
export const systemTimer: Timer = {
  after(ms, job) {
    const handle = setTimeout(() => void job(), ms);
    handle.unref();
    return () => clearTimeout(handle);
  },
};
