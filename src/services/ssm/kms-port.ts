import type { RequestContext } from '../../aws/index.js';

/**
 * What Parameter Store needs from KMS. Defined here, implemented by the composition root over the KMS service (a
 * service never imports another; DESIGN.md). Every call is made *as the caller of `ctx`* with
 * `kms:ViaService = ssm.<region>.amazonaws.com`: Parameter Store encrypts a standard SecureString with KMS Encrypt
 * under the encryption context `{"PARAMETER_ARN": arn}` and decrypts it with Decrypt (Systems Manager User Guide,
 * "How AWS Systems Manager Parameter Store uses AWS KMS" [INF: not in the references]), so the caller needs
 * kms:Encrypt / kms:Decrypt on a customer managed key, and the AWS managed key `aws/ssm` works only this way.
 *
 * Failures reject as KMS would answer the caller: the FrameworkError `accessDenied`, or KMS's ServiceErrors.
 */
export interface SsmKmsPort {
  /** The ARN of `alias/aws/ssm` of this account and region, created on first use. */
  awsManagedKeyArn(account: string, region: string): Promise<string>;
  encrypt(
    ctx: RequestContext,
    request: {
      readonly keyId: string;
      readonly plaintext: Uint8Array;
      readonly encryptionContext: Readonly<Record<string, string>>;
    },
  ): Promise<{ readonly ciphertextBlob: Uint8Array }>;
  decrypt(
    ctx: RequestContext,
    request: {
      readonly ciphertextBlob: Uint8Array;
      readonly encryptionContext: Readonly<Record<string, string>>;
    },
  ): Promise<{ readonly plaintext: Uint8Array }>;
}
