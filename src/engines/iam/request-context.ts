/**
 * The request context that conditions and policy variables read: condition keys with their values. Keys are
 * case-insensitive (`aws:SourceIp` ≡ `AWS:SOURCEIP`, tag keys included), so they are stored lower-cased.
 * A value is a string, or a list for multivalued keys (`aws:TagKeys`, `aws:CalledVia`).
 * reference/aws-iam-and-protocols.md §1.9 and §1.11.
 */
export type ContextValue = string | readonly string[];

export class RequestContext {
  readonly #values = new Map<string, ContextValue>();

  constructor(values: Record<string, ContextValue | number | boolean | undefined> = {}) {
    for (const [key, value] of Object.entries(values)) {
      if (value !== undefined) this.#values.set(key.toLowerCase(), normalise(value));
    }
  }

  get(key: string): ContextValue | undefined {
    return this.#values.get(key.toLowerCase());
  }

  /** A new context with these keys set (or replaced); this one is left as it is. */
  with(values: Record<string, ContextValue | number | boolean | undefined>): RequestContext {
    const next = new RequestContext();
    for (const [key, value] of this.#values) next.#values.set(key, value);
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) next.#values.delete(key.toLowerCase());
      else next.#values.set(key.toLowerCase(), normalise(value));
    }
    return next;
  }

  entries(): IterableIterator<[string, ContextValue]> {
    return this.#values.entries();
  }
}

function normalise(value: ContextValue | number | boolean): ContextValue {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}
