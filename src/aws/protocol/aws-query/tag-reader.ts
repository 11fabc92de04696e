import { awsTagLimits } from '../../../engines/aws-tags/index.js';
import type { QueryInputReader, QueryStringRule } from './input-reader.js';

/** AWS's tag constraints as IAM and STS models state them (Tag.Key, Tag.Value), with the pattern text they print. */
export const awsTagRules = {
  tagKey: {
    required: true,
    min: awsTagLimits.keyMin,
    max: awsTagLimits.keyMax,
    pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u,
    patternText: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
  },
  tagValue: {
    required: true,
    min: 0,
    max: awsTagLimits.valueMax,
    pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
    patternText: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*',
  },
} as const satisfies Record<string, QueryStringRule>;

export interface QueryTag {
  readonly Key: string;
  readonly Value: string;
}

/**
 * `Name.member.N.Key/Value` (the Query casing of IAM and STS tags), at most 50, each member checked against
 * awsTagRules. A tag without its Key or Value reads as `''` and is reported by `done()` (the 500 of issue 20 came
 * from a reader that returned undefined here). Absent: `[]`, or a recorded failure when `required`.
 * `optionalValue`: for models where Tag.Value is optional (ELBv2): a tag without Value reads as `''`, no failure.
 */
export function readQueryTags(
  reader: QueryInputReader,
  name = 'Tags',
  options: { required?: boolean; optionalValue?: boolean } = {},
): QueryTag[] {
  const list = reader.list(name, { maxItems: awsTagLimits.maxTags, required: options.required }) ?? [];
  const valueRule = options.optionalValue
    ? { ...awsTagRules.tagValue, required: false }
    : awsTagRules.tagValue;
  return list.map((item) => {
    const member = reader.nested(item, name);
    return {
      Key: member.string('Key', awsTagRules.tagKey),
      Value: member.string('Value', valueRule) ?? '',
    };
  });
}
