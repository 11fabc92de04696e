import { arnBuilders } from '../../engines/arn/index.js';
import type { Clock, Random, Sealer } from '../../ports/index.js';
import { type KeyDocument, sealLabel } from './domain/key-document.js';
import {
  type AwsManagedKeyService,
  awsManagedKeyDescription,
  awsManagedKeyPolicy,
} from './domain/key-policies.js';
import { uuidFrom } from './domain/key-reference.js';
import type { KmsStore } from './store.js';

export interface KeyFactoryDeps {
  readonly store: KmsStore;
  readonly sealer: Sealer;
  readonly clock: Clock;
  readonly random: Random;
  readonly partition: string;
}

export type KeyFields = Pick<KeyDocument, 'description' | 'keyManager' | 'policy' | 'tags'>;

/**
 * Makes keys: a random UUID key id, 256 bits of fresh key material sealed under the master key at once (the
 * plaintext material is zeroed and never stored), and the AWS managed keys of Secrets Manager and SSM on first use.
 */
export class KeyFactory {
  readonly #deps: KeyFactoryDeps;

  constructor(deps: KeyFactoryDeps) {
    this.#deps = deps;
  }

  /** A new, enabled key of `account` and `region`; the caller stores it. */
  newKey(account: string, region: string, fields: KeyFields): KeyDocument {
    const keyId = uuidFrom(this.#deps.random.bytes(16));
    const arn = arnBuilders.kmsKey(this.#deps.partition, region, account, keyId);
    const material = this.#deps.random.bytes(32);
    const sealed = this.#deps.sealer.seal(material, sealLabel(arn));
    material.fill(0);
    const createdAt = this.#deps.clock.now().toISOString();
    return { keyId, arn, account, region, createdAt, state: 'Enabled', material: sealed, ...fields };
  }

  /**
   * The AWS managed key `alias/aws/<service>` of an account and region, created with its alias on first use
   * (ref aws-iam-and-protocols §1.12). Its policy lets the account use it only through that service, and never changes.
   */
  ensureAwsManaged(account: string, region: string, service: AwsManagedKeyService): KeyDocument {
    const { store, partition } = this.#deps;
    const aliasName = `alias/aws/${service}`;
    return store.transaction(() => {
      const alias = store.alias(account, region, aliasName);
      const existing = alias && store.key(account, region, alias.targetKeyId);
      if (existing) return existing;
      const key = this.newKey(account, region, {
        description: awsManagedKeyDescription(service),
        keyManager: 'AWS',
        policy: awsManagedKeyPolicy(service, partition, account, region),
        tags: [],
      });
      const now = this.#deps.clock.now().toISOString();
      store.putKey(key);
      store.putAlias({
        aliasName,
        aliasArn: arnBuilders.kmsAlias(partition, region, account, aliasName),
        targetKeyId: key.keyId,
        account,
        region,
        createdAt: now,
        updatedAt: now,
      });
      return key;
    });
  }
}
