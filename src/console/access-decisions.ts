// Who may do what, decided by berth's IAM engine from the policies IAM describes: the decision behind a task's
// AccessDenied (which role, action and resource; which statement applied; which would allow it) and, for the secrets
// page, which roles may read each secret. Only policy documents are read, never a secret's value.
import type { RoleNode } from '../engines/doctor/index.js';
import {
  type Decision,
  evaluate,
  type Policy,
  parsePolicy,
  principalContextKeys,
  principalFromArn,
  RequestContext,
} from '../engines/iam/index.js';

/** The decision behind an AccessDenied text, as the views show it. */
export interface DenialDecision {
  readonly principal: string;
  readonly roleArn: string;
  readonly action: string;
  readonly resource: string;
  /** `Allow`, `ExplicitDeny` or `ImplicitDeny`, as the engine decides it today. */
  readonly result: Decision['result'];
  /** The statements that applied (`identity policy inline statement 0 (Sid …)`). */
  readonly matched: readonly string[];
  /** A statement that would allow the request, on the role (when no explicit deny stands in the way). */
  readonly allowingStatement?: string;
  /** Whether the role exists; without it there is nothing to decide on. */
  readonly roleFound: boolean;
}

/** `User: arn:aws:sts::<acct>:assumed-role/<role>/<session> is not authorized to perform: <action> on resource: <r>` */
const deniedText =
  /User: (arn:[^:\s]+:sts::(\d{12}):assumed-role\/([^/\s]+)\/\S+) is not authorized to perform: (\S+) on resource: (\S+)/;

export interface DeniedRequest {
  readonly principal: string;
  readonly roleArn: string;
  readonly action: string;
  readonly resource: string;
}

/** The denied request an AccessDenied text names, or undefined when the text is not one. */
export function deniedRequest(text: string): DeniedRequest | undefined {
  const m = deniedText.exec(text);
  if (!m) return undefined;
  const [, principal, account, role, action, resource] = m as unknown as string[];
  return {
    principal: principal!,
    roleArn: `arn:aws:iam::${account}:role/${role}`,
    action: action!,
    resource: resource!.replace(/[.,;]+$/, ''),
  };
}

/** Decides `request` as the role's session, with the resource's own policy when it has one. */
export function decideDenial(
  request: DeniedRequest,
  role: RoleNode | undefined,
  resourcePolicy: unknown,
): DenialDecision {
  if (!role) return { ...request, result: 'ImplicitDeny', matched: [], roleFound: false };
  const decision = decide(request.principal, request.action, request.resource, role, resourcePolicy);
  const matched = decision.matched.map(
    (m) =>
      `${m.effect} — ${m.policyType} policy ${m.policyName ?? ''} statement ${m.index}${m.sid ? ` (Sid ${m.sid})` : ''}`,
  );
  const allowingStatement =
    decision.result === 'ImplicitDeny'
      ? JSON.stringify({ Effect: 'Allow', Action: request.action, Resource: request.resource }, null, 2)
      : undefined;
  return {
    ...request,
    result: decision.result,
    matched,
    roleFound: true,
    ...(allowingStatement ? { allowingStatement } : {}),
  };
}

/** Whether a session of `role` may perform `action` on `resource` (with the resource's policy, if any). */
export function roleMay(role: RoleNode, action: string, resource: string, resourcePolicy: unknown): boolean {
  const session = role.arn.replace(
    /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/,
    'arn:$1:sts::$2:assumed-role/$3/console',
  );
  return decide(session, action, resource, role, resourcePolicy).result === 'Allow';
}

function decide(
  principalArn: string,
  action: string,
  resource: string,
  role: RoleNode,
  resourcePolicy: unknown,
): Decision {
  const principal = principalFromArn(principalArn);
  if (!principal)
    return { result: 'ImplicitDeny', reason: { kind: 'implicit-deny', policyType: 'identity' }, matched: [] };
  const identity = role.policies.flatMap((p) => readable(p.document, 'identity', p.name));
  const resourcePolicies = resourcePolicy ? readable(resourcePolicy, 'resource', 'resource policy') : [];
  const boundary = role.boundary
    ? readable(role.boundary.document, 'identity', role.boundary.name)[0]
    : undefined;
  return evaluate(
    { principal, action, resource, context: new RequestContext({ ...principalContextKeys(principal) }) },
    {
      identity,
      ...(resourcePolicies[0] ? { resource: resourcePolicies[0] } : {}),
      ...(boundary ? { boundary } : {}),
    },
  );
}

/** A policy the engine can read; one it cannot (unknown, malformed) counts as absent, as IAM would have refused it. */
function readable(document: unknown, kind: 'identity' | 'resource', name: string): Policy[] {
  if (document === null || typeof document !== 'object' || !('Statement' in document)) return [];
  try {
    return [parsePolicy(document, { kind, name })];
  } catch {
    return [];
  }
}
