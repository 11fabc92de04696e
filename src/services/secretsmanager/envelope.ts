import { createCipheriv, createDecipheriv } from 'node:crypto';
import { isFrameworkError, isServiceError, type RequestContext } from '../../aws/index.js';
import type { Random } from '../../ports/index.js';
import type { ValueDocument } from './domain/secret-document.js';
import { type SecretValue, valueBytes, valueFromBytes } from './domain/secret-value.js';
import { secretsErrors } from './errors.js';
import type { KmsPort } from './kms-port.js';

/** Where a value is encrypted: the secret, and its KMS key as the caller gave it (absent: `aws/secretsmanager`). */
export interface EnvelopeTarget {
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  readonly kmsKeyId?: string;
}

export interface Sealed {
  readonly keyArn: string;
  readonly awsManagedKey: boolean;
  readonly document: ValueDocument;
}

/** KMS errors that mean "the key cannot be used now", as opposed to "you may not use it". */
const keyUnusable = new Set([
  'NotFoundException',
  'DisabledException',
  'KMSInvalidStateException',
  'InvalidCiphertextException',
  'IncorrectKeyException',
  'InvalidKeyUsageException',
  'InvalidArnException',
]);

/**
 * Envelope encryption as Secrets Manager does it (ref aws-iam-and-protocols §1.12): per version, GenerateDataKey (AES-256) *as the
 * caller* with the encryption context {SecretARN, SecretVersionId}; the value is sealed with the data key
 * (AES-256-GCM, the plaintext key zeroed at once) and only the KMS-encrypted data key is kept. Reading calls KMS
 * Decrypt as the caller with the same context. When KMS denies, the caller gets "Access to KMS is not allowed".
 */
export class Envelope {
  readonly #kms: KmsPort;
  readonly #random: Random;

  constructor(kms: KmsPort, random: Random) {
    this.#kms = kms;
    this.#random = random;
  }

  async seal(
    ctx: RequestContext,
    target: EnvelopeTarget,
    versionId: string,
    value: SecretValue,
  ): Promise<Sealed> {
    const keyId = target.kmsKeyId ?? (await this.#kms.awsManagedKeyArn(target.account, target.region));
    const dataKey = await this.#kms
      .generateDataKey(ctx, { keyId, encryptionContext: context(target.arn, versionId) })
      .catch((error: unknown) => rethrow(error, 'encrypt'));
    const key = Buffer.from(dataKey.plaintext);
    try {
      const iv = this.#random.bytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(additionalData(target.arn, versionId, value.type));
      const body = Buffer.concat([cipher.update(valueBytes(value)), cipher.final()]);
      return {
        keyArn: dataKey.keyArn,
        awsManagedKey: target.kmsKeyId === undefined,
        document: {
          type: value.type,
          dataKey: Buffer.from(dataKey.ciphertextBlob).toString('base64'),
          sealed: Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64'),
        },
      };
    } finally {
      key.fill(0);
      dataKey.plaintext.fill(0);
    }
  }

  async open(
    ctx: RequestContext,
    arn: string,
    versionId: string,
    document: ValueDocument,
  ): Promise<SecretValue> {
    const dataKey = await this.#kms
      .decrypt(ctx, {
        ciphertextBlob: Buffer.from(document.dataKey, 'base64'),
        encryptionContext: context(arn, versionId),
      })
      .catch((error: unknown) => rethrow(error, 'decrypt'));
    const key = Buffer.from(dataKey.plaintext);
    try {
      const bytes = Buffer.from(document.sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAAD(additionalData(arn, versionId, document.type));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      const plain = decipher.update(bytes.subarray(12, bytes.length - 16));
      decipher.final(); // GCM: checks the tag, releases nothing
      const value = valueFromBytes(document.type, plain);
      plain.fill(0); // the value holds its own copy
      return value;
    } catch {
      throw secretsErrors.decryptionFailure();
    } finally {
      key.fill(0);
      dataKey.plaintext.fill(0);
    }
  }

  /**
   * Checks that the caller can use a key before the secret is bound to it, as Secrets Manager does when a key is
   * set or changed: a data key request with `SecretVersionId = RequestToValidateKeyAccess` (ref aws-iam-and-protocols §1.12).
   */
  async validateKey(ctx: RequestContext, target: EnvelopeTarget): Promise<void> {
    const keyId = target.kmsKeyId ?? (await this.#kms.awsManagedKeyArn(target.account, target.region));
    const dataKey = await this.#kms
      .generateDataKey(ctx, { keyId, encryptionContext: context(target.arn, 'RequestToValidateKeyAccess') })
      .catch((error: unknown) => rethrow(error, 'encrypt'));
    dataKey.plaintext.fill(0);
  }
}

function context(arn: string, versionId: string): Record<string, string> {
  return { SecretARN: arn, SecretVersionId: versionId };
}

/** Binds a sealed value to its secret, version and type, so it cannot be swapped with another's. */
function additionalData(arn: string, versionId: string, type: string): Buffer {
  return Buffer.from(`secretsmanager\n${arn}\n${versionId}\n${type}`, 'utf8');
}

function rethrow(error: unknown, direction: 'encrypt' | 'decrypt'): never {
  if (isFrameworkError(error) && error.kind === 'accessDenied') throw secretsErrors.kmsDenied();
  if (isServiceError(error) && keyUnusable.has(error.code)) {
    throw direction === 'encrypt' ? secretsErrors.encryptionFailure() : secretsErrors.decryptionFailure();
  }
  throw error;
}
