import { Unknown } from '../cloudformation/index.js';
import { accessDeniedMessage } from '../iam/index.js';
import type { Chain } from './chain.js';
import type { AccessCheck } from './chain-access.js';
import type { SecretNode } from './chain-model.js';

export interface SecretDenial {
  readonly code: 'C1' | 'C5' | 'C6' | 'C14';
  readonly check: AccessCheck;
  /** AWS's AccessDenied text, naming the resource as credentialsParameter did. */
  readonly message: string;
  /** What the verdict assumes about a secret the input does not define ('' when nothing). */
  readonly assumed: string;
}

/**
 * Why the execution role's GetSecretValue is refused, if it is — the one decision C1, C5, C6 and C14 split between
 * them (ref peers-and-misconfigurations §C, notes for error matching): a Deny in the secret's resource policy is C14;
 * a secret in another account without a resource policy allowing the role is C5; a partial ARN that the role's
 * policy would allow as the full ARN is C6; anything else the role's own policies lack is C1.
 */
export function secretDenial(chain: Chain): SecretDenial | Unknown | undefined {
  const check = chain.getSecretValue();
  if (check === undefined || check instanceof Unknown) return check;
  const { decision, request } = check;
  if (decision.result === 'Allow') return undefined;
  const credentials = chain.credentials() as { given: string };
  const message = accessDeniedMessage(request, decision, { resourceName: credentials.given });
  const secret = chain.secret() as SecretNode;
  // An external secret's resource policy is not known: say that the verdict assumes it has none.
  const assumed = secret.external
    ? ' (the secret is not in the input; assuming it has no resource policy)'
    : '';
  const denial = (code: SecretDenial['code']): SecretDenial => ({ code, check, message, assumed });
  const reason = decision.reason;
  if (reason.kind === 'explicit-deny' && reason.policyType === 'resource') return denial('C14');
  const secretAccount = request.resourceAccount;
  if (
    secretAccount !== request.principal.account &&
    reason.kind === 'implicit-deny' &&
    reason.policyType === 'resource'
  ) {
    return denial('C5');
  }
  if (chain.namesPartialArn()) {
    const asFullArn = chain.getSecretValue(secret.arn);
    if (asFullArn !== undefined && !(asFullArn instanceof Unknown) && asFullArn.decision.result === 'Allow') {
      return denial('C6');
    }
  }
  return denial('C1');
}
