import { type Persistence, type Scope, ScopedCollection } from '../../ports/index.js';
import type { SecretDocument, ValueDocument } from './domain/secret-document.js';
import { secretsErrors } from './errors.js';

const values = 'secretsmanager.values';

/**
 * Secrets on the Persistence port: metadata per account and region by name, each version's encrypted value under
 * `${secretArn}#${versionId}` (an ARN never contains `#`, so a secret's values share one prefix that no other
 * secret's can). A secret whose recovery window has passed is gone: reading it removes it and its values.
 */
export class SecretStore {
  readonly #persistence: Persistence;
  readonly #secrets: ScopedCollection<SecretDocument>;
  readonly #now: () => Date;

  constructor(persistence: Persistence, now: () => Date) {
    this.#persistence = persistence;
    this.#secrets = new ScopedCollection(persistence, 'secretsmanager.secrets');
    this.#now = now;
  }

  transaction<T>(fn: () => T): T {
    return this.#persistence.transaction(fn);
  }

  secret(account: string, region: string, name: string): SecretDocument | undefined {
    const secret = this.#secrets.get({ account, region }, name);
    if (secret && this.#expired(secret)) {
      this.remove(secret);
      return undefined;
    }
    return secret;
  }

  /** The stored key of the secret named `name` in `scope`: what identifies it for as long as it exists. */
  secretKey(scope: Scope, name: string): string {
    return this.#secrets.key(scope, name);
  }

  putSecret(secret: SecretDocument): void {
    this.#secrets.put(secret, secret.name, secret);
  }

  /**
   * Changes a secret atomically: re-reads it inside the transaction (so a concurrent change is kept) and fails with
   * ResourceNotFoundException if it is gone or was deleted and re-created meanwhile (another ARN).
   */
  update(secret: SecretDocument, change: (fresh: SecretDocument) => SecretDocument): SecretDocument {
    return this.transaction(() => {
      const fresh = this.secret(secret.account, secret.region, secret.name);
      if (!fresh || fresh.arn !== secret.arn) throw secretsErrors.notFound();
      const next = change(fresh);
      this.putSecret(next);
      return next;
    });
  }

  /** Removes a secret and every value it had. */
  remove(secret: SecretDocument): void {
    this.transaction(() => {
      for (const version of secret.versions) this.deleteValue(secret.arn, version.versionId);
      this.#secrets.delete(secret, secret.name);
    });
  }

  secrets(account: string, region: string): SecretDocument[] {
    const all = this.#secrets.list({ account, region });
    const expired = all.filter((secret) => this.#expired(secret));
    for (const secret of expired) this.remove(secret);
    return expired.length === 0 ? all : all.filter((secret) => !expired.includes(secret));
  }

  value(arn: string, versionId: string): ValueDocument | undefined {
    return this.#persistence.get<ValueDocument>(values, `${arn}#${versionId}`);
  }

  putValue(arn: string, versionId: string, value: ValueDocument): void {
    this.#persistence.put(values, `${arn}#${versionId}`, value);
  }

  deleteValue(arn: string, versionId: string): void {
    this.#persistence.delete(values, `${arn}#${versionId}`);
  }

  #expired(secret: SecretDocument): boolean {
    return secret.deletionDate !== undefined && this.#now() >= new Date(secret.deletionDate);
  }
}
