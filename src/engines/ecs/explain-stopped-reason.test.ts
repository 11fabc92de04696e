// explainStoppedReason against the verbatim texts of reference/peers-and-misconfigurations.md §C and
// reference/ecs-private-auth.md §1.8, §2, §3 (each case names where its text comes from).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { explainStoppedReason, type StoppedReasonCode } from './explain-stopped-reason.js';

const fargateAsm =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ' +
  'unable to retrieve secret from asm: service call has been retried 1 time(s): ';

interface Case {
  readonly name: string;
  readonly text: string;
  readonly code: StoppedReasonCode;
  /** A fragment the summary must contain. */
  readonly says: string | RegExp;
}

const cases: readonly Case[] = [
  {
    name: 'C1 EC2 (SDK v1), ref ecs-private-auth §1.8 verbatim: the role is named',
    text:
      'Asm fetching secret from the service for arn:aws:secretsmanager:ap-northeast-1:xxxxxxxxxx:secret:gitlab-sample-registry-y54JnU: ' +
      'AccessDeniedException: User: arn:aws:sts::xxxxxxxxxx:assumed-role/ecsTaskExecutionRole/14edf050-3d47-4c90-8e13-cb4a6d0e67a1 ' +
      'is not authorized to perform: secretsmanager:GetSecretValue on resource: ' +
      'arn:aws:secretsmanager:ap-northeast-1:xxxxxxxxxx:secret:gitlab-sample-registry-y54JnU status code: 400, ' +
      'request id: 83b3a590-db73-43d8-a0cb-abf894994173',
    code: 'C1',
    says: 'the execution role ecsTaskExecutionRole has no secretsmanager:GetSecretValue on the secret (the permission may be on the task role)',
  },
  {
    name: 'C1 Fargate form with the full ARN and "because no identity-based policy allows" (ref ecs-private-auth §3.3, §3.1)',
    text:
      `${fargateAsm}failed to fetch secret arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/ghcr-AbCdEf ` +
      'from secrets manager: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/appExecutionRole/0f3c ' +
      'is not authorized to perform: secretsmanager:GetSecretValue on resource: ' +
      'arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/ghcr-AbCdEf because no identity-based policy ' +
      'allows the secretsmanager:GetSecretValue action status code: 400, request id: 9d1',
    code: 'C1',
    says: 'the execution role appExecutionRole has no secretsmanager:GetSecretValue',
  },
  {
    name: 'C1 EC2 agent variant, §C1 (the principal is not printed as an assumed role)',
    text: 'Asm fetching secret from the service for registry/ghcr AccessDeniedException: User: TaskExecutionRole is not authorized …',
    code: 'C1',
    says: 'the execution role has no secretsmanager:GetSecretValue',
  },
  {
    name: 'C2 EC2 agent, ref ecs-private-auth §3.1 (title-cased)',
    text: 'Asm resource: unable to find execution role credentials',
    code: 'C2',
    says: 'no executionRoleArn',
  },
  {
    name: 'C2 at RegisterTaskDefinition, ref ecs-private-auth §2.1',
    text: 'ClientException: Private repository authentication requires that the task definition specify a value for executionRoleArn.',
    code: 'C2',
    says: 'no executionRoleArn',
  },
  {
    name: 'C2 Fargate with ECR images, ref ecs-private-auth §2.1',
    text: 'Fargate requires task definition to have execution role ARN to support ECR images.',
    code: 'C2',
    says: 'ecs-tasks.amazonaws.com',
  },
  {
    name: 'C3 trust policy / PassRole, §C3 verbatim',
    text:
      "ECS was unable to assume the role 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole' that was provided for " +
      'this task. Please verify that the role being passed has the proper trust relationship and permissions and that ' +
      'your IAM user has permissions to pass this role.',
    code: 'C3',
    says: /^ECS cannot assume arn:aws:iam::111122223333:role\/ecsTaskExecutionRole: .*ecs-tasks\.amazonaws\.com.*iam:PassRole/,
  },
  {
    name: 'C4 KMS, ref ecs-private-auth §3.3 verbatim (GiamPy5/terraform-aws-directus#10)',
    text:
      `${fargateAsm}failed to fetch secret arn:aws:secretsmanager:eu-central-1:account_id:secret:algo-dev-directus-secret20240626183203358800000004-EaPYTy ` +
      'from secrets manager: AccessDeniedException: Access to KMS is not allowed status code: 400, request id: a87a66d9-f839-4353-b8c2-9984b1465695',
    code: 'C4',
    says: "kms:Decrypt on the secret's KMS key",
  },
  {
    name: 'C4 DecryptionFailure, ref ecs-private-auth §3.1',
    text: "DecryptionFailure: Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
    code: 'C4',
    says: 'kms:Decrypt',
  },
  {
    name: 'C5 cross-account secret under the AWS managed key, ref ecs-private-auth §3.1',
    text: "You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key.",
    code: 'C5',
    says: 'customer-managed KMS key',
  },
  {
    name: 'C6 partial ARN of a name ending in "-" + 6 letters, ref ecs-private-auth §3.3 verbatim (dify-self-hosted-on-aws#35)',
    text:
      `${fargateAsm}failed to fetch secret arn:aws:secretsmanager:ap-southeast-1:redact:secret:test-secret from secrets ` +
      'manager: AccessDeniedException: User: arn:aws:sts::redact:assumed-role/DifyOnAwsStack-WebServiceTaskExecutionRole4406CA16-redact ' +
      'is not authorized to perform: secretsmanager:GetSecretValue on resource: ' +
      'arn:aws:secretsmanager:ap-southeast-1:redact:secret:test-secret because no identity-based policy allows the ' +
      'secretsmanager:GetSecretValue action status code: 400, …',
    code: 'C6',
    says: 'partial ARN (arn:aws:secretsmanager:ap-southeast-1:redact:secret:test-secret)',
  },
  {
    name: 'C6 partial ARN without any suffix, §C6',
    text:
      'User: arn:aws:sts::111122223333:assumed-role/exec/t is not authorized to perform: secretsmanager:GetSecretValue ' +
      'on resource: arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/ghcr because no identity-based policy ' +
      'allows the secretsmanager:GetSecretValue action',
    code: 'C6',
    says: 'full ARN, with its 6-character suffix',
  },
  {
    name: 'C7 newer agents, §C7 verbatim',
    text:
      "ResourceInitializationError: The task can't retrieve the secret with ARN 'arn:aws:secretsmanager:us-east-1:111122223333:secret:nope' " +
      'from AWS Secrets Manager. Check that the secret ARN is correct',
    code: 'C7',
    says: 'does not exist',
  },
  {
    name: 'C7 EC2 (SDK v2), ref ecs-private-auth §3.1',
    text:
      'Asm fetching secret from the service for registry/ghcr: operation error Secrets Manager: GetSecretValue, https ' +
      "response error StatusCode: 400, RequestID: 1f2e, ResourceNotFoundException: Secrets Manager can't find the specified secret.",
    code: 'C7',
    says: 'another Region or account by its full ARN',
  },
  {
    name: 'C8 at RegisterTaskDefinition, §C8 verbatim',
    text:
      "ClientException: The repository credentials parameter specified for container 'web' is invalid. Parameter names " +
      'can include up to 255 (uppercase and lowercase), numbers, hyphens, and underscores are allowed. Spaces are not allowed.',
    code: 'C8',
    says: 'no spaces or unresolved tokens',
  },
  {
    name: 'C9 plain-text secret, ref ecs-private-auth §3.1 / §1.9',
    text: `${fargateAsm}asm fetching authorization data: unable to unmarshal secret value, invalid schema`,
    code: 'C9',
    says: 'JSON SecretString',
  },
  {
    name: 'C9 SecretBinary or empty, ref ecs-private-auth §3.1',
    text: 'Asm fetching authorization data: empty secrets value',
    code: 'C9',
    says: 'SecretBinary',
  },
  {
    name: 'C10 username, ref ecs-private-auth §3.1',
    text: 'Asm fetching username: AuthorizationData is malformed, empty field',
    code: 'C10',
    says: 'no non-empty "username"',
  },
  {
    name: 'C10 password, ref ecs-private-auth §3.1',
    text: 'asm fetching password: AuthorizationData is malformed, empty field',
    code: 'C10',
    says: 'no non-empty "password"',
  },
  {
    name: 'C11 registry refuses the credentials, §C11 (containerd oauth token)',
    text:
      'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ghcr.io/org/app:1: ' +
      'failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized',
    code: 'C11',
    says: "token's scope",
  },
  {
    name: 'C11 EC2 Docker Hub, ref ecs-private-auth §3.2 verbatim',
    text:
      'CannotPullImageManifestError: Error response from daemon: errors: denied: requested access to the resource is ' +
      'denied unauthorized: authentication required',
    code: 'C11',
    says: 'read:packages',
  },
  {
    name: 'C12 credentials on an ECR image, §C12 verbatim',
    text: 'ClientException: Private repository credentials are not a supported authentication method for ECR repositories.',
    code: 'C12',
    says: 'remove repositoryCredentials',
  },
  {
    name: 'C12 anonymous token, ref ecs-private-auth §3.3 verbatim (aws/containers-roadmap#1658)',
    text:
      'CannotPullContainerError: inspect image has been retried 1 time(s): failed to resolve ref "<ref>": failed to ' +
      'authorize: failed to fetch anonymous token.',
    code: 'C12',
    says: 'the task sent none',
  },
  {
    name: 'C12 anonymous 401 from GHCR, ref ecs-private-auth §3.3 verbatim (PrefectHQ/prefect#16964)',
    text:
      'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ' +
      'ghcr.io/my-org/my-image:latest: failed to authorize: failed to fetch anonymous token: unexpected status from GET ' +
      'request to https://ghcr.io/token?scope=repository%3Amy-org%2Fmy-image%3Apull&service=ghcr.io: 401 Unauthorized',
    code: 'C12',
    says: 'add repositoryCredentials.credentialsParameter',
  },
  {
    name: 'C13 no route to Secrets Manager, ref ecs-private-auth §3.3 verbatim (Releem/releem-agent#195)',
    text:
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable ' +
      'to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret ' +
      'arn:aws:secretsmanager:us-west-2:*:secret:DBPasswordSecret-* from secrets manager: RequestCanceled: request ' +
      'context canceled caused by: context deadline exceeded. Please check your task network configuration.',
    code: 'C13',
    says: 'NAT or internet gateway',
  },
  {
    name: 'C14 explicit deny in the secret’s resource policy, §C14',
    text:
      'User: arn:aws:sts::111122223333:assumed-role/exec/t is not authorized to perform: secretsmanager:GetSecretValue ' +
      'on resource: arn:aws:secretsmanager:us-east-1:111122223333:secret:registry/ghcr-AbCdEf with an explicit deny in ' +
      'a resource-based policy',
    code: 'C14',
    says: "Deny in the secret's resource policy",
  },
  {
    name: 'C15 secret scheduled for deletion, §C15 verbatim',
    text: "InvalidRequestException: You can't perform this operation on the secret because it was marked for deletion.",
    code: 'C15',
    says: 'restore-secret',
  },
  {
    name: 'C16 Docker Hub rate limit, §C16',
    text:
      'CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: ' +
      'unexpected status code https://registry-1.docker.io/v2/library/nginx/manifests/sha256:ab: 429 Too Many Requests - ' +
      'Server message: toomanyrequests: You have reached your pull rate limit. You may increase the limit by ' +
      'authenticating and upgrading: https://www.docker.com/increase-rate-limit',
    code: 'C16',
    says: 'rate limit',
  },
  {
    name: 'C17 private CA, §C17 verbatim',
    text:
      'CannotPullContainerError: Error response from daemon: Get https://registry.example.com/v2/: x509: certificate ' +
      'signed by unknown authority',
    code: 'C17',
    says: 'not trusted',
  },
  {
    name: 'an essential container exited, ref ecs-private-auth §3.5',
    text: 'Essential container in task exited',
    code: 'EssentialContainerExited',
    says: 'exit code',
  },
];

