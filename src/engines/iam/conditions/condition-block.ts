import { parseVariables, type VariableTemplate } from '../policy-variables.js';
import type { RequestContext } from '../request-context.js';
import { type BaseOperator, baseOperators } from './condition-operators.js';

/**
 * One `Operator: { key: values }` entry of a Condition element, compiled. The element holds when every clause
 * holds (operators AND, keys AND); a clause holds when any of its values matches (OR), negated operators needing
 * the request value to differ from all of them. reference/aws-iam-and-protocols.md §1.9.
 */
export interface ConditionClause {
  operator: string;
  key: string;
  values: string[];
  holds(context: RequestContext): boolean;
}

export type SetQualifier = 'ForAnyValue' | 'ForAllValues';

export interface OperatorName {
  set?: SetQualifier;
  base: BaseOperator | 'Null';
  ifExists: boolean;
}

/** Reads `ForAnyValue:StringLikeIfExists` and the like; undefined for an operator IAM does not know. */
export function parseOperatorName(name: string): OperatorName | undefined {
  let rest = name;
  let set: SetQualifier | undefined;
  const qualifier = /^(ForAnyValue|ForAllValues):/i.exec(rest);
  if (qualifier) {
    set = qualifier[1]!.toLowerCase() === 'foranyvalue' ? 'ForAnyValue' : 'ForAllValues';
    rest = rest.slice(qualifier[0].length);
  }
  const ifExists = /IfExists$/i.test(rest) && rest.length > 'IfExists'.length;
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  if (rest.toLowerCase() === 'null') return set || ifExists ? undefined : { base: 'Null', ifExists: false };
  const base = baseOperators.get(rest.toLowerCase());
  return base ? { set, base, ifExists } : undefined;
}

/** Compiles one clause; `variables` says whether the policy's Version honours `${…}`. */
export function compileClause(
  operatorText: string,
  operator: OperatorName,
  key: string,
  values: string[],
  variables: boolean,
): ConditionClause {
  const holds =
    operator.base === 'Null'
      ? nullTest(key, values)
      : valueTest(operator, operator.base, key, values, variables);
  return { operator: operatorText, key, values, holds };
}

function nullTest(key: string, values: string[]) {
  const wants = values.map((v) => v.toLowerCase());
  return (context: RequestContext) => {
    const value = context.get(key);
    const absent = value === undefined || (typeof value !== 'string' && value.length === 0);
    return wants.some((want) => (want === 'true' ? absent : want === 'false' ? !absent : false));
  };
}

function valueTest(
  operator: OperatorName,
  base: BaseOperator,
  key: string,
  values: string[],
  variables: boolean,
) {
  const matchOne = compileValues(base, values, variables);
  const single = base.negated
    ? (v: string, c: RequestContext) => !matchOne(v, c)
    : (v: string, c: RequestContext) => matchOne(v, c);
  const { set, ifExists } = operator;
  return (context: RequestContext) => {
    const value = context.get(key);
    const missing = value === undefined || (typeof value !== 'string' && value.length === 0);
    if (missing) {
      if (set === 'ForAllValues') return true;
      // ForAnyValue over no values is false even with IfExists: the set-operator page says so, and real AWS was
      // reported denying that case (re:Post QU9HFmDzP0QGuU-fd7rS6B7w); the IfExists page would say true.
      if (set === 'ForAnyValue') return false;
      return ifExists || base.negated;
    }
    const list = typeof value === 'string' ? [value] : value;
    if (set === 'ForAnyValue') return list.some((v) => single(v, context));
    if (set === 'ForAllValues') return list.every((v) => single(v, context));
    // A multivalued key under a plain operator does not match (ref aws-iam-and-protocols §1.9, "Set operators").
    if (typeof value !== 'string') return false;
    return single(value, context);
  };
}

/** A test "does the request value match any of the policy values", variables resolved per request. */
function compileValues(base: BaseOperator, values: string[], variables: boolean) {
  const fixed: ((v: string) => boolean)[] = [];
  const templated: VariableTemplate[] = [];
  for (const value of values) {
    const template = variables && base.variables ? parseVariables(value) : undefined;
    if (template) templated.push(template);
    else fixed.push(base.compile(value));
  }
  return (requestValue: string, context: RequestContext) => {
    for (const test of fixed) if (test(requestValue)) return true;
    for (const template of templated) {
      const resolved = template.resolve(context);
      if (resolved !== undefined && base.compile(resolved)(requestValue)) return true;
    }
    return false;
  };
}
