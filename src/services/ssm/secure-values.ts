import { isFrameworkError, isServiceError, type RequestContext } from '../../aws/index.js';
import type { Random } from '../../ports/index.js';
import { defaultKeyAlias } from './domain/parameter-document.js';
import { ssmErrors } from './errors.js';
import type { SsmKmsPort } from './kms-port.js';

/**
 * SecureString values through KMS as the caller: the stored value is KMS's ciphertext blob (base64), bound to the
 * parameter by the encryption context `{"PARAMETER_ARN": arn}`. That blob is also what GetParameter shows without
 * WithDecryption, as AWS does: the plaintext never reaches Persistence, a log or an error.
 */
export class SecureValues {
  readonly #kms: SsmKmsPort;
  readonly #random: Random;

  constructor(kms: SsmKmsPort, random: Random) {
    this.#kms = kms;
    this.#random = random;
  }

  async encrypt(ctx: RequestContext, arn: string, keyId: string | undefined, value: string): Promise<string> {
    const plaintext = Buffer.from(value, 'utf8');
    try {
      const key =
        keyId === undefined || keyId === defaultKeyAlias
          ? await this.#kms.awsManagedKeyArn(ctx.accountId, ctx.region)
          : keyId;
      const { ciphertextBlob } = await this.#kms
        .encrypt(ctx, { keyId: key, plaintext, encryptionContext: context(arn) })
        .catch((error: unknown) => this.#rethrow(error));
      return Buffer.from(ciphertextBlob).toString('base64');
    } finally {
      plaintext.fill(0);
    }
  }

  async decrypt(ctx: RequestContext, arn: string, stored: string): Promise<string> {
    const { plaintext } = await this.#kms
      .decrypt(ctx, { ciphertextBlob: Buffer.from(stored, 'base64'), encryptionContext: context(arn) })
      .catch((error: unknown) => this.#rethrow(error));
    try {
      return Buffer.from(plaintext).toString('utf8');
    } finally {
      plaintext.fill(0);
    }
  }

  /** KMS's answer to the caller, in SSM's wording (errors.ts `kms`), with a request id of KMS's own. */
  #rethrow(error: unknown): never {
    if (isFrameworkError(error) && error.kind === 'accessDenied') {
      throw ssmErrors.kms('AccessDeniedException', error.message, this.#requestId());
    }
    if (isServiceError(error)) throw ssmErrors.kms(error.code, error.message, this.#requestId());
    throw error;
  }

  #requestId(): string {
    const hex = Buffer.from(this.#random.bytes(16)).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

function context(arn: string): Record<string, string> {
  return { PARAMETER_ARN: arn };
}
