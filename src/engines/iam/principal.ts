import { tryParseArn } from '../arn/index.js';

/**
 * Who makes a request, as the IAM engine needs to know it. For a role session, `arn` is the session ARN
 * (`arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`) and `roleArn` the role's ARN, which is what `aws:PrincipalArn`
 * holds and what a policy naming the role matches. A service principal's `arn` is its name
 * (`ecs-tasks.amazonaws.com`).
 */
export interface RequestPrincipal {
  type: 'root' | 'user' | 'assumed-role' | 'federated-user' | 'service' | 'anonymous';
  arn: string;
  account?: string;
  roleArn?: string;
}

/**
 * Builds the principal a request comes from out of its ARN, as `berth iam simulate --principal` takes it.
 * Anything that is not an ARN is taken as a service principal name (`ecs-tasks.amazonaws.com`).
 */
export function principalFromArn(text: string): RequestPrincipal | undefined {
  if (text === 'anonymous' || text === '*') return { type: 'anonymous', arn: 'anonymous' };
  const arn = tryParseArn(text);
  if (!arn)
    return /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(text) ? { type: 'service', arn: text } : undefined;
  const { partition, service, account, resource } = arn;
  if (!/^\d{12}$/.test(account)) return undefined;
  if (service === 'iam' && resource === 'root') return { type: 'root', arn: text, account };
  if (service === 'iam' && resource.startsWith('user/')) return { type: 'user', arn: text, account };
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const [, role, session] = resource.split('/');
    if (!role || !session) return undefined;
    return {
      type: 'assumed-role',
      arn: text,
      account,
      roleArn: `arn:${partition}:iam::${account}:role/${role}`,
    };
  }
  if (service === 'sts' && resource.startsWith('federated-user/'))
    return { type: 'federated-user', arn: text, account };
  return undefined;
}
