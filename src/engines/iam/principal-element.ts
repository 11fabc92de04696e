import type { RequestPrincipal } from './principal.js';

/**
 * A statement's Principal or NotPrincipal element: `"*"`, or an object of `AWS`, `Service`, `Federated`,
 * `CanonicalUser` lists. reference/aws-iam-and-protocols.md §1.8 (Principal / NotPrincipal).
 */
export interface PrincipalElement {
  wildcard: boolean;
  aws: string[];
  service: string[];
  federated: string[];
  canonicalUser: string[];
}

/**
 * How a principal element names the caller. The distinction matters for same-account resource policies
 * (ref aws-iam-and-protocols §1.2): naming a user or a session grants on its own; naming the role still leaves the permissions
 * boundary and session policy in force; naming the account only delegates to the caller's IAM policies.
 */
export type PrincipalMatch = 'none' | 'direct' | 'wildcard' | 'role' | 'account';

const strength: Record<PrincipalMatch, number> = { none: 0, account: 1, role: 2, wildcard: 3, direct: 4 };

export function strongerMatch(a: PrincipalMatch, b: PrincipalMatch): PrincipalMatch {
  return strength[a] >= strength[b] ? a : b;
}

/** How `element` names `principal` when it stands in a Principal element. */
export function matchPrincipal(element: PrincipalElement, principal: RequestPrincipal): PrincipalMatch {
  if (element.wildcard) return 'wildcard';
  let best: PrincipalMatch = 'none';
  if (principal.type === 'service') {
    return element.service.some((name) => name.toLowerCase() === principal.arn.toLowerCase())
      ? 'direct'
      : 'none';
  }
  if (principal.type === 'anonymous') return 'none';
  for (const value of element.aws) {
    if (value === principal.arn && principal.type !== 'root') return 'direct';
    if (principal.roleArn !== undefined && value === principal.roleArn) best = strongerMatch(best, 'role');
    else if (isAccountPrincipal(value, principal.account)) best = strongerMatch(best, 'account');
  }
  return best;
}

/**
 * Whether a NotPrincipal element excludes the caller. Naming a role there does not exclude its sessions: AWS asks
 * for the session ARN too (IAM User Guide, reference_policies_elements_notprincipal.md).
 */
export function excludedByNotPrincipal(element: PrincipalElement, principal: RequestPrincipal): boolean {
  if (element.wildcard) return true;
  if (principal.type === 'service')
    return element.service.some((n) => n.toLowerCase() === principal.arn.toLowerCase());
  if (principal.type === 'anonymous') return false;
  return element.aws.some((value) => value === principal.arn || isAccountPrincipal(value, principal.account));
}

function isAccountPrincipal(value: string, account: string | undefined): boolean {
  if (account === undefined) return false;
  return value === account || (value.startsWith('arn:') && value.endsWith(`:iam::${account}:root`));
}
