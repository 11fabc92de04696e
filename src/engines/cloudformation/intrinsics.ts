import { extraFunctions } from './extra-functions.js';
import { type TemplateValue, Unknown } from './template-value.js';

/** `Ref: AWS::NoValue` — the property or list item is removed, not set to anything. */
export const noValue: unique symbol = Symbol('AWS::NoValue');
export type Resolved = TemplateValue | typeof noValue;

/** What intrinsic functions look up: the template's names, conditions and mappings. */
export interface IntrinsicScope {
  ref(name: string, pointer: string): Resolved;
  getAtt(logicalId: string, attribute: string, pointer: string): TemplateValue;
  condition(name: string, pointer: string): boolean | Unknown;
  findInMap(map: TemplateValue, first: TemplateValue, second: TemplateValue, pointer: string): TemplateValue;
  /** `Fn::ImportValue` / `Fn::GetAZs` with their resolved argument: known at deploy, Unknown before. */
  deployTime(name: DeployTimeFunction, argument: TemplateValue, pointer: string): TemplateValue;
}

export type DeployTimeFunction = 'Fn::ImportValue' | 'Fn::GetAZs';

/** Functions that only the deployment can evaluate (ref cloudformation-cdk §5.1): Unknown before it. */
export const deployTimeReasons: Readonly<Record<DeployTimeFunction, string>> = {
  'Fn::ImportValue': 'Fn::ImportValue reads another stack’s export at deploy time',
  'Fn::GetAZs': 'Fn::GetAZs lists the account’s availability zones at deploy time',
};

const neverEvaluated: Readonly<Record<string, string>> = {
  'Fn::Transform': 'Fn::Transform runs a macro at deploy time',
};

/**
 * The one intrinsic function `value` is, if it is one: an object with the single key `Ref`, `Fn::…`, or `Condition`
 * with a string (an IAM statement's `Condition` is an object and has sibling keys, so it is never taken for one).
 */
export function intrinsicOf(value: Readonly<Record<string, unknown>>): string | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  if (key === 'Ref' || key.startsWith('Fn::')) return key;
  return key === 'Condition' && typeof value[key] === 'string' ? key : undefined;
}

/**
 * Evaluates one intrinsic function whose arguments are already resolved (`Fn::If` excepted: only the chosen branch
 * is resolved, by `branch`). Ill-formed arguments make an Unknown naming the function, as CloudFormation would refuse
 * the template at deploy; they are not guessed at.
 */
export function evaluateIntrinsic(
  name: string,
  args: () => TemplateValue,
  raw: unknown,
  pointer: string,
  scope: IntrinsicScope,
  branch: (value: unknown, pointer: string) => Resolved,
): Resolved {
  const bad = (why: string) => new Unknown(`${name} ${why}`, pointer);
  if (neverEvaluated[name] !== undefined) return new Unknown(neverEvaluated[name], pointer);
  if (name === 'Ref') return typeof raw === 'string' ? scope.ref(raw, pointer) : bad('needs a name');
  if (name === 'Condition') return scope.condition(raw as string, pointer);
  if (name === 'Fn::If') {
    if (!Array.isArray(raw) || raw.length !== 3 || typeof raw[0] !== 'string')
      return bad('needs [condition, a, b]');
    const holds = scope.condition(raw[0], pointer);
    if (holds instanceof Unknown) return holds;
    return holds ? branch(raw[1], `${pointer}/1`) : branch(raw[2], `${pointer}/2`);
  }
  const value = args();
  if (value instanceof Unknown) return value;
  if (name === 'Fn::ImportValue' || name === 'Fn::GetAZs') return scope.deployTime(name, value, pointer);
  const extra = extraFunctions[name];
  if (extra) return extra(value) ?? firstUnknownIn(value) ?? bad(extraUsage[name] ?? 'has bad arguments');
  switch (name) {
    case 'Fn::GetAtt':
      return getAtt(value, scope, pointer) ?? bad('needs [LogicalId, Attribute]');
    case 'Fn::Join':
      return join(value, pointer) ?? bad('needs [delimiter, [values]]');
    case 'Fn::Select':
      return select(value, pointer) ?? bad('needs [index, [values]] with the index in range');
    case 'Fn::Split':
      if (!Array.isArray(value) || typeof value[0] !== 'string' || typeof value[1] !== 'string') {
        return firstUnknownIn(value) ?? bad('needs [delimiter, string]');
      }
      return value[1].split(value[0]);
    case 'Fn::Base64':
      return typeof value === 'string'
        ? Buffer.from(value, 'utf8').toString('base64')
        : bad('needs a string');
    case 'Fn::FindInMap':
      if (!Array.isArray(value) || value.length < 3) return bad('needs [map, key, key]');
      return scope.findInMap(value[0], value[1], value[2], pointer);
    case 'Fn::Equals':
      if (!Array.isArray(value) || value.length !== 2) return bad('needs two values');
      return firstUnknownIn(value) ?? JSON.stringify(value[0]) === JSON.stringify(value[1]);
    case 'Fn::Not':
      if (!Array.isArray(value) || value.length !== 1 || typeof value[0] !== 'boolean') {
        return firstUnknownIn(value) ?? bad('needs [condition]');
      }
      return !value[0];
    case 'Fn::And':
    case 'Fn::Or':
      return logic(name, value) ?? bad('needs 2 to 10 conditions');
    default:
      return new Unknown(`${name} is not a CloudFormation function berth knows`, pointer);
  }
}

