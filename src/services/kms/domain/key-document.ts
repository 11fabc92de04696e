/**
 * A KMS key as berth stores it: its metadata, its key policy as the caller wrote it, and its 256-bit key material
 * sealed under the master key (never in plaintext at rest). Dates are ISO strings in the document.
 */
export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';

export interface KeyTag {
  readonly TagKey: string;
  readonly TagValue: string;
}

export interface KeyDocument {
  readonly keyId: string;
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  readonly createdAt: string;
  readonly description: string;
  /** `AWS` for AWS managed keys (`alias/aws/secretsmanager`): their policy cannot change. */
  readonly keyManager: 'AWS' | 'CUSTOMER';
  readonly state: KeyState;
  /** When a key pending deletion is deleted for good. */
  readonly deletionDate?: string;
  readonly pendingWindowInDays?: number;
  /** The key policy document (policy name `default`), as text. */
  readonly policy: string;
  /** The key material, sealed with the label `sealLabel(arn)`. */
  readonly material: string;
  readonly tags: readonly KeyTag[];
  /**
   * Automatic rotation, when enabled (EnableKeyRotation): its period, and the date rotation was enabled, from which
   * the next rotation date counts. berth stores the setting only; it never rotates key material.
   */
  readonly rotation?: { readonly periodInDays: number; readonly enabledAt: string };
}

export interface AliasDocument {
  readonly aliasName: string;
  readonly aliasArn: string;
  readonly targetKeyId: string;
  readonly account: string;
  readonly region: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The Sealer label of a key's material: binds the sealed bytes to this key, so they cannot be moved. */
export function sealLabel(keyArn: string): string {
  return `kms.keys/${keyArn}`;
}

/** Whether a key pending deletion has reached its deletion date: from then on it no longer exists. */
export function isDeleted(key: KeyDocument, now: Date): boolean {
  return (
    key.state === 'PendingDeletion' && key.deletionDate !== undefined && now >= new Date(key.deletionDate)
  );
}

/** `KeyMetadata` as CreateKey and DescribeKey return it (ref aws-iam-and-protocols §4.4). */
export function keyMetadata(key: KeyDocument): Record<string, unknown> {
  return {
    AWSAccountId: key.account,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: new Date(key.createdAt),
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: key.state,
    DeletionDate: key.deletionDate === undefined ? undefined : new Date(key.deletionDate),
    Origin: 'AWS_KMS',
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    KeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
  };
}

/** An alias as ListAliases returns it. */
export function aliasEntry(alias: AliasDocument): Record<string, unknown> {
  return {
    AliasName: alias.aliasName,
    AliasArn: alias.aliasArn,
    TargetKeyId: alias.targetKeyId,
    CreationDate: new Date(alias.createdAt),
    LastUpdatedDate: new Date(alias.updatedAt),
  };
}

/** Keys as ListKeys returns them, in key id order. */
export function keyEntries(keys: readonly KeyDocument[]): Array<{ KeyId: string; KeyArn: string }> {
  return keys
    .map((key) => ({ KeyId: key.keyId, KeyArn: key.arn }))
    .sort((a, b) => (a.KeyId < b.KeyId ? -1 : a.KeyId > b.KeyId ? 1 : 0));
}
