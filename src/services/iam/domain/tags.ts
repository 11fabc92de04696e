import type { QueryTag } from '../../../aws/index.js';
import { awsTagLimits, normalizeTags, tagConditionKeys } from '../../../engines/aws-tags/index.js';
import { iamErrors } from '../errors.js';

export type Tag = QueryTag;

/**
 * IAM tags on roles, users and policies: at most 50, keys unique without regard to case (IAM User Guide,
 * id_tags.md), values possibly empty. They are read by the Query protocol's `readQueryTags`.
 */
export const tags = {
  /** The tags of a request once read; duplicate keys (in any case) are InvalidInput with IAM's text. */
  unique(list: readonly Tag[]): readonly Tag[] {
    const keys = new Set(list.map((tag) => tag.Key.toLowerCase()));
    if (keys.size !== list.length) throw iamErrors.duplicateTagKeys();
    return list;
  },

  /** Adds or replaces tags (a key matching an existing one in any case replaces it). */
  merge(existing: readonly Tag[], added: readonly Tag[], entity: 'Role' | 'User' | 'Policy'): Tag[] {
    const merged = existing.filter(
      (tag) => !added.some((a) => a.Key.toLowerCase() === tag.Key.toLowerCase()),
    );
    merged.push(...added);
    if (merged.length > awsTagLimits.maxTags) throw iamErrors.tooManyTags(entity);
    return merged;
  },

  remove(existing: readonly Tag[], keys: readonly string[]): Tag[] {
    const gone = new Set(keys.map((key) => key.toLowerCase()));
    return existing.filter((tag) => !gone.has(tag.Key.toLowerCase()));
  },

  /** Tags as a record, for `aws:PrincipalTag/…`. */
  toRecord(list: readonly Tag[]): Record<string, string> {
    return Object.fromEntries(list.map((tag) => [tag.Key, tag.Value]));
  },

  /** Condition keys of a request that sets tags: `aws:RequestTag/<key>` and `aws:TagKeys`. */
  requestContext(list: readonly Tag[]): Record<string, string | string[]> {
    return tagConditionKeys.request(normalizeTags(list, 'Key'));
  },

  resourceContext(list: readonly Tag[]): Record<string, string> {
    return tagConditionKeys.resource(normalizeTags(list, 'Key'));
  },
} as const;
