import { isFrameworkError, type RequestContext } from '../../aws/index.js';
import { tryParseArn } from '../../engines/arn/index.js';
import type { Random } from '../../ports/index.js';
import { openBlob, readBlobHeader, sealBlob } from './domain/ciphertext-blob.js';
import type { EncryptionContext } from './domain/encryption-context.js';
import type { KeyDocument } from './domain/key-document.js';
import { kmsErrors } from './errors.js';
import type { KeyAccess } from './key-access.js';
import type { KeyMaterials } from './key-materials.js';
import type { KmsStore } from './store.js';

/** What every cryptographic request shares. `via` is set when another service calls as the caller. */
export interface CryptoRequest {
  readonly encryptionContext?: EncryptionContext;
  readonly via?: string;
  readonly dryRun?: boolean;
}

export interface EncryptRequest extends CryptoRequest {
  readonly keyId: string;
  readonly plaintext: Uint8Array;
}

export interface DecryptRequest extends CryptoRequest {
  readonly ciphertextBlob: Uint8Array;
  /** Optional for symmetric keys; when given it must name the key the blob names. */
  readonly keyId?: string;
}

export interface DataKeyRequest extends CryptoRequest {
  readonly keyId: string;
  readonly numberOfBytes: number;
}

export interface Encrypted {
  readonly keyArn: string;
  readonly ciphertextBlob: Uint8Array;
}

export interface Decrypted {
  readonly keyArn: string;
  readonly plaintext: Uint8Array;
}

const crossAccountWithAliases = { aliases: true, crossAccount: true } as const;

/**
 * Encrypt, Decrypt and GenerateDataKey with real AES-256-GCM under each key's own material. Order of checks as
 * KMS: find the key (NotFound), authorize against it (AccessDenied), then its state (Disabled, pending deletion).
 */
export class KeyCrypto {
  readonly #store: KmsStore;
  readonly #access: KeyAccess;
  readonly #materials: KeyMaterials;
  readonly #random: Random;

  constructor(store: KmsStore, access: KeyAccess, materials: KeyMaterials, random: Random) {
    this.#store = store;
    this.#access = access;
    this.#materials = materials;
    this.#random = random;
  }

  async encrypt(ctx: RequestContext, request: EncryptRequest): Promise<Encrypted> {
    const { key, requestAlias } = this.#access.resolve(ctx, request.keyId, crossAccountWithAliases);
    await this.#access.authorize(ctx, key, 'Encrypt', { ...request, requestAlias });
    return this.#seal(key, request, request.plaintext);
  }

  async generateDataKey(
    ctx: RequestContext,
    request: DataKeyRequest,
    action: string,
  ): Promise<Encrypted & Decrypted> {
    const { key, requestAlias } = this.#access.resolve(ctx, request.keyId, crossAccountWithAliases);
    await this.#access.authorize(ctx, key, action, { ...request, requestAlias });
    const plaintext = this.#random.bytes(request.numberOfBytes);
    return { ...this.#seal(key, request, plaintext), plaintext };
  }

  async decrypt(ctx: RequestContext, request: DecryptRequest): Promise<Decrypted> {
    const header = readBlobHeader(request.ciphertextBlob);
    if (!header) throw kmsErrors.invalidCiphertext();
    const key = this.#blobKey(ctx, header.keyArn);
    // The key comes from the blob: the request is authorized against that key's ARN (ref aws-iam-and-protocols §1.8, never `*`).
    // AWS's Decrypt denial deliberately does not say whether the key exists (ref aws-iam-and-protocols §1.12).
    if (!key) throw kmsErrors.decryptDenied();
    try {
      await this.#access.authorize(ctx, key, 'Decrypt', request);
    } catch (error) {
      throw isFrameworkError(error) && error.kind === 'accessDenied' ? kmsErrors.decryptDenied() : error;
    }
    if (request.keyId !== undefined) {
      const named = this.#access.resolve(ctx, request.keyId, crossAccountWithAliases).key;
      if (named.arn !== key.arn) throw kmsErrors.incorrectKey();
    }
    this.#checkUsable(key, request);
    const plaintext = openBlob(
      this.#materials.of(key),
      request.ciphertextBlob,
      request.encryptionContext ?? {},
    );
    if (!plaintext) throw kmsErrors.invalidCiphertext();
    return { keyArn: key.arn, plaintext };
  }

  #seal(key: KeyDocument, request: CryptoRequest, plaintext: Uint8Array): Encrypted {
    this.#checkUsable(key, request);
    const blob = sealBlob(
      this.#materials.of(key),
      key.arn,
      plaintext,
      request.encryptionContext ?? {},
      this.#random.bytes(12),
    );
    return { keyArn: key.arn, ciphertextBlob: blob };
  }

  /** Key state, then DryRun: a dry run answers as the real call would up to the point of doing the work. */
  #checkUsable(key: KeyDocument, request: CryptoRequest): void {
    if (key.state === 'Disabled') throw kmsErrors.disabled(key.arn);
    if (key.state === 'PendingDeletion') throw kmsErrors.pendingDeletion(key.arn);
    if (request.dryRun) throw kmsErrors.dryRun();
  }

  #blobKey(ctx: RequestContext, keyArn: string): KeyDocument | undefined {
    const arn = tryParseArn(keyArn);
    if (!arn || arn.region !== ctx.region || !arn.resource.startsWith('key/')) return undefined;
    return this.#store.key(arn.account, arn.region, arn.resource.slice(4));
  }
}
