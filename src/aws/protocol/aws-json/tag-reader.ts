import { awsTagLimits, type TagCasing, tagCasings, type WireTag } from '../../../engines/aws-tags/index.js';
import { camel, type JsonInputReader, serializationError } from './input-reader.js';

/** What a service's model says of its Tag shape beyond the common length limits. */
export interface JsonTagRules {
  readonly keyRequired?: boolean;
  readonly valueRequired?: boolean;
  /** Whether the key's minimum length (1) is a model constraint (Secrets Manager) or left to the service. */
  readonly keyMin?: boolean;
  /** Whether the length limits are model constraints at all (ECS checks them itself, with its own texts). */
  readonly lengths?: boolean;
}

/**
 * One list item of a JSON `Tags` member in the service's casing (`Key`/`Value`, `TagKey`/`TagValue`,
 * `key`/`value`), read under its wire path (`tags.1.member`): anything but an object, or a member that is not a
 * string, is SerializationException; a missing or too-long member is a validation failure named
 * `<path>.<member>` in camelCase, as AWS words it (ref aws-iam-and-protocols §4.1). A missing member reads as `''`.
 */
export function readJsonTag<C extends TagCasing>(
  r: JsonInputReader,
  item: unknown,
  path: string,
  casing: C,
  rules: JsonTagRules = {},
): WireTag<C> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw serializationError();
  const names = tagCasings[casing];
  const lengths = rules.lengths ?? true;
  const member = (name: string, required: boolean | undefined, min: number, max: number): string => {
    const value = (item as Record<string, unknown>)[name];
    const at = `${path}.${camel(name)}`;
    if (value === undefined || value === null) {
      if (required) r.fail(at, 'null', 'Member must not be null');
      return '';
    }
    if (typeof value !== 'string') throw serializationError();
    if (lengths && value.length < min)
      r.fail(at, `'${value}'`, `Member must have length greater than or equal to ${min}`);
    if (lengths && value.length > max)
      r.fail(at, `'${value}'`, `Member must have length less than or equal to ${max}`);
    return value;
  };
  const key = member(
    names.key,
    rules.keyRequired,
    rules.keyMin ? awsTagLimits.keyMin : 0,
    awsTagLimits.keyMax,
  );
  const value = member(names.value, rules.valueRequired, 0, awsTagLimits.valueMax);
  return { [names.key]: key, [names.value]: value } as unknown as WireTag<C>;
}
