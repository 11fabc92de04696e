import type { CredentialLookup, StoredCredentials } from '../../aws/index.js';
import type { IamService } from '../../services/iam/index.js';
import type { StsService } from '../../services/sts/index.js';

/**
 * Finds the credentials an access key id stands for: the account's root key, an STS session (`ASIA…`), or an IAM
 * user's key. An inactive user key authenticates nobody: AWS answers InvalidClientTokenId, as for an unknown key.
 */
export function callerCredentials(options: {
  root: StoredCredentials & { accessKeyId: string };
  iam: IamService;
  sts: StsService;
}): CredentialLookup {
  const { root, iam, sts } = options;
  return async (accessKeyId) => {
    if (accessKeyId === root.accessKeyId) return root;
    const session = sts.findSession(accessKeyId);
    if (session) return session;
    const key = iam.directory.findAccessKey(accessKeyId);
    return key?.status === 'Active' ? key : undefined;
  };
}
