/**
 * An IAM user's access key as stored: the secret is sealed under the master key (Sealer, label
 * `iam.access-keys/<key>`), never kept or logged in the clear; CreateAccessKey is the only response that shows it.
 */
export interface AccessKeyRecord {
  readonly accessKeyId: string;
  readonly userName: string;
  readonly status: 'Active' | 'Inactive';
  readonly createDate: string;
  readonly sealedSecret: string;
}

export const maxAccessKeysPerUser = 2;

export const accessKey = {
  /** The `AccessKeyMetadata` shape of ListAccessKeys. */
  toWire(record: AccessKeyRecord): Record<string, unknown> {
    return {
      UserName: record.userName,
      AccessKeyId: record.accessKeyId,
      Status: record.status,
      CreateDate: new Date(record.createDate),
    };
  },
} as const;
