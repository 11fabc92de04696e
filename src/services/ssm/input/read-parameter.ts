import { type JsonInputReader, readJsonTag, serializationError } from '../../../aws/index.js';
import { normalizeTags } from '../../../engines/aws-tags/index.js';
import type { ParameterTag } from '../domain/parameter-document.js';
import type { ParameterFilter } from '../parameter-filters.js';

/** PSParameterName: 1–2048 characters. */
export const nameRules = { min: 1, max: 2048 } as const;
const required = { required: true } as const;

/** A required Name member. */
export function readName(r: JsonInputReader, member = 'Name'): string {
  return r.string(member, { ...nameRules, ...required });
}

/** Names (GetParameters, DeleteParameters): required, 1–10 names of 1–2048 characters. */
export function readNames(r: JsonInputReader): string[] {
  const names = r.list('Names', (item, path) => readText(r, item, path, nameRules), { min: 1, max: 10 });
  if (names === undefined) r.fail('names', 'null', 'Member must not be null');
  return names ?? [];
}

/** Labels: required, 1–10 labels of 1–100 characters. */
export function readLabels(r: JsonInputReader): string[] {
  const labels = r.list('Labels', (item, path) => readText(r, item, path, { min: 1, max: 100 }), {
    min: 1,
    max: 10,
  });
  if (labels === undefined) r.fail('labels', 'null', 'Member must not be null');
  return labels ?? [];
}

/** Tags (Tag: Key 1–128 and Value 0–256, both required), up to 1000 in the model. */
export function readTags(r: JsonInputReader, requiredList = false): ParameterTag[] | undefined {
  const wire = r.list(
    'Tags',
    (item, path) =>
      readJsonTag(r, item, path, 'Key', { keyRequired: true, valueRequired: true, keyMin: true }),
    { max: 1000 },
  );
  if (wire === undefined && requiredList) r.fail('tags', 'null', 'Member must not be null');
  return wire && normalizeTags(wire, 'Key').map((tag) => ({ key: tag.key, value: tag.value ?? '' }));
}

/** TagKeys (RemoveTagsFromResource): required. */
export function readTagKeys(r: JsonInputReader): string[] {
  const keys = r.list('TagKeys', (item, path) => readText(r, item, path, { min: 1, max: 128 }));
  if (keys === undefined) r.fail('tagKeys', 'null', 'Member must not be null');
  return keys ?? [];
}

/** ParameterFilters (ParameterStringFilter: Key required, 1–132; Option 1–10; Values 1–50 of 1–1024). */
export function readFilters(r: JsonInputReader): ParameterFilter[] {
  return (
    r.list('ParameterFilters', (item, path) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw serializationError();
      const filter = item as Record<string, unknown>;
      const key = filter.Key;
      if (key === undefined || key === null) r.fail(`${path}.key`, 'null', 'Member must not be null');
      const keyText =
        key === undefined || key === null ? '' : readText(r, key, `${path}.key`, { min: 1, max: 132 });
      const option =
        filter.Option === undefined || filter.Option === null
          ? undefined
          : readText(r, filter.Option, `${path}.option`, { min: 1, max: 10 });
      const values = filter.Values;
      if (values !== undefined && values !== null && !Array.isArray(values)) throw serializationError();
      const list = Array.isArray(values)
        ? values.map((value, i) =>
            readText(r, value, `${path}.values.${i + 1}.member`, { min: 1, max: 1024 }),
          )
        : undefined;
      if (list !== undefined && (list.length < 1 || list.length > 50))
        r.fail(
          `${path}.values`,
          undefined,
          'Member must have length less than or equal to 50, Member must have length greater than or equal to 1',
        );
      return {
        key: keyText,
        ...(option === undefined ? {} : { option }),
        ...(list === undefined ? {} : { values: list }),
      };
    }) ?? []
  );
}

/** One string item of a list, with its length limits. */
function readText(
  r: JsonInputReader,
  value: unknown,
  path: string,
  limits: { min: number; max: number },
): string {
  if (typeof value !== 'string') throw serializationError();
  if (value.length < limits.min)
    r.fail(path, `'${value}'`, `Member must have length greater than or equal to ${limits.min}`);
  if (value.length > limits.max)
    r.fail(path, `'${value}'`, `Member must have length less than or equal to ${limits.max}`);
  return value;
}
