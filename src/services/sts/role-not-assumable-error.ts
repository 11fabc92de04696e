import { BerthError } from '../../errors/index.js';

/** Why a service principal could not assume a role. */
export type RoleNotAssumableReason = 'role-not-found' | 'trust-policy-denied';

/**
 * The internal service path (assumeRoleForService) refused: the role does not exist, or its trust policy does not
 * allow the service principal in this context (e.g. an `aws:SourceAccount` condition for another account). The ECS
 * agent turns it into ECS's stoppedReason "ECS was unable to assume the role '<arn>' that was provided for this
 * task. …" (reference/ecs-private-auth.md); `reason` and `detail` say which, for `berth doctor` and the logs.
 */
export class RoleNotAssumableError extends BerthError {
  readonly roleArn: string;
  readonly reason: RoleNotAssumableReason;
  /** The IAM text of the refusal, e.g. "… because no role trust policy allows the sts:AssumeRole action". */
  readonly detail: string;

  constructor(roleArn: string, reason: RoleNotAssumableReason, detail: string) {
    super('BERTH_ROLE_NOT_ASSUMABLE', `role ${roleArn} cannot be assumed: ${detail}`);
    this.name = 'RoleNotAssumableError';
    this.roleArn = roleArn;
    this.reason = reason;
    this.detail = detail;
  }
}
