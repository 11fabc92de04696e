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

/** The services whose AWS managed key berth makes on first use: `alias/aws/<service>`. */
export type AwsManagedKeyService = 'secretsmanager' | 'ssm';

/**
 * What differs between the AWS managed keys' policies and descriptions. Secrets Manager's from its User Guide
 * (security-encryption.md, "Key policy of the AWS managed key", ref aws-iam-and-protocols §1.12). SSM's [INF: not in
 * the references; GetKeyPolicy of `aws/ssm` as AWS accounts show it, recalled: the same shape, `kms:Encrypt` added
 * because Parameter Store encrypts standard parameters with Encrypt rather than a data key].
 */
const managedKeys = {
  secretsmanager: {
    id: 'auto-secretsmanager-2',
    sid: 'Allow access through AWS Secrets Manager for all principals in the account that are authorized to use AWS Secrets Manager',
    actions: ['kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
    description: 'Default key that protects my Secrets Manager data when no other key is defined',
  },
  ssm: {
    id: 'auto-ssm-1',
    sid: 'Allow access through SSM for all principals in the account that are authorized to use SSM',
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
    description: 'Default key that protects my SSM parameters when no other key is defined',
  },
} as const satisfies Record<AwsManagedKeyService, unknown>;

/**
 * The policy of an AWS managed key (`aws/secretsmanager`, `aws/ssm`): any principal of the account may use it, but
 * only through that service in this region; the account may read the key's metadata. So a direct kms:Decrypt is
 * denied even to root, and no other account can ever use it.
 */
export function awsManagedKeyPolicy(
  service: AwsManagedKeyService,
  partition: string,
  account: string,
  region: string,
): string {
  const key = managedKeys[service];
  return stringify({
    Version: '2012-10-17',
    Id: key.id,
    Statement: [
      {
        Sid: key.sid,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: key.actions,
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:CallerAccount': account,
            'kms:ViaService': `${service}.${region}.amazonaws.com`,
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

/** The description AWS gives an AWS managed key. */
export function awsManagedKeyDescription(service: AwsManagedKeyService): string {
  return managedKeys[service].description;
}

/** The service whose AWS managed key an alias names (`alias/aws/ssm` → `ssm`), if any. */
export function awsManagedKeyServiceOf(aliasName: string): AwsManagedKeyService | undefined {
  const service = aliasName.slice('alias/aws/'.length);
  return aliasName.startsWith('alias/aws/') && Object.hasOwn(managedKeys, service)
    ? (service as AwsManagedKeyService)
    : undefined;
}

function stringify(policy: unknown): string {
  return JSON.stringify(policy, null, 2);
}
