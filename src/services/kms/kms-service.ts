import {
  type JsonServiceDefinition,
  type RequestContext,
  type ServiceDeps,
  withOperations,
} from '../../aws/index.js';
import { AliasManager } from './alias-manager.js';
import type { EncryptionContext } from './domain/encryption-context.js';
import type { AwsManagedKeyService } from './domain/key-policies.js';
import { kmsEngineErrors } from './errors.js';
import { kmsOperations } from './handlers.js';
import { KeyAccess } from './key-access.js';
import { KeyCrypto } from './key-crypto.js';
import { KeyFactory } from './key-factory.js';
import { KeyManager } from './key-manager.js';
import { KeyMaterials } from './key-materials.js';
import { KeySettings } from './key-settings.js';
import { kmsRouting } from './kms-routing.js';
import { KmsStore } from './store.js';

/** KMS needs the shared ports only (accountId/region: where the AWS managed key is made when the caller names none). */
export type KmsDeps = ServiceDeps;

/** A data key for envelope encryption: the plaintext to use once and forget, and the blob to keep. */
export interface DataKey {
  readonly keyArn: string;
  readonly plaintext: Uint8Array;
  readonly ciphertextBlob: Uint8Array;
}

/**
 * KMS used by another service with the caller's own credentials (forward access, ref aws-iam-and-protocols §1.12): each call is
 * authorized for the caller of `ctx`, with `kms:ViaService = <via>.<region>.amazonaws.com`. Denials reject with
 * the FrameworkError `accessDenied`; other failures with KMS's ServiceErrors (NotFoundException, DisabledException,
 * KMSInvalidStateException, InvalidCiphertextException), exactly as KMS would answer that caller.
 */
export interface KmsAsCaller {
  encrypt(
    ctx: RequestContext,
    request: {
      readonly keyId: string;
      readonly via: string;
      readonly encryptionContext: EncryptionContext;
      readonly plaintext: Uint8Array;
    },
  ): Promise<{ readonly keyArn: string; readonly ciphertextBlob: Uint8Array }>;
  generateDataKey(
    ctx: RequestContext,
    request: {
      readonly keyId: string;
      readonly via: string;
      readonly encryptionContext: EncryptionContext;
      readonly numberOfBytes?: number;
    },
  ): Promise<DataKey>;
  decrypt(
    ctx: RequestContext,
    request: {
      readonly ciphertextBlob: Uint8Array;
      readonly via: string;
      readonly encryptionContext: EncryptionContext;
    },
  ): Promise<{ readonly keyArn: string; readonly plaintext: Uint8Array }>;
}

export interface KmsService {
  readonly definition: JsonServiceDefinition;
  readonly asCaller: KmsAsCaller;
  /** The AWS managed key of `service` in an account and region (default: the deps'), created on first use. */
  ensureAwsManagedKey(
    service: AwsManagedKeyService,
    where?: { readonly account?: string; readonly region?: string },
  ): { readonly keyId: string; readonly arn: string };
}

/** KMS (AWS JSON 1.1, `TrentService`), ref aws-iam-and-protocols §4.4 and §1.12. */
export function createKmsService(deps: KmsDeps): KmsService {
  const now = () => deps.clock.now();
  const materials = new KeyMaterials(deps.sealer);
  const store = new KmsStore(deps.persistence, now, (keyArn) => materials.forget(keyArn));
  const common = { store, clock: deps.clock, partition: deps.partition };
  const factory = new KeyFactory({ ...common, sealer: deps.sealer, random: deps.random });
  const access = new KeyAccess(store, deps.authorizer, deps.partition, (account, region, service) =>
    factory.ensureAwsManaged(account, region, service),
  );
  const keys = new KeyManager({ ...common, access, factory });
  const settings = new KeySettings(keys, now);
  const aliases = new AliasManager({ ...common, access, authorizer: deps.authorizer });
  const crypto = new KeyCrypto(store, access, materials, deps.random);
  return {
    definition: withOperations(
      kmsRouting,
      kmsOperations({ keys, settings, aliases, crypto }),
      kmsEngineErrors,
    ),
    asCaller: {
      encrypt: (ctx, request) => crypto.encrypt(ctx, request),
      generateDataKey: (ctx, { numberOfBytes, ...request }) =>
        crypto.generateDataKey(ctx, { ...request, numberOfBytes: numberOfBytes ?? 32 }, 'GenerateDataKey'),
      decrypt: (ctx, request) => crypto.decrypt(ctx, request),
    },
    ensureAwsManagedKey: (service, where = {}) => {
      const key = factory.ensureAwsManaged(
        where.account ?? deps.accountId,
        where.region ?? deps.region,
        service,
      );
      return { keyId: key.keyId, arn: key.arn };
    },
  };
}
