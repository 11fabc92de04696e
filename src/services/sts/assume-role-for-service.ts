import { tagConditionKeys, tagsFromRecord } from '../../engines/aws-tags/index.js';
import {
  accessDeniedMessage,
  type EvaluationRequest,
  evaluate,
  principalContextKeys,
  RequestContext,
  type RequestPrincipal,
} from '../../engines/iam/index.js';
import { BerthError } from '../../errors/index.js';
import { assumeRoleConstraints, durationLimits } from './input/session-request.js';
import { RoleNotAssumableError } from './role-not-assumable-error.js';
import type { IssuedCredentials, StsSessions } from './sessions.js';
import type { StsServiceDeps } from './sts-service-deps.js';

export interface ServiceAssumeRoleRequest {
  readonly roleArn: string;
  /** The service principal that assumes the role, e.g. `ecs-tasks.amazonaws.com`. */
  readonly servicePrincipal: string;
  /** ECS uses the task id. */
  readonly sessionName: string;
  /** `aws:SourceAccount`: the account of the resource the service acts for (the task's account). */
  readonly sourceAccount: string;
  /** `aws:SourceArn`: that resource, e.g. `arn:aws:ecs:us-east-1:111122223333:task/cluster/0123…`. */
  readonly sourceArn: string;
  /** 900 up to the role's MaxSessionDuration; one hour by default. */
  readonly durationSeconds?: number;
}

/**
 * The internal, non-HTTP way a service principal assumes a role (what ECS does with a task's execution role):
 * decided by the IAM engine on the role's trust policy alone, a service principal having no identity policies
 * (ref aws-iam-and-protocols §1.1, §1.3), with the confused-deputy keys AWS sets for such calls (§1.11, §6): `aws:SourceAccount`,
 * `aws:SourceArn`, `aws:PrincipalServiceName`, `aws:PrincipalIsAWSService=true`. Refusals are
 * RoleNotAssumableError, saying whether the role is missing or its trust policy refused.
 */
export function assumeRoleForService(deps: StsServiceDeps, sessions: StsSessions) {
  return async (request: ServiceAssumeRoleRequest): Promise<IssuedCredentials> => {
    const { roleArn, servicePrincipal, sessionName } = request;
    if (
      !assumeRoleConstraints.sessionName.pattern.test(sessionName) ||
      sessionName.length < 2 ||
      sessionName.length > 64
    )
      throw new BerthError(
        'BERTH_INVALID_ARGUMENT',
        `session name '${sessionName}' is not 2–64 characters of [\\w+=,.@-]`,
      );
    const role = deps.roles.findRoleByArn(roleArn);
    if (!role)
      throw new RoleNotAssumableError(roleArn, 'role-not-found', `the role ${roleArn} does not exist`);

    const now = deps.clock.now();
    const principal: RequestPrincipal = { type: 'service', arn: servicePrincipal };
    const evaluation: EvaluationRequest = {
      principal,
      action: 'sts:AssumeRole',
      resource: role.arn,
      resourceAccount: role.accountId,
      context: new RequestContext({
        ...principalContextKeys(principal),
        'aws:SourceAccount': request.sourceAccount,
        'aws:SourceArn': request.sourceArn,
        'aws:CurrentTime': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
        'aws:RequestedRegion': deps.region,
        'aws:ResourceAccount': role.accountId,
        'sts:RoleSessionName': sessionName,
        ...tagConditionKeys.resource(tagsFromRecord(role.tags)),
      }),
    };
    const decision = evaluate(evaluation, { resource: role.trustPolicy });
    if (decision.result !== 'Allow')
      throw new RoleNotAssumableError(
        roleArn,
        'trust-policy-denied',
        accessDeniedMessage(evaluation, decision),
      );

    const seconds = request.durationSeconds ?? durationLimits.default;
    if (!Number.isInteger(seconds) || seconds < durationLimits.min || seconds > role.maxSessionDuration) {
      throw new BerthError(
        'BERTH_INVALID_ARGUMENT',
        `session duration ${seconds} s is outside ${durationLimits.min}–${role.maxSessionDuration} s for ${roleArn}`,
      );
    }
    return sessions.issue({ role, sessionName, durationSeconds: seconds, issuedTo: servicePrincipal });
  };
}
