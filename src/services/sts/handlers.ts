import type { OperationSpec } from '../../aws/index.js';
import { assumeRole } from './assume-role.js';
import type { StsSessions } from './sessions.js';
import type { StsServiceDeps } from './sts-service-deps.js';

/** STS's operations by Query Action name (ref aws-iam-and-protocols §4.6). */
export function stsHandlers(deps: StsServiceDeps, sessions: StsSessions): Record<string, OperationSpec> {
  return {
    // Needs no permission and cannot be denied, even by an explicit deny (STS API reference, GetCallerIdentity).
    GetCallerIdentity: {
      authorize: 'none',
      handler: async (ctx) => ({
        UserId: ctx.caller.principal.userId,
        Account: ctx.caller.principal.accountId,
        Arn: ctx.caller.principal.arn,
      }),
    },
    // Authorized inside: the resource policy is the role's trust policy, known once the role is found.
    AssumeRole: assumeRole(deps, sessions),
  };
}
