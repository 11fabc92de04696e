/**
 * EC2's Describe* filters (`Filter.N.Name`, `Filter.N.Value.M`): a record matches when, for every filter, one of its
 * values for that name matches one of the filter's values (`*` and `?` are wildcards, EC2 User Guide "Filter
 * resources"). `tag:<key>` and `tag-key` work on every kind; the other names are the kind's own.
 */
import type { Tag } from './records.js';

export interface Filter {
  readonly name: string;
  readonly values: readonly string[];
}

type Field = string | number | boolean | undefined;

/** A kind's filter names and how each reads a record. */
export type FilterFields<R> = Readonly<Record<string, (record: R) => Field | readonly Field[]>>;

/** The first filter name the kind does not know, if any. */
export function unknownFilter<R>(filters: readonly Filter[], fields: FilterFields<R>): string | undefined {
  return filters.find(
    ({ name }) => !name.startsWith('tag:') && name !== 'tag-key' && !Object.hasOwn(fields, name),
  )?.name;
}

export function matchesFilters<R extends { readonly tags: readonly Tag[] }>(
  record: R,
  filters: readonly Filter[],
  fields: FilterFields<R>,
): boolean {
  return filters.every((filter) => {
    const values = fieldValues(record, filter.name, fields);
    return values.some((value) => filter.values.some((wanted) => wildcard(wanted).test(value)));
  });
}

function fieldValues<R extends { readonly tags: readonly Tag[] }>(
  record: R,
  name: string,
  fields: FilterFields<R>,
): string[] {
  if (name.startsWith('tag:')) {
    const key = name.slice(4);
    return record.tags.filter((tag) => tag.Key === key).map((tag) => tag.Value);
  }
  if (name === 'tag-key') return record.tags.map((tag) => tag.Key);
  const read = fields[name];
  const raw = read ? read(record) : undefined;
  const list: readonly Field[] = Array.isArray(raw) ? raw : [raw as Field];
  return list.filter((value) => value !== undefined).map(String);
}

function wildcard(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 's');
}
