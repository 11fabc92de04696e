import type { CallerIdentity, IdentityResolver } from '../../aws/index.js';
import { arnBuilders, tryParseArn } from '../../engines/arn/index.js';
import type { IamIdentity, IamService } from '../../services/iam/index.js';
import type { StsService, StsSession } from '../../services/sts/index.js';

/**
 * The caller's identity for IAM evaluation, from the IAM and STS state. A role session carries its role's policies,
 * boundary and tags — only while the role is still the one the session was made from (a deleted and recreated role
 * grants its old sessions nothing) — plus its session policies, session tags and issue time.
 *
 * An identity is made again only when what it is made of changes: the IAM directory and STS hand out the same
 * objects until an IAM write or a new session, so the identity (and the condition keys the authorizer derives from
 * it) is kept per session and role object, or per user object.
 */
export function callerIdentity(options: { iam: IamService; sts: StsService }): IdentityResolver {
  const { iam, sts } = options;
  const sessions = new WeakMap<StsSession, { role: IamIdentity | undefined; identity: CallerIdentity }>();
  const users = new WeakMap<IamIdentity, CallerIdentity>();
  return (caller): CallerIdentity => {
    const { arn, accountId } = caller.principal;
    const partition = tryParseArn(arn)?.partition;
    if (partition !== undefined && arn === arnBuilders.accountRoot(partition, accountId)) {
      return { principal: { type: 'root', arn, account: accountId }, identityPolicies: [] };
    }
    if (caller.temporary) {
      const session = sts.findSession(caller.accessKeyId);
      // The verifier found the session a moment ago; one gone since then grants nothing.
      if (!session) return { principal: { type: 'anonymous', arn: 'anonymous' }, identityPolicies: [] };
      const found = iam.directory.identityOf(session.roleArn);
      const role = found?.uniqueId === session.roleId ? found : undefined;
      const kept = sessions.get(session);
      if (kept && kept.role === role) return kept.identity;
      const identity: CallerIdentity = {
        principal: { type: 'assumed-role', arn, account: accountId, roleArn: session.roleArn },
        identityPolicies: role?.identityPolicies ?? [],
        boundary: role?.boundary,
        sessionPolicies: session.sessionPolicies,
        principalTags: { ...role?.tags, ...session.tags },
        tokenIssuedAt: session.issuedAt,
      };
      sessions.set(session, { role, identity });
      return identity;
    }
    const user = iam.directory.identityOf(arn);
    const kept = user && users.get(user);
    if (kept) return kept;
    const identity: CallerIdentity = {
      principal: { type: 'user', arn, account: accountId },
      identityPolicies: user?.identityPolicies ?? [],
      boundary: user?.boundary,
      principalTags: user?.tags,
    };
    if (user) users.set(user, identity);
    return identity;
  };
}
