import { Buffer } from 'node:buffer';
import { arnMatches, compileWildcard, isPlain } from '../../arn/index.js';
import { unmarkLiteral } from '../policy-variables.js';
import { ipInRange, parseIpRange } from './ip-range.js';

/**
 * The base condition operators, reference/aws-iam-and-protocols.md §1.9. Each compiles one policy value into a test
 * of one request value. Negated operators (`StringNotEquals`, …) are listed with the operator they negate: the
 * caller applies the negation across all policy values (the value must differ from every one of them).
 */
export interface BaseOperator {
  name: string;
  negated: boolean;
  /** Whether policy variables are substituted in this operator's values (String and ARN families only). */
  variables: boolean;
  /** Compiles a policy value; a value the operator cannot read (a bad number, date or CIDR) matches nothing. */
  compile(policyValue: string): (requestValue: string) => boolean;
}

const never = () => false;

const stringEquals = (p: string) => {
  const want = unmarkLiteral(p);
  return (v: string) => v === want;
};
const stringEqualsIgnoreCase = (p: string) => {
  const want = unmarkLiteral(p).toLowerCase();
  return (v: string) => v.toLowerCase() === want;
};
const stringLike = (p: string) => {
  if (isPlain(p)) return (v: string) => v === p;
  const regex = compileWildcard(p);
  return (v: string) => regex.test(v);
};
const arnLike = (p: string) => (v: string) => arnMatches(p, v);

type Comparison = (a: number, b: number) => boolean;
const comparisons: Record<string, Comparison> = {
  Equals: (a, b) => a === b,
  LessThan: (a, b) => a < b,
  LessThanEquals: (a, b) => a <= b,
  GreaterThan: (a, b) => a > b,
  GreaterThanEquals: (a, b) => a >= b,
};

function ordered(parse: (text: string) => number | undefined, compare: Comparison) {
  return (p: string) => {
    const want = parse(p);
    if (want === undefined) return never;
    return (v: string) => {
      const have = parse(v);
      return have !== undefined && compare(have, want);
    };
  };
}

export function parseNumber(text: string): number | undefined {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text.trim()) ? Number(text) : undefined;
}

/** W3C ISO 8601 dates and times, or epoch seconds. */
export function parseDate(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/.test(trimmed))
    return undefined;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : ms;
}

function entry(
  name: string,
  compile: BaseOperator['compile'],
  options: Partial<BaseOperator> = {},
): BaseOperator {
  return { name, negated: false, variables: false, compile, ...options };
}

const table: BaseOperator[] = [
  entry('StringEquals', stringEquals, { variables: true }),
  entry('StringNotEquals', stringEquals, { variables: true, negated: true }),
  entry('StringEqualsIgnoreCase', stringEqualsIgnoreCase, { variables: true }),
  entry('StringNotEqualsIgnoreCase', stringEqualsIgnoreCase, { variables: true, negated: true }),
  entry('StringLike', stringLike, { variables: true }),
  entry('StringNotLike', stringLike, { variables: true, negated: true }),
  entry('ArnEquals', arnLike, { variables: true }),
  entry('ArnLike', arnLike, { variables: true }),
  entry('ArnNotEquals', arnLike, { variables: true, negated: true }),
  entry('ArnNotLike', arnLike, { variables: true, negated: true }),
  entry('Bool', (p) => (v) => v.toLowerCase() === p.toLowerCase()),
  entry('BinaryEquals', (p) => {
    const want = Buffer.from(p, 'base64');
    return (v) => Buffer.from(v, 'base64').equals(want);
  }),
  entry('IpAddress', ipTest),
  entry('NotIpAddress', ipTest, { negated: true }),
];
for (const [suffix, compare] of Object.entries(comparisons)) {
  table.push(entry(`Numeric${suffix}`, ordered(parseNumber, compare)));
  table.push(entry(`Date${suffix}`, ordered(parseDate, compare)));
}
table.push(entry('NumericNotEquals', ordered(parseNumber, comparisons.Equals!), { negated: true }));
table.push(entry('DateNotEquals', ordered(parseDate, comparisons.Equals!), { negated: true }));

function ipTest(p: string) {
  const range = parseIpRange(p.trim());
  return range ? (v: string) => ipInRange(range, v.trim()) : never;
}

/** Operator names are matched case-insensitively. */
export const baseOperators: ReadonlyMap<string, BaseOperator> = new Map(
  table.map((op) => [op.name.toLowerCase(), op]),
);