describe('explainStoppedReason', () => {
  for (const c of cases) {
    test(c.name, () => {
      const explanation = explainStoppedReason(c.text);
      assert.ok(explanation, 'explained');
      assert.equal(explanation.code, c.code, explanation.summary);
      if (typeof c.says === 'string') assert.ok(explanation.summary.includes(c.says), explanation.summary);
      else assert.match(explanation.summary, c.says);
      assert.ok(!explanation.summary.includes('\n'), 'one line');
    });
  }

  test('texts of no misconfiguration are not explained (ref ecs-private-auth §3.5, §3.2)', () => {
    for (const text of [
      'Task stopped by user',
      'Task failed to start',
      'ClientException: TaskDefinition not found.',
      // ECS's own ResourceNotFoundException is not a missing secret.
      'ResourceNotFoundException: The specified resource was not found.',
      // An ECR permission of the execution role: IAM, not the registry refusing credentials.
      'CannotPullContainerError: The task can’t pull the image. Check that the role has the permissions to pull ' +
        "images from the registry. Error response from daemon: pull access denied for 123123123123.dkr.ecr.us-east-1.amazonaws.com/test_image, repository does not exist or may require 'docker login': " +
        'denied: User: arn:aws:sts::123123123123:assumed-role/BrokenRole/xyz is not authorized to perform: ' +
        'ecr:BatchGetImage on resource: arn:aws:ecr:region:123123123123:repository/test_image',
    ]) {
      assert.equal(explainStoppedReason(text), undefined, text);
    }
  });
});
