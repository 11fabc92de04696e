import type { Persistence } from './persistence.js';

export interface CachingPersistenceOptions {
  /** Roughly how many bytes of parsed documents to keep (string lengths, counted twice, plus a little per value). */
  readonly maxBytes?: number;
}

interface Entry {
  readonly value: unknown;
  readonly size: number;
}

const defaultMaxBytes = 32 * 1024 * 1024;

/**
 * A read cache in front of a Persistence: a document is parsed once and kept, deep-frozen, until a write to its
 * key; a list is kept until any write to its collection. Hot requests (GetSecretValue at thousands per second) read
 * the same few documents — the secret, its value, the KMS key — and SQLite plus JSON.parse was most of their cost.
 *
 * Sound only while every write to what is read here goes through here: `berth up` holds the state dir's lock, and
 * a collection that another process writes (registry users and grants, by `berth registry`) must be read through a
 * Persistence of its own, uncached. A transaction that throws drops the whole cache, since reads inside it may have
 * seen writes that were rolled back. Returned documents are frozen (the services treat documents as values and write changed copies);
 * returned lists are fresh arrays, which callers may sort.
 */
export class CachingPersistence implements Persistence {
  readonly #inner: Persistence;
  readonly #maxBytes: number;
  /** Documents by `collection \0 key` and lists by `collection \0 \0 prefix`, oldest first (eviction order). */
  readonly #entries = new Map<string, Entry>();
  /** The cached list keys of each collection, dropped on any write to it. */
  readonly #lists = new Map<string, Set<string>>();
  #bytes = 0;

  constructor(inner: Persistence, options: CachingPersistenceOptions = {}) {
    this.#inner = inner;
    this.#maxBytes = options.maxBytes ?? defaultMaxBytes;
  }

  transaction<T>(fn: () => T): T {
    try {
      return this.#inner.transaction(fn);
    } catch (error) {
      this.#clear();
      throw error;
    }
  }

  get<T>(collection: string, key: string): T | undefined {
    const id = `${collection}\0${key}`;
    const hit = this.#entries.get(id);
    if (hit) return hit.value as T | undefined;
    const value = this.#inner.get<T>(collection, key);
    this.#remember(id, value, id.length + (value === undefined ? 0 : deepFreeze(value)));
    return value;
  }

  put(collection: string, key: string, value: unknown): void {
    this.#forget(collection, key);
    this.#inner.put(collection, key, value);
  }

  delete(collection: string, key: string): boolean {
    this.#forget(collection, key);
    return this.#inner.delete(collection, key);
  }

  list<T>(collection: string, options: { prefix?: string } = {}): T[] {
    const id = `${collection}\0\0${options.prefix ?? ''}`;
    const hit = this.#entries.get(id);
    if (hit) return (hit.value as T[]).slice();
    const documents = this.#inner.list<T>(collection, options);
    let size = id.length;
    for (const document of documents) size += deepFreeze(document);
    if (this.#remember(id, Object.freeze(documents.slice()), size)) {
      const keys = this.#lists.get(collection) ?? new Set<string>();
      keys.add(id);
      this.#lists.set(collection, keys);
    }
    return documents;
  }

  close(): void {
    this.#clear();
    this.#inner.close();
  }

  /** Keeps an entry unless it alone would take more than an eighth of the budget; evicts the oldest to fit. */
  #remember(id: string, value: unknown, size: number): boolean {
    if (size > this.#maxBytes / 8) return false;
    this.#entries.set(id, { value, size });
    this.#bytes += size;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.size;
    }
    return true;
  }

  /** Before a write: the document's entry and every cached list of its collection. */
  #forget(collection: string, key: string): void {
    this.#drop(`${collection}\0${key}`);
    const lists = this.#lists.get(collection);
    if (!lists) return;
    this.#lists.delete(collection);
    for (const id of lists) this.#drop(id);
  }

  #drop(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    this.#bytes -= entry.size;
  }

  #clear(): void {
    this.#entries.clear();
    this.#lists.clear();
    this.#bytes = 0;
  }
}

/** Freezes a parsed JSON value and everything in it; returns its approximate size in bytes. */
function deepFreeze(value: unknown): number {
  if (typeof value === 'string') return 16 + value.length * 2;
  if (typeof value !== 'object' || value === null) return 16;
  let size = 32;
  if (Array.isArray(value)) {
    for (const item of value) size += deepFreeze(item);
  } else {
    for (const key in value) size += key.length * 2 + deepFreeze((value as Record<string, unknown>)[key]);
  }
  Object.freeze(value);
  return size;
}
