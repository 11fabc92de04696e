import type { CredentialLookup } from '../../aws/index.js';
import type { IamService } from '../../services/iam/index.js';
import type { StsService } from '../../services/sts/index.js';

/**
 * Finds the credentials an access key id stands for: an STS session (`ASIA…`) or an IAM user's key (the root key is
 * the composition's own). An inactive user key authenticates nobody: AWS answers InvalidClientTokenId, as for an
 * unknown key.
 */
export function callerCredentials(options: { iam: IamService; sts: StsService }): CredentialLookup {
  const { iam, sts } = options;
  return async (accessKeyId) => {
    const session = sts.findSession(accessKeyId);
    if (session) return session;
    const key = iam.directory.findAccessKey(accessKeyId);
    return key?.status === 'Active' ? key : undefined;
  };
}
