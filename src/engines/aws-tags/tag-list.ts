/**
 * Resource tags as every AWS service keeps them, whatever the wire casing: a key and a value. The limits and the
 * reserved prefix are common to the services berth serves (AWS General Reference, "Tagging your AWS resources" —
 * tag naming limits and requirements: 50 tags per resource, keys 1–128 and values 0–256 Unicode characters, the
 * `aws:` prefix reserved for AWS in any case). Each service words its own refusal (IAM, KMS, ECS texts differ).
 */
export interface AwsTag {
  readonly key: string;
  /** Absent where a request names keys only (UntagResource). */
  readonly value?: string;
}

export const awsTagLimits = { maxTags: 50, keyMin: 1, keyMax: 128, valueMax: 256 } as const;

/** The member names of a tag in each wire casing: IAM/STS/Secrets Manager, KMS, ECS. */
export const tagCasings = {
  Key: { key: 'Key', value: 'Value' },
  TagKey: { key: 'TagKey', value: 'TagValue' },
  key: { key: 'key', value: 'value' },
} as const;

export type TagCasing = keyof typeof tagCasings;

/** A tag in one wire casing: `{Key, Value}`, `{TagKey, TagValue}` or `{key, value}`. */
export type WireTag<C extends TagCasing> = {
  readonly [M in (typeof tagCasings)[C]['key'] | (typeof tagCasings)[C]['value']]: string;
};

/** Tags in a service's wire casing as the normalized list. */
export function normalizeTags<C extends TagCasing>(
  list: readonly Partial<WireTag<C>>[],
  casing: C,
): AwsTag[] {
  const names = tagCasings[casing];
  return list.map((tag) => {
    const wire = tag as unknown as Readonly<Record<string, string | undefined>>;
    return { key: wire[names.key] ?? '', value: wire[names.value] };
  });
}

/** A `{key: value}` record (STS's role tags) as the normalized list. */
export function tagsFromRecord(record: Readonly<Record<string, string>>): AwsTag[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }));
}

/** Whether a key uses the prefix AWS reserves for itself (`aws:`, in any case). */
export function isReservedTagKey(key: string): boolean {
  return key.toLowerCase().startsWith('aws:');
}
