import { type Persistence, ScopedCollection } from '../../ports/index.js';
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
