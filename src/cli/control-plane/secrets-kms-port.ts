import type { KmsService } from '../../services/kms/index.js';
import type { KmsPort } from '../../services/secretsmanager/index.js';

/** Secrets Manager's KMS port over the KMS service: every call as the caller, via secretsmanager (ref aws-iam-and-protocols §1.12). */
export function secretsKmsPort(kms: KmsService): KmsPort {
  return {
    awsManagedKeyArn: async (account, region) =>
      kms.ensureAwsManagedKey('secretsmanager', { account, region }).arn,
    generateDataKey: (ctx, request) =>
      kms.asCaller.generateDataKey(ctx, { ...request, via: 'secretsmanager' }),
    decrypt: (ctx, request) => kms.asCaller.decrypt(ctx, { ...request, via: 'secretsmanager' }),
  };
}
