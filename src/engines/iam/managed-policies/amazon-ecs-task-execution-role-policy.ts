import type { AwsManagedPolicy } from './aws-managed-policy.js';

/**
 * The policy the ECS console attaches to `ecsTaskExecutionRole`. It lets the agent pull from ECR and write to
 * CloudWatch Logs, and nothing more: no `secretsmanager:GetSecretValue`, no `kms:Decrypt`, which is why a task with
 * `repositoryCredentials` and only this policy fails to pull (reference/aws-iam-and-protocols.md §6).
 *
 * Transcribed from the AWS managed policy reference,
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSTaskExecutionRolePolicy.html, v1, the
 * only version. The reference page itself was not retrievable when this was written; the document, version id and
 * the version's creation time (2017-11-16T18:48:22Z, which for a policy with one version is both its creation and its
 * edited time) were taken from the `iam:GetPolicyVersion` record of v1 in the public managed-policy archive
 * github.com/zoph-io/MAMIP (policies/AmazonECSTaskExecutionRolePolicy, commit 1b366179), and the document matches the
 * copy AWS prints in the Batch and ECS developer guides (task_execution_IAM_role, execution-IAM-role). Description as
 * `iam:GetPolicy` returns it.
 */
export const amazonEcsTaskExecutionRolePolicy: AwsManagedPolicy = {
  name: 'AmazonECSTaskExecutionRolePolicy',
  path: '/service-role/',
  arn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
  description: 'Provides access to other AWS service resources that are required to run Amazon ECS tasks',
  defaultVersionId: 'v1',
  createDate: '2017-11-16T18:48:22Z',
  updateDate: '2017-11-16T18:48:22Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchGetImage',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
        ],
        Resource: '*',
      },
    ],
  },
};