const extraUsage: Readonly<Record<string, string>> = {
  'Fn::Cidr': 'needs [ipBlock, count, cidrBits]',
  'Fn::Length': 'needs a list',
  'Fn::Contains': 'needs [[values], value]',
  'Fn::EachMemberEquals': 'needs [[values], value]',
  'Fn::EachMemberIn': 'needs [[values], [values]]',
};

function firstUnknownIn(value: TemplateValue): Unknown | undefined {
  return Array.isArray(value) ? value.find((item): item is Unknown => item instanceof Unknown) : undefined;
}

function getAtt(value: TemplateValue, scope: IntrinsicScope, pointer: string): TemplateValue | undefined {
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [logicalId, attribute] = value;
  if (logicalId instanceof Unknown) return logicalId;
  if (attribute instanceof Unknown) return attribute;
  if (typeof logicalId !== 'string' || typeof attribute !== 'string') return undefined;
  return scope.getAtt(logicalId, attribute, pointer);
}

function join(value: TemplateValue, pointer: string): TemplateValue | undefined {
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string') return undefined;
  const [delimiter, list] = value as [string, TemplateValue];
  if (list instanceof Unknown) return list;
  if (!Array.isArray(list)) return undefined;
  const parts: string[] = [];
  for (const part of list as readonly TemplateValue[]) {
    if (part instanceof Unknown) return new Unknown(part.reason, part.pointer || pointer);
    if (typeof part === 'string' || typeof part === 'number' || typeof part === 'boolean')
      parts.push(String(part));
    else return undefined;
  }
  return parts.join(delimiter);
}

function select(value: TemplateValue, pointer: string): TemplateValue | undefined {
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [index, list] = value as [TemplateValue, TemplateValue];
  if (index instanceof Unknown) return index;
  if (list instanceof Unknown) return list;
  const at = Number(index);
  if (!Array.isArray(list) || !Number.isInteger(at) || at < 0 || at >= list.length) return undefined;
  const chosen = (list as readonly TemplateValue[])[at]!;
  return chosen instanceof Unknown ? new Unknown(chosen.reason, chosen.pointer || pointer) : chosen;
}

function logic(name: 'Fn::And' | 'Fn::Or', value: TemplateValue): boolean | Unknown | undefined {
  if (!Array.isArray(value) || value.length < 2 || value.length > 10) return undefined;
  let unknown: Unknown | undefined;
  for (const item of value as readonly TemplateValue[]) {
    if (item instanceof Unknown) unknown ??= item;
    else if (typeof item !== 'boolean') return undefined;
    // A decided operand can settle the result even when another is unknown.
    else if (name === 'Fn::And' && !item) return false;
    else if (name === 'Fn::Or' && item) return true;
  }
  return unknown ?? name === 'Fn::And';
}
