/**
 * A job that runs at most once at a time and, once it succeeded, never again: concurrent and later calls share the
 * first call's promise while it runs or after it succeeded; after a failure the next call tries again. For loaders
 * (a service built on its first request) and idempotent releases (a task's network).
 */
export function once<T>(job: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => {
    running ??= job().catch((error: unknown) => {
      running = undefined;
      throw error;
    });
    return running;
  };
}
