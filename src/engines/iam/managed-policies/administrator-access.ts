import type { AwsManagedPolicy } from './aws-managed-policy.js';

/**
 * Everything on everything. Common on the humans and CI roles that set berth's fixtures up, and the baseline against
 * which "is it the policy or something else?" is asked.
 *
 * Transcribed from https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html, v1, the
 * only version. The reference page was not retrievable when this was written; document, version id and creation time
 * (2015-02-06T18:39:46Z, both creation and edited time for a one-version policy) come from the `iam:GetPolicyVersion`
 * record of v1 in the public managed-policy archive github.com/zoph-io/MAMIP (policies/AdministratorAccess, commit
 * 1b366179). Description as `iam:GetPolicy` returns it.
 */
export const administratorAccess: AwsManagedPolicy = {
  name: 'AdministratorAccess',
  path: '/',
  arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
  description: 'Provides full access to AWS services and resources.',
  defaultVersionId: 'v1',
  createDate: '2015-02-06T18:39:46Z',
  updateDate: '2015-02-06T18:39:46Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
      },
    ],
  },
};
