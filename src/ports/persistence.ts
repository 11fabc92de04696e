/**
 * Durable state for the control plane: JSON documents in named collections, keyed by string, changed atomically.
 * The SQLite adapter (WAL, synchronous) is the production implementation; `MemoryPersistence` serves unit tests.
 * Both pass the conformance suite in src/testing/suites/persistence.suite.ts.
 *
 * It is synchronous on purpose: better-sqlite3 is, every operation is a few microseconds, and a service handler
 * that reads and writes inside one `transaction()` can never interleave with another request.
 */
export interface Persistence {
  /** Runs `fn` atomically: every write in it lands, or none does. A nested call joins the outer transaction. */
  transaction<T>(fn: () => T): T;
  get<T>(collection: string, key: string): T | undefined;
  /** Inserts or replaces. */
  put(collection: string, key: string, value: unknown): void;
  /** Returns whether there was a document to delete. */
  delete(collection: string, key: string): boolean;
  /** Documents in key order, optionally only keys starting with `prefix`. */
  list<T>(collection: string, options?: { prefix?: string }): T[];
  close(): void;
}
