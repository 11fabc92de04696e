import type { RequestContext } from '../../aws/index.js';

/** An encryption context: `{"SecretARN": arn, "SecretVersionId": versionId}` for Secrets Manager (ref aws-iam-and-protocols §1.12). */
export type KmsEncryptionContext = Readonly<Record<string, string>>;

/**
 * What Secrets Manager needs from KMS. Defined here, implemented by the composition root over the KMS service
 * (a service never imports another; DESIGN.md). Every call is made *as the caller of `ctx`*, with
 * `kms:ViaService = secretsmanager.<region>.amazonaws.com`: the caller needs kms:GenerateDataKey / kms:Decrypt on a
 * customer managed key (or the key policy must grant it), and the AWS managed key works only this way
 * (ref aws-iam-and-protocols §1.12).
 *
 * Failures reject as KMS would answer the caller: the FrameworkError `accessDenied` when KMS denies, otherwise
 * KMS's ServiceErrors (NotFoundException, DisabledException, KMSInvalidStateException, InvalidCiphertextException).
 */
export interface KmsPort {
  /** The ARN of `alias/aws/secretsmanager` of this account and region, created on first use. */
  awsManagedKeyArn(account: string, region: string): Promise<string>;
  /** A fresh 256-bit data key under `keyId` (key id, key ARN, alias name or alias ARN). */
  generateDataKey(
    ctx: RequestContext,
    request: { readonly keyId: string; readonly encryptionContext: KmsEncryptionContext },
  ): Promise<{
    readonly keyArn: string;
    readonly plaintext: Uint8Array;
    readonly ciphertextBlob: Uint8Array;
  }>;
  decrypt(
    ctx: RequestContext,
    request: { readonly ciphertextBlob: Uint8Array; readonly encryptionContext: KmsEncryptionContext },
  ): Promise<{ readonly keyArn: string; readonly plaintext: Uint8Array }>;
}
