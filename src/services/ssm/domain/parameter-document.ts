/** How Parameter Store keeps a parameter: its versions, newest last, and its tags. */

export const parameterTypes = ['String', 'StringList', 'SecureString'] as const;
export type ParameterType = (typeof parameterTypes)[number];

export const parameterTiers = ['Standard', 'Advanced', 'Intelligent-Tiering'] as const;
/** The tier a version is stored in: Intelligent-Tiering picks one of these. */
export type StoredTier = 'Standard' | 'Advanced';

/** The default key of SecureString parameters, as DescribeParameters shows it. */
export const defaultKeyAlias = 'alias/aws/ssm';

export interface VersionDocument {
  readonly version: number;
  readonly type: ParameterType;
  /** The value itself for String and StringList; for SecureString KMS's ciphertext blob in base64, never the value. */
  readonly value: string;
  /** SecureString only: the key as the caller named it, or `alias/aws/ssm`. */
  readonly keyId?: string;
  readonly description?: string;
  readonly allowedPattern?: string;
  readonly tier: StoredTier;
  readonly dataType: string;
  readonly labels: readonly string[];
  /** ISO 8601. */
  readonly lastModifiedDate: string;
  /** The ARN of the caller that wrote the version. */
  readonly lastModifiedUser: string;
}

export interface ParameterTag {
  readonly key: string;
  readonly value: string;
}

export interface ParameterDocument {
  readonly account: string;
  readonly region: string;
  /** As it was created (`/a/b`, `x` or `/x`). */
  readonly name: string;
  readonly arn: string;
  /** Oldest first; at most 100. */
  readonly versions: readonly VersionDocument[];
  readonly tags: readonly ParameterTag[];
}

export function latestVersion(parameter: ParameterDocument): VersionDocument {
  return parameter.versions.at(-1)!;
}
