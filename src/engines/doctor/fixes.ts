import { placeholderSecretSuffix } from '../cloudformation/index.js';
import type { KeyNode, RoleNode, SecretNode } from './chain-model.js';

/** A statement as it is pasted into a policy. */
function statement(fields: Record<string, unknown>): string {
  return JSON.stringify({ Effect: 'Allow', ...fields });
}

/**
 * The secret's ARN for a policy: the real one when known; with a placeholder suffix, `name-??????`, which matches
 * the real suffix (six characters) and nothing longer — not `name-*`, which also matches `name-other-AbCdEf`.
 */
export function secretPolicyResource(secret: SecretNode): string {
  const suffix = `-${placeholderSecretSuffix}`;
  return secret.arn.endsWith(suffix) ? `${secret.arn.slice(0, -suffix.length)}-??????` : secret.arn;
}

/** A template's secret is best named by its Ref (the ARN is known only after deploy). */
function inTemplate(secret: SecretNode): string {
  const logicalId = /^\/Resources\/([^/]+)$/.exec(secret.location.pointer)?.[1];
  return logicalId === undefined ? '' : ` (in the template: "Resource": {"Ref": "${logicalId}"})`;
}

export const fixes = {
  executionRole: () =>
    'set executionRoleArn to a role whose trust policy has ' +
    statement({ Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }),
  trust: (role: RoleNode) =>
    `add to the trust policy (AssumeRolePolicyDocument) of ${role.arn}: ` +
    statement({ Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }) +
    '; the identity that registers or runs the task also needs iam:PassRole on the role',
  getSecretValue: (role: RoleNode, secret: SecretNode) =>
    `add to a policy of the execution role ${role.name} (not the task role): ` +
    statement({ Action: 'secretsmanager:GetSecretValue', Resource: secretPolicyResource(secret) }) +
    inTemplate(secret),
  decrypt: (role: RoleNode, key: KeyNode, region: string) =>
    `add to a policy of the execution role ${role.name}: ` +
    statement({ Action: 'kms:Decrypt', Resource: key.arn }) +
    `; and make sure the key policy allows it or delegates to IAM, e.g. ` +
    statement({
      Principal: { AWS: role.arn },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
    }),
  crossAccountPolicy: (role: RoleNode, secret: SecretNode) =>
    `give the secret a resource policy with ${statement({
      Principal: { AWS: role.arn },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
    })}, encrypt it with a customer managed KMS key whose policy allows the role kms:Decrypt, and name it by its full ARN (${secretPolicyResource(secret)})`,
  fullArn: (secret: SecretNode) =>
    `set credentialsParameter to the secret's full ARN, with its 6-character suffix (${secret.arn}), e.g. Ref of the secret in CloudFormation or secret.secretArn in the CDK (not fromSecretNameV2)`,
  secretShape: () =>
    'store a JSON SecretString {"username":"<user>","password":"<token>"} (or GenerateSecretString with ' +
    'SecretStringTemplate {"username":"<user>"} and GenerateStringKey "password")',
} as const;
