import { type Persistence, ScopedCollection } from '../../ports/index.js';
import type { PullThroughRuleDocument } from './domain/pull-through-rule.js';
import type { RepositoryDocument } from './domain/repository-document.js';

/** ECR repositories per (account, region), keyed by name. Their images are the registry's (see image-store.ts). */
export class RepositoryStore {
  readonly #repositories: ScopedCollection<RepositoryDocument>;

  constructor(persistence: Persistence) {
    this.#repositories = new ScopedCollection(persistence, 'ecr-repositories');
  }

  get(account: string, region: string, name: string): RepositoryDocument | undefined {
    return this.#repositories.get({ account, region }, name);
  }

  put(repository: RepositoryDocument): void {
    this.#repositories.put(repository, repository.name, repository);
  }

  delete(repository: RepositoryDocument): void {
    this.#repositories.delete(repository, repository.name);
  }

  /** In name order. */
  list(account: string, region: string): RepositoryDocument[] {
    return this.#repositories.list({ account, region });
  }
}

/** Pull-through cache rules per (account, region), keyed by their prefix (ref ecr §1.3). */
export class PullThroughRuleStore {
  readonly #rules: ScopedCollection<PullThroughRuleDocument>;

  constructor(persistence: Persistence) {
    this.#rules = new ScopedCollection(persistence, 'ecr-pull-through-rules');
  }

  get(account: string, region: string, prefix: string): PullThroughRuleDocument | undefined {
    return this.#rules.get({ account, region }, prefix);
  }

  put(rule: PullThroughRuleDocument): void {
    this.#rules.put(rule, rule.ecrRepositoryPrefix, rule);
  }

  delete(rule: PullThroughRuleDocument): void {
    this.#rules.delete(rule, rule.ecrRepositoryPrefix);
  }

  /** In prefix order. */
  list(account: string, region: string): PullThroughRuleDocument[] {
    return this.#rules.list({ account, region });
  }
}
