import type { AwsManagedPolicy } from './aws-managed-policy.js';

/**
 * CloudFormation reads. The CDK bootstrap stack attaches it to its deploy role (`cdk-hnb659fds-deploy-role-…`, ref
 * cloudformation-cdk §2), so `cdk bootstrap` fails without it ("does not exist or is not attachable").
 *
 * Transcribed from https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCloudFormationReadOnlyAccess.html:
 * policy version v4 (default in the page's HTML edition), created February 06, 2015, 18:39 UTC, edited November 13,
 * 2019, 17:40 UTC. The page's Markdown edition already names a v7 (edited 2026-02-12) that adds at least
 * `cloudformation:BatchDescribe*`; only an excerpt of it could be read, so v4 is what berth keeps.
 */
export const awsCloudFormationReadOnlyAccess: AwsManagedPolicy = {
  name: 'AWSCloudFormationReadOnlyAccess',
  path: '/',
  arn: 'arn:aws:iam::aws:policy/AWSCloudFormationReadOnlyAccess',
  description: 'Provides access to AWS CloudFormation via the AWS Management Console.',
  defaultVersionId: 'v4',
  createDate: '2015-02-06T18:39:00Z',
  updateDate: '2019-11-13T17:40:00Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'cloudformation:Describe*',
          'cloudformation:EstimateTemplateCost',
          'cloudformation:Get*',
          'cloudformation:List*',
          'cloudformation:ValidateTemplate',
          'cloudformation:Detect*',
        ],
        Resource: '*',
      },
    ],
  },
};
