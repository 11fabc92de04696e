import { type Persistence, ScopedCollection } from '../../ports/index.js';
import { type AliasDocument, isDeleted, type KeyDocument } from './domain/key-document.js';

/**
 * KMS state on the Persistence port, per account and region: keys by key id, aliases by alias name. A key whose deletion date has passed is gone: reading it removes it and the
 * aliases that point at it, which is what "deleted after the waiting period" means without a background job.
 */
export class KmsStore {
  readonly #persistence: Persistence;
  readonly #keys: ScopedCollection<KeyDocument>;
  readonly #aliases: ScopedCollection<AliasDocument>;
  readonly #now: () => Date;
  readonly #onKeyChange: (keyArn: string) => void;

  /** `onKeyChange` hears of every write to a key, its deletion included (what is kept per key must go). */
  constructor(persistence: Persistence, now: () => Date, onKeyChange: (keyArn: string) => void = () => {}) {
    this.#persistence = persistence;
    this.#keys = new ScopedCollection(persistence, 'kms.keys');
    this.#aliases = new ScopedCollection(persistence, 'kms.aliases');
    this.#now = now;
    this.#onKeyChange = onKeyChange;
  }

  transaction<T>(fn: () => T): T {
    return this.#persistence.transaction(fn);
  }

  key(account: string, region: string, keyId: string): KeyDocument | undefined {
    const key = this.#keys.get({ account, region }, keyId);
    if (key && isDeleted(key, this.#now())) {
      this.#purge(key);
      return undefined;
    }
    return key;
  }

  putKey(key: KeyDocument): void {
    this.#onKeyChange(key.arn);
    this.#keys.put(key, key.keyId, key);
  }

  keys(account: string, region: string): KeyDocument[] {
    const now = this.#now();
    const all = this.#keys.list({ account, region });
    const live = all.filter((key) => !isDeleted(key, now));
    if (live.length !== all.length) {
      this.transaction(() => {
        for (const key of all) if (isDeleted(key, now)) this.#purge(key);
      });
    }
    return live;
  }

  alias(account: string, region: string, aliasName: string): AliasDocument | undefined {
    const alias = this.#aliases.get({ account, region }, aliasName);
    if (alias && !this.key(account, region, alias.targetKeyId)) return undefined;
    return alias;
  }

  putAlias(alias: AliasDocument): void {
    this.#aliases.put(alias, alias.aliasName, alias);
  }

  deleteAlias(account: string, region: string, aliasName: string): boolean {
    return this.#aliases.delete({ account, region }, aliasName);
  }

  aliases(account: string, region: string): AliasDocument[] {
    const live = new Set(this.keys(account, region).map((key) => key.keyId));
    return this.#aliases.list({ account, region }).filter((alias) => live.has(alias.targetKeyId));
  }

  /** The aliases that point at a key (for kms:ResourceAliases and ListAliases?KeyId). */
  aliasesOf(key: KeyDocument): AliasDocument[] {
    return this.#aliases.list(key).filter((alias) => alias.targetKeyId === key.keyId);
  }

  #purge(key: KeyDocument): void {
    this.transaction(() => {
      for (const alias of this.aliasesOf(key)) this.deleteAlias(key.account, key.region, alias.aliasName);
      this.#onKeyChange(key.arn);
      this.#keys.delete(key, key.keyId);
    });
  }
}
