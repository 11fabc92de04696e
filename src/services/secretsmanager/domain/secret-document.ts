/**
 * A secret as berth stores it. Its values are not here: each version's value lives, envelope-encrypted, in its own
 * document (`ValueDocument`), so listing and describing secrets never touches ciphertext. Dates are ISO strings.
 */
export interface SecretTag {
  readonly Key: string;
  readonly Value: string;
}

export interface VersionEntry {
  /** The ClientRequestToken that created the version. */
  readonly versionId: string;
  /** Staging labels, sorted (AWS returns them in order). */
  readonly stages: readonly string[];
  readonly createdDate: string;
  /** Day-truncated, as AWS tracks it. */
  readonly lastAccessedDate?: string;
  /** The KMS key that encrypted the version's data key. */
  readonly keyArn: string;
  /** Encrypted under the AWS managed key `aws/secretsmanager`. */
  readonly awsManagedKey: boolean;
}

export interface SecretDocument {
  readonly arn: string;
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly description?: string;
  /** The KmsKeyId as the caller gave it; absent for the AWS managed key. */
  readonly kmsKeyId?: string;
  readonly createdDate: string;
  readonly lastChangedDate: string;
  readonly lastAccessedDate?: string;
  /** When DeleteSecret scheduled the deletion … */
  readonly deletedDate?: string;
  /** … and when the secret is gone for good. */
  readonly deletionDate?: string;
  /** Absent until the secret is first tagged; `[]` after its last tag is removed (as DescribeSecret shows). */
  readonly tags?: readonly SecretTag[];
  readonly resourcePolicy?: string;
  /** In creation order. */
  readonly versions: readonly VersionEntry[];
}

/** One version's value: the KMS-encrypted data key and the value sealed under it (AES-256-GCM). */
export interface ValueDocument {
  readonly type: 'string' | 'binary';
  /** Base64 KMS ciphertext blob of the 256-bit data key. */
  readonly dataKey: string;
  /** Base64 IV | ciphertext | tag. */
  readonly sealed: string;
}

const date = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));

/** Versions that carry labels, and their labels: `VersionIdsToStages` / `SecretVersionsToStages`. */
export function versionsToStages(secret: SecretDocument): Record<string, string[]> | undefined {
  const labelled = secret.versions.filter((version) => version.stages.length > 0);
  if (labelled.length === 0) return undefined;
  return Object.fromEntries(labelled.map((version) => [version.versionId, [...version.stages]]));
}

/** The metadata Describe and List share (ref aws-iam-and-protocols §4.3); KmsKeyId is omitted for the AWS managed key. */
function metadata(secret: SecretDocument): Record<string, unknown> {
  return {
    ARN: secret.arn,
    Name: secret.name,
    Description: secret.description,
    KmsKeyId: secret.kmsKeyId,
    LastChangedDate: date(secret.lastChangedDate),
    LastAccessedDate: date(secret.lastAccessedDate),
    DeletedDate: date(secret.deletedDate),
    Tags: secret.tags,
    CreatedDate: date(secret.createdDate),
  };
}

export function describeSecret(secret: SecretDocument): Record<string, unknown> {
  return { ...metadata(secret), VersionIdsToStages: versionsToStages(secret) };
}

export function listEntry(secret: SecretDocument): Record<string, unknown> {
  return { ...metadata(secret), SecretVersionsToStages: versionsToStages(secret) };
}

/** A version as ListSecretVersionIds returns it; AWS names the AWS managed key `DefaultEncryptionKey`. */
export function versionListEntry(version: VersionEntry): Record<string, unknown> {
  return {
    VersionId: version.versionId,
    VersionStages: version.stages.length > 0 ? [...version.stages] : undefined,
    LastAccessedDate: date(version.lastAccessedDate),
    CreatedDate: date(version.createdDate),
    KmsKeyIds: [version.awsManagedKey ? 'DefaultEncryptionKey' : version.keyArn],
  };
}

/** The start of the UTC day: AWS records LastAccessedDate to the day, not the request. */
export function startOfDay(now: Date): string {
  // Asked on every GetSecretValue; the answer changes once a day.
  const time = now.getTime();
  if (time >= lastDay.from && time < lastDay.from + dayMs) return lastDay.text;
  const from = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  lastDay = { from, text: new Date(from).toISOString() };
  return lastDay.text;
}

const dayMs = 86_400_000;
let lastDay = { from: Number.NaN, text: '' };
