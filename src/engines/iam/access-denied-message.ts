import type { Decision, EvaluationRequest, PolicyType } from './evaluate.js';

/**
 * AWS's AccessDenied text for a denied decision, reference/aws-iam-and-protocols.md §1.13:
 * `User: <principal> is not authorized to perform: <action> [on resource: <arn>] because no <policy> allows the
 * <action> action` or `… with an explicit deny in <a policy>`. A role trust policy is named as such. Some services
 * name the resource otherwise than by the ARN evaluated (`resourceName`). `*` is left out unless the service names it
 * (ECR does: `… ecr:GetAuthorizationToken on resource: * because …`, ref ecr §1.4).
 */
export function accessDeniedMessage(
  request: EvaluationRequest,
  decision: Decision,
  options: { resourceName?: string } = {},
): string {
  const { action, principal } = request;
  const resource = options.resourceName ?? request.resource;
  const on = resource === '*' && options.resourceName === undefined ? '' : ` on resource: ${resource}`;
  const head = `User: ${principal.arn} is not authorized to perform: ${action}${on}`;
  const { reason } = decision;
  if (reason.kind === 'allowed') throw new TypeError('accessDeniedMessage called for an allowed decision');
  const trust = decision.resourcePolicyKind === 'trust' && reason.policyType === 'resource';
  if (reason.kind === 'explicit-deny') {
    return `${head} with an explicit deny in ${trust ? 'the role trust policy' : withArticle[reason.policyType]}`;
  }
  const policy = trust ? 'role trust policy' : names[reason.policyType];
  return `${head} because no ${policy} allows the ${action} action`;
}

const names: Record<PolicyType, string> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
};

const withArticle: Record<PolicyType, string> = {
  identity: 'an identity-based policy',
  resource: 'a resource-based policy',
  boundary: 'a permissions boundary',
  session: 'a session policy',
};
