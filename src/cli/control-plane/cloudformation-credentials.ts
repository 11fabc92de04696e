import type { CredentialLookup, StoredCredentials } from '../../aws/index.js';
import { Secret } from '../../errors/index.js';
import type { Random } from '../../ports/index.js';
import type { DeployPorts } from '../../services/cloudformation/index.js';
import type { IamService } from '../../services/iam/index.js';
import { RoleNotAssumableError, type StsService } from '../../services/sts/index.js';

/** The service principal CloudFormation assumes stack roles as (a RoleARN's trust policy must allow it). */
export const cloudformationPrincipal = 'cloudformation.amazonaws.com';

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The credentials stack operations act with, and the lookup that makes them valid at the gateway.
 *
 * With a RoleARN, STS's internal service path assumes it as cloudformation.amazonaws.com, the trust policy checked
 * as AWS does (a refusal is CloudFormation's "Role … is invalid or cannot be assumed"). Without one, CloudFormation
 * acts as the caller: a caller with a session acts with that session; a user or root gets a key of its own, known
 * only to this process, whose requests carry the caller's principal — so IAM evaluates the caller's policies, as for
 * the caller's own requests, and no secret of the caller is ever copied.
 */
export function cloudformationCredentials(services: {
  readonly iam: IamService;
  readonly sts: StsService;
  readonly random: Random;
}): { credentials: DeployPorts['credentials']; lookup: CredentialLookup } {
  const forwarded = new Map<string, StoredCredentials>();
  const pick = (alphabet: string, count: number) =>
    Array.from(services.random.bytes(count), (byte) => alphabet[byte & (alphabet.length - 1)]).join('');
  return {
    lookup: async (accessKeyId) => forwarded.get(accessKeyId),
    credentials: async ({ caller, account, roleArn }) => {
      if (roleArn !== undefined) {
        try {
          const issued = await services.sts.assumeRoleForService({
            roleArn,
            servicePrincipal: cloudformationPrincipal,
            sessionName: 'AWSCloudFormation',
            sourceAccount: account,
            sourceArn: `arn:aws:cloudformation:*:${account}:stack/*`,
          });
          return {
            accessKeyId: issued.accessKeyId,
            secretAccessKey: issued.secretAccessKey,
            sessionToken: issued.sessionToken,
          };
        } catch (error) {
          if (error instanceof RoleNotAssumableError) return undefined;
          throw error;
        }
      }
      if (caller.temporary) {
        const session = services.sts.findSession(caller.accessKeyId);
        if (session) {
          return {
            accessKeyId: session.accessKeyId,
            secretAccessKey: session.secretAccessKey,
            sessionToken: session.sessionToken,
          };
        }
      }
      const accessKeyId = `AKIA${pick(base32, 16)}`;
      const secretAccessKey = new Secret(pick(base64, 40));
      forwarded.set(accessKeyId, { secretAccessKey, principal: caller.principal });
      return { accessKeyId, secretAccessKey };
    },
  };
}
