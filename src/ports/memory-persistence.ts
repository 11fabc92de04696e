import type { Persistence } from './persistence.js';

/** Persistence in memory: documents are stored as JSON text, so callers never share mutable objects with it. */
export class MemoryPersistence implements Persistence {
  #collections = new Map<string, Map<string, string>>();
  #depth = 0;

  transaction<T>(fn: () => T): T {
    if (this.#depth > 0) return fn();
    const snapshot = new Map([...this.#collections].map(([name, docs]) => [name, new Map(docs)]));
    this.#depth++;
    try {
      return fn();
    } catch (error) {
      this.#collections = snapshot;
      throw error;
    } finally {
      this.#depth--;
    }
  }

  get<T>(collection: string, key: string): T | undefined {
    const text = this.#collections.get(collection)?.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  put(collection: string, key: string, value: unknown): void {
    const docs = this.#collections.get(collection) ?? new Map<string, string>();
    this.#collections.set(collection, docs);
    docs.set(key, JSON.stringify(value));
  }

  delete(collection: string, key: string): boolean {
    return this.#collections.get(collection)?.delete(key) ?? false;
  }

  list<T>(collection: string, options: { prefix?: string } = {}): T[] {
    const docs = this.#collections.get(collection);
    if (!docs) return [];
    const prefix = options.prefix ?? '';
    return [...docs.keys()]
      .filter((key) => key.startsWith(prefix))
      .sort()
      .map((key) => JSON.parse(docs.get(key)!) as T);
  }

  close(): void {
    this.#collections.clear();
  }
}
