import type { ParameterDocument, VersionDocument } from './domain/parameter-document.js';
import { parameterTiers, parameterTypes } from './domain/parameter-document.js';
import { isUnderPath, isValidPath } from './domain/parameter-name.js';
import { ssmErrors } from './errors.js';

/** One of ParameterFilters (ParameterStringFilter: Key, Option, Values). */
export interface ParameterFilter {
  readonly key: string;
  readonly option?: string;
  readonly values?: readonly string[];
}

/** The keys each operation takes (ParameterStringFilter's documentation), `tag:<key>` besides. */
export const filterKeys = {
  describe: ['Name', 'Type', 'KeyId', 'Path', 'Tier', 'DataType'],
  byPath: ['Type', 'KeyId', 'Label', 'DataType'],
} as const;

const options: Record<string, readonly string[]> = {
  Name: ['BeginsWith', 'Equals', 'Contains'],
  Path: ['Recursive', 'OneLevel'],
  KeyId: ['Equals', 'BeginsWith'],
};

const allowedValues: Record<string, readonly string[]> = { Type: parameterTypes, Tier: parameterTiers };

/**
 * Checks filters as Parameter Store does once their shape passed (the texts in errors.ts): a known key, one filter
 * per key, values for every key but `tag:…`, a known option, known values for Type and Tier, valid paths.
 */
export function checkFilters(filters: readonly ParameterFilter[], keys: readonly string[]): void {
  const seen = new Set<string>();
  for (const { key, option, values } of filters) {
    const tag = key.startsWith('tag:');
    if (!tag && !keys.includes(key)) throw ssmErrors.invalidFilterKey(key, keys);
    if (seen.has(key)) throw ssmErrors.duplicateFilter(key);
    seen.add(key);
    if (!tag && (values === undefined || values.length === 0)) throw ssmErrors.missingFilterValues(key);
    const valid = tag ? ['Equals'] : (options[key] ?? ['Equals']);
    if (option !== undefined && !valid.includes(option)) throw ssmErrors.invalidFilterOption(option, valid);
    for (const value of values ?? []) {
      const known = allowedValues[key];
      if (known && !known.includes(value)) throw ssmErrors.invalidFilterValue(value, known);
      if (key === 'Path' && !isValidPath(value)) throw ssmErrors.invalidPath(value);
    }
  }
}

/** Whether a parameter (at its version `version`) passes every filter. */
export function matchesFilters(
  parameter: ParameterDocument,
  version: VersionDocument,
  filters: readonly ParameterFilter[],
): boolean {
  return filters.every((filter) => matches(parameter, version, filter));
}

function matches(parameter: ParameterDocument, version: VersionDocument, filter: ParameterFilter): boolean {
  const values = filter.values ?? [];
  const any = (test: (value: string) => boolean) => values.some(test);
  if (filter.key.startsWith('tag:')) {
    const tag = parameter.tags.find((t) => t.key === filter.key.slice(4));
    return tag !== undefined && (values.length === 0 || values.includes(tag.value));
  }
  switch (filter.key) {
    case 'Name':
      return any((value) => nameMatches(parameter.name, value, filter.option ?? 'Equals'));
    case 'Path':
      return any((value) => isUnderPath(parameter.name, value, filter.option === 'Recursive'));
    case 'Type':
      return values.includes(version.type);
    case 'KeyId':
      return any((value) =>
        filter.option === 'BeginsWith' ? (version.keyId ?? '').startsWith(value) : version.keyId === value,
      );
    case 'Tier':
      return values.includes(version.tier);
    case 'DataType':
      return values.includes(version.dataType);
    case 'Label':
      return any((value) => version.labels.includes(value));
    default:
      return false;
  }
}

/** Names compare with or without their leading slash (`x` and `/x` are one parameter). */
function nameMatches(name: string, value: string, option: string): boolean {
  const forms = name.startsWith('/') ? [name, name.slice(1)] : [name, `/${name}`];
  return forms.some((form) =>
    option === 'BeginsWith'
      ? form.startsWith(value)
      : option === 'Contains'
        ? form.includes(value)
        : form === value,
  );
}
