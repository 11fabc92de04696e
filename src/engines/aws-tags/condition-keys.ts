import type { AwsTag } from './tag-list.js';

type Keys = Record<string, string | string[]>;

/**
 * The global tag condition keys (IAM User Guide, "Controlling access to AWS resources using tags" and the global
 * condition context keys reference): a request that sets or removes tags carries `aws:TagKeys` and, for each tag
 * with a value, `aws:RequestTag/<key>`; a resource that has tags carries `aws:ResourceTag/<key>`. Built here only,
 * so every service names them the same way.
 */
export const tagConditionKeys = {
  /** `aws:TagKeys` and `aws:RequestTag/…` of a request's tags; nothing when it has none. */
  request(tags: readonly AwsTag[] | undefined): Keys {
    if (!tags || tags.length === 0) return {};
    const keys: Keys = { 'aws:TagKeys': tags.map((tag) => tag.key) };
    for (const tag of tags) if (tag.value !== undefined) keys[`aws:RequestTag/${tag.key}`] = tag.value;
    return keys;
  },

  /**
   * `aws:ResourceTag/…` of a resource's tags, and the same under each service prefix given (Secrets Manager's
   * legacy `secretsmanager:ResourceTag/…`).
   */
  resource(tags: readonly AwsTag[], servicePrefixes: readonly string[] = []): Record<string, string> {
    const keys: Record<string, string> = {};
    for (const tag of tags) {
      if (tag.value === undefined) continue;
      for (const prefix of ['aws', ...servicePrefixes]) keys[`${prefix}:ResourceTag/${tag.key}`] = tag.value;
    }
    return keys;
  },
} as const;
