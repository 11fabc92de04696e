import type { RuleCode } from '../../../engines/doctor/index.js';

/**
 * Each rule's help for SARIF and `--format text`, condensed from the misconfiguration catalogue (ref
 * peers-and-misconfigurations §C, the row of the same code: what is wrong, where it surfaces).
 */
export const ruleHelp: Readonly<Record<RuleCode, string>> = {
  C1: 'secretsmanager:GetSecretValue is granted to the task role (or nowhere) instead of the execution role; the task stops at start with AccessDeniedException.',
  C2: 'repositoryCredentials without executionRoleArn: ECS reads the secret as the execution role, so registration fails.',
  C3: "the execution role's trust policy does not allow ecs-tasks.amazonaws.com (ecs.amazonaws.com or ec2 instead), or the deployer lacks iam:PassRole.",
  C4: 'the secret uses a customer managed KMS key, and the execution role lacks kms:Decrypt or the key policy neither allows it nor delegates to IAM: "Access to KMS is not allowed".',
  C5: 'a secret in another account needs a resource policy allowing the execution role and a customer managed key; the AWS managed key aws/secretsmanager cannot be used across accounts.',
  C6: 'credentialsParameter is a partial ARN or a name, and the policy names the full ARN (or name-??????): IAM evaluates the ARN as given and denies it.',
  C7: 'the secret does not exist as named: a typo, or a secret in another Region given by name.',
  C8: 'credentialsParameter is not a secret ARN or name (an unresolved token, spaces, another ARN type): registration fails.',
  C9: 'the secret is not a JSON SecretString (plain text, SecretBinary, empty): "unable to unmarshal secret value, invalid schema" / "empty secrets value".',
  C10: 'the secret JSON lacks a non-empty "username" or "password" (key case does not matter, spelling does).',
  C11: "the registry refuses the secret's credentials (wrong user, token without read scope, expired): CannotPullContainerError.",
  C12: 'repositoryCredentials on an ECR image are refused at registration; a private non-ECR image without credentials fails to pull.',
  C13: 'the task subnets have no route to Secrets Manager or the registry (no NAT, no internet gateway with a public IP, no VPC endpoints).',
  C14: "an explicit Deny in the secret's resource policy (e.g. unless aws:SourceVpce) matches the execution role's call.",
  C15: 'the secret is scheduled for deletion: GetSecretValue fails with InvalidRequestException.',
  C16: 'anonymous Docker Hub pulls share a low rate limit: toomanyrequests.',
  C17: 'a registry with a private-CA or self-signed certificate cannot be pulled from on Fargate: x509 certificate signed by unknown authority.',
};
