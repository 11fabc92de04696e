import { type Persistence, type Scope, ScopedCollection } from '../../ports/index.js';
import type { ParameterDocument } from './domain/parameter-document.js';
import { nameKey } from './domain/parameter-name.js';

export const ssmCollections = { parameters: 'ssm.parameters' } as const;

/**
 * Parameters on the Persistence port, per account and region, by name without its leading slash (`x` and `/x` are
 * one parameter, as their one ARN says), each with its versions and tags in one document. A SecureString version
 * holds KMS's ciphertext only (secure-values.ts).
 */
export class ParameterStore {
  readonly #persistence: Persistence;
  readonly #parameters: ScopedCollection<ParameterDocument>;

  constructor(persistence: Persistence) {
    this.#persistence = persistence;
    this.#parameters = new ScopedCollection(persistence, ssmCollections.parameters);
  }

  transaction<T>(fn: () => T): T {
    return this.#persistence.transaction(fn);
  }

  parameter(scope: Scope, name: string): ParameterDocument | undefined {
    return this.#parameters.get(scope, nameKey(name));
  }

  put(parameter: ParameterDocument): void {
    this.#parameters.put(parameter, nameKey(parameter.name), parameter);
  }

  delete(scope: Scope, name: string): boolean {
    return this.#parameters.delete(scope, nameKey(name));
  }

  /** The scope's parameters in key order (names without their leading slash). */
  list(scope: Scope): ParameterDocument[] {
    return this.#parameters.list(scope);
  }
}
