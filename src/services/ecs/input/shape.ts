/**
 * Type checks for nested members of ECS inputs (container definitions, overrides, network configuration): a member
 * of the wrong JSON type is a SerializationException, as AWS's front end answers it; absent or null is undefined.
 */
import { type JsonInputReader, readJsonTag, serializationError } from '../../../aws/index.js';

export type Json = Record<string, unknown>;

export function object(value: unknown): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw serializationError();
  return value as Json;
}

export function string(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw serializationError();
  return value;
}

export function integer(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw serializationError();
  return value;
}

export function boolean(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw serializationError();
  return value;
}

export function list<T>(value: unknown, item: (entry: unknown) => T): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw serializationError();
  return value.map(item);
}

export function stringList(value: unknown): string[] | undefined {
  return list(value, (entry) => string(entry) ?? '');
}

export function stringMap(value: unknown): Record<string, string> | undefined {
  const map = object(value);
  if (!map) return undefined;
  for (const item of Object.values(map)) if (typeof item !== 'string') throw serializationError();
  return map as Record<string, string>;
}

/** `{name, value}` pairs (environment, settings). */
export function keyValueList(value: unknown): { name: string; value: string }[] | undefined {
  return list(value, (entry) => {
    const pair = object(entry) ?? {};
    return { name: string(pair['name']) ?? '', value: string(pair['value']) ?? '' };
  });
}

/**
 * ECS tags: `{key, value}`, neither required by the model; their limits and the `aws:` prefix are checked by
 * domain/tags.ts with ECS's own InvalidParameterException texts.
 */
export function tagList(r: JsonInputReader): { key: string; value: string }[] | undefined {
  return r.list('tags', (item, path) => readJsonTag(r, item, path, 'key', { lengths: false }));
}

/** Copies `source` with the listed members replaced by their checked values (undefined ones dropped). */
export function withChecked(source: Json, checked: Json): Json {
  const result: Json = { ...source };
  for (const [member, value] of Object.entries(checked)) {
    if (value === undefined) delete result[member];
    else result[member] = value;
  }
  return result;
}
