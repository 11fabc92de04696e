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
  // Runs twice per GetSecretValue (secret, then key): no closures or tuples are made per call.
  const matched: MatchedStatement[] = [];
  const options = { hasBoundary: policies.boundary !== undefined };
  const { principal } = request;
  const identity = scan(policies.identity ?? [], 'identity', request, matched, options);
  const resource = policies.resource
    ? scan([policies.resource], 'resource', request, matched, options)
    : undefined;
  const boundary = policies.boundary
    ? scan([policies.boundary], 'boundary', request, matched, options)
    : undefined;
  const session = policies.session ? scan(policies.session, 'session', request, matched, options) : undefined;
  const kind = policies.resource?.kind;

  const denied: PolicyType | undefined = identity.denied
    ? 'identity'
    : resource?.denied
      ? 'resource'
      : boundary?.denied
        ? 'boundary'
        : session?.denied
          ? 'session'
          : undefined;
  if (denied) return decision('ExplicitDeny', { kind: 'explicit-deny', policyType: denied }, kind, matched);

  const grant = resource?.allowedAs ?? 'none';

  // Service principals and anonymous callers have no identity side: only the resource policy can grant.
  if (principal.type === 'service' || principal.type === 'anonymous') {
    return grant !== 'none' ? allowed(kind, matched) : implicitDeny('resource', kind, matched);
  }

  const resourceAccount = request.resourceAccount ?? accountOf(request.resource) ?? principal.account;
  const mustAllowExplicitly = kind === 'trust' || kind === 'key';

  if (resourceAccount !== principal.account) {
    const missing = identityLimit(principal, identity, boundary, session);
    if (missing) return implicitDeny(missing, kind, matched);
    return grant !== 'none' ? allowed(kind, matched) : implicitDeny('resource', kind, matched);
  }

  // Same account (§1.2): naming the caller directly grants on its own; naming its role leaves boundary and session
  // policy in force; naming the account delegates to IAM, as if the resource policy were silent.
  if (grant === 'direct') return allowed(kind, matched);
  if (grant === 'wildcard') {
    // Undocumented: `"*"` names no session, so a session policy still limits it (as when the role is named), while
    // a boundary does not. This is what iam-simulate does; test/iam/differential.test.ts keeps us in step.
    return session && session.allowedAs === 'none'
      ? implicitDeny('session', kind, matched)
      : allowed(kind, matched);
  }
  if (grant === 'role') {
    const missing = sessionLimit(boundary, session);
    return missing ? implicitDeny(missing, kind, matched) : allowed(kind, matched);
  }
  if (mustAllowExplicitly && grant === 'none') return implicitDeny('resource', kind, matched);
  const missing = identityLimit(principal, identity, boundary, session);
  return missing ? implicitDeny(missing, kind, matched) : allowed(kind, matched);
}

function decision(
  result: Decision['result'],
  reason: DecisionReason,
  resourcePolicyKind: PolicyKind | undefined,
  matched: MatchedStatement[],
): Decision {
  return { result, reason, resourcePolicyKind, matched };
}

const allowedReason: DecisionReason = Object.freeze({ kind: 'allowed' });

function allowed(kind: PolicyKind | undefined, matched: MatchedStatement[]): Decision {
  return decision('Allow', allowedReason, kind, matched);
}

function implicitDeny(type: PolicyType, kind: PolicyKind | undefined, matched: MatchedStatement[]): Decision {
  return decision('ImplicitDeny', { kind: 'implicit-deny', policyType: type }, kind, matched);
}

/** What limits the caller's own account's grant: a boundary or session policy that allows nothing here. */
function sessionLimit(boundary: Scan | undefined, session: Scan | undefined): PolicyType | undefined {
  if (boundary && boundary.allowedAs === 'none') return 'boundary';
  if (session && session.allowedAs === 'none') return 'session';
  return undefined;
}

/** What the caller's own account fails to grant: identity policies (root needs none), then boundary and session. */
function identityLimit(
  principal: RequestPrincipal,
  identity: Scan,
  boundary: Scan | undefined,
  session: Scan | undefined,
): PolicyType | undefined {
  return principal.type !== 'root' && identity.allowedAs === 'none'
    ? 'identity'
    : sessionLimit(boundary, session);
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
  options: { hasBoundary: boolean },
): Scan {
  const result: Scan = { denied: false, allowedAs: 'none' };
  for (const policy of policies) {
    for (const statement of policy.statements) {
      const named = applies(statement, request, options);
      if (named === 'none') continue;
      const { sid, index, effect } = statement;
      matched.push({ policyType, policyName: policy.name, sid, index, effect });
      if (effect === 'Deny') result.denied = true;
      else result.allowedAs = strongerMatch(result.allowedAs, named);
    }
  }
  return result;
}

function applies(
  statement: Statement,
  request: EvaluationRequest,
  options: { hasBoundary: boolean },
): PrincipalMatch {
  if (!statement.matchesAction(request.action)) return 'none';
  if (!statement.matchesResource(request.resource, request.context)) return 'none';
  const named = statement.matchesPrincipal(request.principal, options);
  if (named === 'none') return 'none';
  return statement.conditionsHold(request.context) ? named : 'none';
}

function accountOf(resource: string): string | undefined {
  const account = tryParseArn(resource)?.account;
  return account ? account : undefined;
}
