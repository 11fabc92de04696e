import type { AwsManagedPolicy } from './aws-managed-policy.js';

/**
 * Read/write access to Secrets Manager for people and pipelines that create the registry secrets. It grants every
 * `secretsmanager:` action on any secret, but no `kms:Decrypt` and no IAM actions (its description says so, typo
 * included), so rotation set-up needs IAMFullAccess as well.
 *
 * Transcribed from https://docs.aws.amazon.com/aws-managed-policy/latest/reference/SecretsManagerReadWrite.html:
 * Policy version v5 (default); Creation time April 04, 2018, 18:05 UTC; Edited time February 22, 2024, 18:12 UTC.
 * Only excerpts of the page could be read and they stop inside the document, so the whole of it (SARPermissions and
 * S3Permissions included) was checked against the `iam:GetPolicyVersion` record of v5, created 2024-02-22T18:12:06Z,
 * in the public managed-policy archive github.com/zoph-io/MAMIP (policies/SecretsManagerReadWrite, commit 1b366179).
 * The update date's seconds come from that record; the reference gives the creation time to the minute only.
 */
export const secretsManagerReadWrite: AwsManagedPolicy = {
  name: 'SecretsManagerReadWrite',
  path: '/',
  arn: 'arn:aws:iam::aws:policy/SecretsManagerReadWrite',
  description:
    'Provides read/write access to AWS Secrets Manager via the AWS Management Console. Note: this exludes IAM actions, so combine with IAMFullAccess if rotation configuration is required.',
  defaultVersionId: 'v5',
  createDate: '2018-04-04T18:05:00Z',
  updateDate: '2024-02-22T18:12:06Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'BasePermissions',
        Effect: 'Allow',
        Action: [
          'secretsmanager:*',
          'cloudformation:CreateChangeSet',
          'cloudformation:DescribeChangeSet',
          'cloudformation:DescribeStackResource',
          'cloudformation:DescribeStacks',
          'cloudformation:ExecuteChangeSet',
          'docdb-elastic:GetCluster',
          'docdb-elastic:ListClusters',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSubnets',
          'ec2:DescribeVpcs',
          'kms:DescribeKey',
          'kms:ListAliases',
          'kms:ListKeys',
          'lambda:ListFunctions',
          'rds:DescribeDBClusters',
          'rds:DescribeDBInstances',
          'redshift:DescribeClusters',
          'redshift-serverless:ListWorkgroups',
          'redshift-serverless:GetNamespace',
          'tag:GetResources',
        ],
        Resource: '*',
      },
      {
        Sid: 'LambdaPermissions',
        Effect: 'Allow',
        Action: [
          'lambda:AddPermission',
          'lambda:CreateFunction',
          'lambda:GetFunction',
          'lambda:InvokeFunction',
          'lambda:UpdateFunctionConfiguration',
        ],
        Resource: 'arn:aws:lambda:*:*:function:SecretsManager*',
      },
      {
        Sid: 'SARPermissions',
        Effect: 'Allow',
        Action: ['serverlessrepo:CreateCloudFormationChangeSet', 'serverlessrepo:GetApplication'],
        Resource: 'arn:aws:serverlessrepo:*:*:applications/SecretsManager*',
      },
      {
        Sid: 'S3Permissions',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: [
          'arn:aws:s3:::awsserverlessrepo-changesets*',
          'arn:aws:s3:::secrets-manager-rotation-apps-*/*',
        ],
      },
    ],
  },
};
