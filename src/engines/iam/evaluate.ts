import { tryParseArn } from '../arn/index.js';
import type { Policy, PolicyKind, Statement } from './policy.js';
import type { RequestPrincipal } from './principal.js';
import { type PrincipalMatch, strongerMatch } from './principal-element.js';
import type { RequestContext } from './request-context.js';

/** Where a policy sits relative to the request. Trust and key policies are the `resource` policy of their request. */
export type PolicyType = 'identity' | 'resource' | 'boundary' | 'session';

export interface PolicySet {
  /** The caller's identity-based policies (inline and managed); none for root, services and anonymous callers. */
  identity?: readonly Policy[];
  /** The resource's own policy: a secret's resource policy, a role's trust policy, a KMS key policy. */
  resource?: Policy;
  /** The caller's permissions boundary, if it has one. */
  boundary?: Policy;
  /** Session policies passed when the caller's session was made; undefined when none were passed. */
  session?: readonly Policy[];
}

export interface EvaluationRequest {
  principal: RequestPrincipal;
  /** `service:Action`, e.g. `secretsmanager:GetSecretValue`. */
  action: string;
  /** The resource ARN, or `*` for actions that take none. */
  resource: string;
  /** The account that owns the resource; by default the ARN's account, else the caller's. */
  resourceAccount?: string;
  context: RequestContext;
}

export interface MatchedStatement {
  policyType: PolicyType;
  policyName?: string;
  sid?: string;
  index: number;
  effect: 'Allow' | 'Deny';
}

export type DecisionReason =
  | { kind: 'allowed' }
  | { kind: 'explicit-deny'; policyType: PolicyType }
  | { kind: 'implicit-deny'; policyType: PolicyType };

export interface Decision {
  result: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  reason: DecisionReason;
  /** The kind of the resource policy, which names it in AccessDenied texts ("role trust policy"). */
  resourcePolicyKind?: PolicyKind;
  /** Every statement that applied to the request, in every policy consulted. */
  matched: MatchedStatement[];
}

/**
 * Decides a request as AWS does, reference/aws-iam-and-protocols.md §1.1–§1.7:
 * an explicit deny in any policy wins; within one account the identity side and the resource policy are a union,
 * with the principal-type rules of §1.2; across accounts both sides must allow (§1.4); trust and key policies must
 * allow explicitly, an account principal there delegating to the caller's IAM policies (§1.3); a permissions boundary
 * and session policies limit what the identity side grants (§1.5, §1.6); the root user needs no identity policy (§1.7).
 */
export function evaluate(request: EvaluationRequest, policies: PolicySet): Decision {
  const matched: MatchedStatement[] = [];
  const hasBoundary = policies.boundary !== undefined;
  const { principal } = request;
  const identity = scan(policies.identity ?? [], 'identity', request, matched, hasBoundary);
  const resource = policies.resource
    ? scan([policies.resource], 'resource', request, matched, hasBoundary)
    : undefined;
  const boundary = policies.boundary
    ? scan([policies.boundary], 'boundary', request, matched, hasBoundary)
    : undefined;
  const session = policies.session
    ? scan(policies.session, 'session', request, matched, hasBoundary)
    : undefined;
  const resourcePolicyKind = policies.resource?.kind;
  const decide = (result: Decision['result'], reason: DecisionReason): Decision => ({
    result,
    reason,
    resourcePolicyKind,
    matched,
  });

  for (const [type, scanned] of [
    ['identity', identity],
    ['resource', resource],
    ['boundary', boundary],
    ['session', session],
  ] as const) {
    if (scanned?.denied) return decide('ExplicitDeny', { kind: 'explicit-deny', policyType: type });
  }

  const allow = decide('Allow', { kind: 'allowed' });
  const implicit = (type: PolicyType) => decide('ImplicitDeny', { kind: 'implicit-deny', policyType: type });
  const grant = resource?.allowedAs ?? 'none';

  // Service principals and anonymous callers have no identity side: only the resource policy can grant.
  if (principal.type === 'service' || principal.type === 'anonymous') {
    return grant !== 'none' ? allow : implicit('resource');
  }

  // What the caller's own account grants: identity policies (root needs none), limited by boundary and session.
  const sessionLimit = (): PolicyType | undefined => {
    if (boundary && boundary.allowedAs === 'none') return 'boundary';
    if (session && session.allowedAs === 'none') return 'session';
    return undefined;
  };
  const identityLimit = (): PolicyType | undefined =>
    principal.type !== 'root' && identity.allowedAs === 'none' ? 'identity' : sessionLimit();

  const resourceAccount = request.resourceAccount ?? accountOf(request.resource) ?? principal.account;
  const mustAllowExplicitly = resourcePolicyKind === 'trust' || resourcePolicyKind === 'key';

  if (resourceAccount !== principal.account) {
    const missing = identityLimit();
    if (missing) return implicit(missing);
    return grant !== 'none' ? allow : implicit('resource');
  }

  // Same account (§1.2): naming the caller directly grants on its own; naming its role leaves boundary and session
  // policy in force; naming the account delegates to IAM, as if the resource policy were silent.
  if (grant === 'direct') return allow;
  if (grant === 'wildcard') {
    // Undocumented: `"*"` names no session, so a session policy still limits it (as when the role is named), while
    // a boundary does not. This is what iam-simulate does; test/iam/differential.test.ts keeps us in step.
    const missing = session && session.allowedAs === 'none' ? 'session' : undefined;
    return missing ? implicit(missing) : allow;
  }
  if (grant === 'role') {
    const missing = sessionLimit();
    return missing ? implicit(missing) : allow;
  }
  if (mustAllowExplicitly && grant === 'none') return implicit('resource');
  const missing = identityLimit();
  return missing ? implicit(missing) : allow;
}

interface Scan {
  denied: boolean;
  /** The strongest way an Allow statement named the caller; `direct` for policies without principals. */
  allowedAs: PrincipalMatch;
}

function scan(
  policies: readonly Policy[],
  policyType: PolicyType,
  request: EvaluationRequest,
  matched: MatchedStatement[],
  hasBoundary: boolean,
): Scan {
  const result: Scan = { denied: false, allowedAs: 'none' };
  for (const policy of policies) {
    for (const statement of policy.statements) {
      const named = applies(statement, request, hasBoundary);
      if (named === 'none') continue;
      const { sid, index, effect } = statement;
      matched.push({ policyType, policyName: policy.name, sid, index, effect });
      if (effect === 'Deny') result.denied = true;
      else result.allowedAs = strongerMatch(result.allowedAs, named);
    }
  }
  return result;
}

function applies(statement: Statement, request: EvaluationRequest, hasBoundary: boolean): PrincipalMatch {
  if (!statement.matchesAction(request.action)) return 'none';
  if (!statement.matchesResource(request.resource, request.context)) return 'none';
  const named = statement.matchesPrincipal(request.principal, { hasBoundary });
  if (named === 'none') return 'none';
  return statement.conditionsHold(request.context) ? named : 'none';
}

function accountOf(resource: string): string | undefined {
  const account = tryParseArn(resource)?.account;
  return account ? account : undefined;
}
