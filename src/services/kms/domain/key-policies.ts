import { arnBuilders } from '../../../engines/arn/index.js';

/**
 * The key policies KMS installs itself, as GetKeyPolicy returns them (ref aws-iam-and-protocols §1.12). JSON text with AWS's
 * layout, so that GetKeyPolicy shows what AWS shows.
 */

/**
 * CreateKey without a Policy: the account principal gets `kms:*`, which delegates the key to the account's IAM
 * policies (ref aws-iam-and-protocols §1.3). Id `key-default-1` and Sid "Enable IAM User Permissions", as GetKeyPolicy shows.
 */
export function defaultKeyPolicy(partition: string, account: string): string {
  return stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: arnBuilders.accountRoot(partition, account) },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  });
}

/**
 * The policy of the AWS managed key `aws/secretsmanager` (Secrets Manager User Guide, security-encryption.md, "Key
 * policy of the AWS managed key"): any principal of the account may use it, but only through Secrets Manager in
 * this region; the account may read the key's metadata. So a direct kms:Decrypt is denied even to root, and no
 * other account can ever use it.
 */
export function secretsManagerKeyPolicy(partition: string, account: string, region: string): string {
  return stringify({
    Version: '2012-10-17',
    Id: 'auto-secretsmanager-2',
    Statement: [
      {
        Sid: 'Allow access through AWS Secrets Manager for all principals in the account that are authorized to use AWS Secrets Manager',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'kms:Decrypt',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:CreateGrant',
          'kms:DescribeKey',
        ],
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:CallerAccount': account,
            'kms:ViaService': `secretsmanager.${region}.amazonaws.com`,
          },
        },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: arnBuilders.accountRoot(partition, account) },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
        Resource: '*',
      },
    ],
  });
}

/** The description AWS gives the `aws/secretsmanager` key. */
export const secretsManagerKeyDescription =
  'Default key that protects my Secrets Manager data when no other key is defined';

function stringify(policy: unknown): string {
  return JSON.stringify(policy, null, 2);
}
