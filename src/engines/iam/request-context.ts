/**
 * The request context that conditions and policy variables read: condition keys with their values. Keys are
 * case-insensitive (`aws:SourceIp` ≡ `AWS:SOURCEIP`, tag keys included), so they are stored lower-cased.
 * A value is a string, or a list for multivalued keys (`aws:TagKeys`, `aws:CalledVia`).
 * reference/aws-iam-and-protocols.md §1.9 and §1.11.
 */
export type ContextValue = string | readonly string[];

/**
 * A value worked out only if a policy reads its key, and then once: most requests meet policies without
 * conditions, so formatting times or listing a key's aliases for every request would be wasted.
 */
export type LazyContextValue = () => ContextValue | undefined;

export type ContextInput = ContextValue | number | boolean | LazyContextValue | undefined;

/** Marks a key that this context leaves unset even though its base sets it. */
const absent = Symbol('absent');
type Stored = ContextValue | LazyContextValue | typeof absent;

export class RequestContext {
  readonly #values = new Map<string, Stored>();
  readonly #base: RequestContext | undefined;

  /**
   * `base`, when given, supplies the keys this context does not mention (an undefined value here unsets one), so
   * that what is the same for many requests — the caller's keys — is built once and shared, never copied.
   */
  constructor(values: Readonly<Record<string, ContextInput>> = {}, base?: RequestContext) {
    this.#base = base;
    for (const key of Object.keys(values)) {
      const value = values[key];
      if (value !== undefined) this.#values.set(lowerCase(key), normalise(value));
      else if (base) this.#values.set(lowerCase(key), absent);
    }
  }

  get(key: string): ContextValue | undefined {
    return this.#lookup(lowerCase(key));
  }

  /** A new context with these keys set (or replaced, or unset by undefined); this one is left as it is. */
  with(values: Readonly<Record<string, ContextInput>>): RequestContext {
    return new RequestContext(values, this);
  }

  /** Every key that has a value (lazy values worked out), lower-cased. */
  entries(): IterableIterator<[string, ContextValue]> {
    const all = new Map<string, ContextValue>(this.#base ? [...this.#base.entries()] : []);
    for (const key of this.#values.keys()) {
      const value = this.#lookup(key);
      if (value === undefined) all.delete(key);
      else all.set(key, value);
    }
    return all.entries();
  }

  #lookup(key: string): ContextValue | undefined {
    const stored = this.#values.get(key);
    if (stored === undefined) return this.#base === undefined ? undefined : this.#base.#lookup(key);
    if (stored === absent) return undefined;
    if (typeof stored !== 'function') return stored;
    const value = stored();
    this.#values.set(key, value === undefined ? absent : value);
    return value;
  }
}

/** Key names lower-cased, kept: the same few dozen names come with every request (bounded, as some carry tags). */
const lowered = new Map<string, string>();

function lowerCase(key: string): string {
  let lower = lowered.get(key);
  if (lower === undefined) {
    lower = key.toLowerCase();
    if (lowered.size < 10_000) lowered.set(key, lower);
  }
  return lower;
}

function normalise(value: ContextValue | number | boolean | LazyContextValue): Stored {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}
