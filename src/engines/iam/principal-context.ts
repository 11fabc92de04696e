import type { RequestPrincipal } from './principal.js';

/**
 * The global condition keys that describe the caller, reference/aws-iam-and-protocols.md §1.11:
 * `aws:PrincipalArn` is the role's ARN for a role session (not the session's), `aws:username` exists for IAM users
 * only, service principals carry `aws:PrincipalServiceName` and `aws:PrincipalIsAWSService`.
 */
export function principalContextKeys(principal: RequestPrincipal): Record<string, string> {
  switch (principal.type) {
    case 'anonymous':
      return { 'aws:PrincipalType': 'Anonymous', 'aws:PrincipalIsAWSService': 'false' };
    case 'service':
      return { 'aws:PrincipalServiceName': principal.arn, 'aws:PrincipalIsAWSService': 'true' };
    default:
      break;
  }
  const keys: Record<string, string> = {
    'aws:PrincipalArn': principal.roleArn ?? principal.arn,
    'aws:PrincipalType': principalTypes[principal.type],
    'aws:PrincipalIsAWSService': 'false',
  };
  if (principal.account) keys['aws:PrincipalAccount'] = principal.account;
  if (principal.type === 'user')
    keys['aws:username'] = principal.arn.slice(principal.arn.lastIndexOf('/') + 1);
  if (principal.type === 'root' && principal.account) keys['aws:userid'] = principal.account;
  return keys;
}

const principalTypes: Record<RequestPrincipal['type'], string> = {
  root: 'Account',
  user: 'User',
  'assumed-role': 'AssumedRole',
  'federated-user': 'FederatedUser',
  service: 'Service',
  anonymous: 'Anonymous',
};
