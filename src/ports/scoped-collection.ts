/**
 * A collection of documents per account (and per region, for a regional service) on the Persistence port, so no
 * store writes `${account}/${region}/…` by hand: LocalStack's AccountRegionBundle. The stored keys are
 * `<account>/<region>/<key>` for a regional collection and `<account>/<key>` for a global one (IAM, STS): the format
 * state dirs were written in, pinned by test/state/stored-keys.test.ts. One scope's keys share a prefix that no
 * other scope's can have, because account ids and region names never contain `/`.
 */
import { BerthError } from '../errors/index.js';
import type { Persistence } from './persistence.js';

/** Where a document lives. A document with `account` and `region` members is its own scope. */
export interface Scope {
  readonly account: string;
  readonly region?: string;
}

export class ScopedCollection<T> {
  readonly name: string;
  readonly #p: Persistence;
  readonly #regional: boolean;

  /** `regional: false` for a global service's collection: the region, if a scope has one, is not part of keys. */
  constructor(persistence: Persistence, name: string, options: { regional?: boolean } = {}) {
    this.#p = persistence;
    this.name = name;
    this.#regional = options.regional ?? true;
  }

  get(scope: Scope, key: string): T | undefined {
    return this.#p.get<T>(this.name, this.key(scope, key));
  }

  /** Inserts or replaces. */
  put(scope: Scope, key: string, value: T): void {
    this.#p.put(this.name, this.key(scope, key), value);
  }

  /** Returns whether there was a document to delete. */
  delete(scope: Scope, key: string): boolean {
    return this.#p.delete(this.name, this.key(scope, key));
  }

  /** The scope's documents in key order, optionally only those whose key starts with `keyPrefix`. */
  list(scope: Scope, keyPrefix = ''): T[] {
    return this.#p.list<T>(this.name, { prefix: this.key(scope, keyPrefix) });
  }

  /** The stored key of `key` in `scope`. */
  key(scope: Scope, key: string): string {
    if (!this.#regional) return `${scope.account}/${key}`;
    if (scope.region === undefined) {
      throw new BerthError('BERTH_INTERNAL', `${this.name} is kept per region, but no region was given`);
    }
    return `${scope.account}/${scope.region}/${key}`;
  }
}
