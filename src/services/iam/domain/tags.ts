import type { QueryInputReader } from '../../../aws/index.js';
import { iamErrors } from '../errors.js';
import { constraints } from './constraints.js';

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

const maxTags = 50;

/**
 * IAM tags on roles, users and policies: at most 50, keys unique without regard to case (IAM User Guide,
 * id_tags.md), values possibly empty.
 */
export const tags = {
  /** Reads `Tags.member.N.Key/Value`; duplicate keys are InvalidInput with IAM's text. */
  read(reader: QueryInputReader, options: { name?: string; required?: boolean } = {}): Tag[] | undefined {
    const name = options.name ?? 'Tags';
    const list = reader.list(name, { maxItems: maxTags, required: options.required });
    if (!list) return undefined;
    const read = list.map((item) => {
      const member = reader.nested(item, name);
      return {
        Key: member.string('Key', constraints.tagKey),
        Value: member.string('Value', constraints.tagValue),
      };
    });
    const keys = new Set(read.map((tag) => tag.Key.toLowerCase()));
    if (keys.size !== read.length) {
      reader.done();
      throw iamErrors.duplicateTagKeys();
    }
    return read;
  },

  /** Adds or replaces tags (a key matching an existing one in any case replaces it). */
  merge(existing: readonly Tag[], added: readonly Tag[], entity: 'Role' | 'User' | 'Policy'): Tag[] {
    const merged = existing.filter(
      (tag) => !added.some((a) => a.Key.toLowerCase() === tag.Key.toLowerCase()),
    );
    merged.push(...added);
    if (merged.length > maxTags) throw iamErrors.tooManyTags(entity);
    return merged;
  },

  remove(existing: readonly Tag[], keys: readonly string[]): Tag[] {
    const gone = new Set(keys.map((key) => key.toLowerCase()));
    return existing.filter((tag) => !gone.has(tag.Key.toLowerCase()));
  },

  /** Tags as a record, for `aws:PrincipalTag/…` and `aws:ResourceTag/…`. */
  toRecord(list: readonly Tag[]): Record<string, string> {
    return Object.fromEntries(list.map((tag) => [tag.Key, tag.Value]));
  },

  /** Condition keys of a request that sets tags: `aws:RequestTag/<key>` and `aws:TagKeys`. */
  requestContext(list: readonly Tag[] | undefined): Record<string, string | string[]> {
    if (!list || list.length === 0) return {};
    const context: Record<string, string | string[]> = { 'aws:TagKeys': list.map((tag) => tag.Key) };
    for (const tag of list) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
    return context;
  },

  resourceContext(list: readonly Tag[]): Record<string, string> {
    return Object.fromEntries(list.map((tag) => [`aws:ResourceTag/${tag.Key}`, tag.Value]));
  },
} as const;
