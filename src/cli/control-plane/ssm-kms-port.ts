import type { KmsService } from '../../services/kms/index.js';
import type { SsmKmsPort } from '../../services/ssm/index.js';

/** Parameter Store's KMS port over the KMS service: every call as the caller, via ssm (as secrets-kms-port.ts). */
export function ssmKmsPort(kms: KmsService): SsmKmsPort {
  return {
    awsManagedKeyArn: async (account, region) => kms.ensureAwsManagedKey('ssm', { account, region }).arn,
    encrypt: (ctx, request) => kms.asCaller.encrypt(ctx, { ...request, via: 'ssm' }),
    decrypt: (ctx, request) => kms.asCaller.decrypt(ctx, { ...request, via: 'ssm' }),
  };
}
