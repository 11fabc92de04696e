import type { SecretDocument } from './secret-document.js';

/**
 * ListSecrets filters (Secrets Manager API reference, Filter; User Guide manage_search-secret.md):
 * - name, tag-key, tag-value: prefix match, case-sensitive;
 * - description: prefix match, not case-sensitive (the words of the value against the words of the description);
 * - all: the value broken into words, any of which prefixes a word of the name, description, tag keys or values,
 *   not case-sensitive;
 * - primary-region, owning-service: berth has neither replicas nor service-owned secrets, so nothing matches.
 * A value starting with `!` negates. Values of one filter are alternatives; filters must all hold.
 */
export type FilterKey =
  | 'description'
  | 'name'
  | 'tag-key'
  | 'tag-value'
  | 'primary-region'
  | 'owning-service'
  | 'all';

export const filterKeys: readonly FilterKey[] = [
  'description',
  'name',
  'tag-key',
  'tag-value',
  'primary-region',
  'owning-service',
  'all',
];

export interface SecretFilter {
  readonly key: FilterKey;
  readonly values: readonly string[];
}

export function matchesFilters(secret: SecretDocument, filters: readonly SecretFilter[]): boolean {
  return filters.every((filter) => matchesFilter(secret, filter));
}

function matchesFilter(secret: SecretDocument, filter: SecretFilter): boolean {
  const positive = filter.values.filter((value) => !value.startsWith('!'));
  const negative = filter.values.filter((value) => value.startsWith('!')).map((value) => value.slice(1));
  const hit = (value: string) => matches(secret, filter.key, value);
  if (negative.some(hit)) return false;
  return positive.length === 0 || positive.some(hit);
}

function matches(secret: SecretDocument, key: FilterKey, value: string): boolean {
  const tags = secret.tags ?? [];
  switch (key) {
    case 'name':
      return secret.name.startsWith(value);
    case 'tag-key':
      return tags.some((tag) => tag.Key.startsWith(value));
    case 'tag-value':
      return tags.some((tag) => tag.Value.startsWith(value));
    case 'description': {
      const description = secret.description ?? '';
      if (description.toLowerCase().startsWith(value.toLowerCase())) return true;
      const wanted = words(value);
      return wanted.length > 0 && wanted.every((word) => prefixesAny(word, words(description)));
    }
    case 'all': {
      const fields = [secret.name, secret.description ?? '', ...tags.flatMap((tag) => [tag.Key, tag.Value])];
      const have = fields.flatMap(words);
      return words(value).some((word) => prefixesAny(word, have));
    }
    default:
      return false;
  }
}

/** Words as the search splits them: at case changes, between letters and digits, and at punctuation. */
export function words(text: string): string[] {
  return (text.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? []).map((word) => word.toLowerCase());
}

function prefixesAny(word: string, candidates: readonly string[]): boolean {
  return candidates.some((candidate) => candidate.startsWith(word));
}
