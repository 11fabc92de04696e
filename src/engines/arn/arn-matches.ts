import { splitArn } from './parse-arn.js';
import { compileWildcard, isPlain } from './wildcard.js';

export type ArnMatcher = (arn: string) => boolean;

/**
 * IAM's ARN matching, as `Resource` and the `Arn*` condition operators use it: the pattern and the ARN are split
 * into their six fields and each field is matched on its own with `*` and `?`, case-sensitively, so a wildcard never
 * crosses the colons between fields; within the resource field it spans `/` and `:` alike.
 * reference/aws-iam-and-protocols.md §1.8 (Resource) and §1.9 (ARN operators).
 */
export function compileArnPattern(pattern: string): ArnMatcher {
  if (pattern === '*') return () => true;
  const fields = splitArn(pattern);
  if (!fields) return () => false;
  // Without wildcards, field-by-field equality is equality of the whole text: no split per request.
  if (fields.every(isPlain)) return (arn) => arn === pattern;
  const tests = fields.map(fieldTest);
  return (arn) => {
    const have = splitArn(arn);
    if (!have) return false;
    for (let i = 0; i < 6; i++) if (!tests[i]!(have[i]!)) return false;
    return true;
  };
}

export function arnMatches(pattern: string, arn: string): boolean {
  return compileArnPattern(pattern)(arn);
}

function fieldTest(field: string): (value: string) => boolean {
  if (field === '*') return () => true;
  if (isPlain(field)) return (value) => value === field;
  const regex = compileWildcard(field);
  return (value) => regex.test(value);
}
