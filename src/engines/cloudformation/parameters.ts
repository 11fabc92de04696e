import {
  isKnownParameterType,
  isListParameterType,
  isNumericType,
  isSsmValueType,
} from './parameter-types.js';
import { rejected } from './template-rejection.js';

/** One entry of a template's Parameters section. */
export interface ParameterDeclaration {
  readonly key: string;
  readonly type: string;
  readonly defaultValue?: string;
  readonly noEcho: boolean;
  readonly description?: string;
  readonly allowedValues?: readonly string[];
  readonly allowedPattern?: string;
  readonly constraintDescription?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
}

/** A parameter as a request gives it: a value, or UsePreviousValue. */
export interface ParameterInput {
  readonly key: string;
  readonly value?: string;
  readonly usePreviousValue?: boolean;
}

const text = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
const number = (value: unknown) => (text(value) === undefined ? undefined : Number(value));

/** The template's parameters in template order; a declaration that is not an object with a known Type is refused. */
export function parameterDeclarations(root: Readonly<Record<string, unknown>>): ParameterDeclaration[] {
  const section = root.Parameters;
  if (section === undefined || section === null) return [];
  if (typeof section !== 'object' || Array.isArray(section)) {
    throw rejected('Template format error: Parameters must be an object');
  }
  return Object.entries(section as Record<string, unknown>).map(([key, raw]) => {
    const p = (raw ?? {}) as Record<string, unknown>;
    if (typeof p !== 'object' || typeof p.Type !== 'string') {
      throw rejected(`Template format error: Every Parameters object must contain a Type member.`);
    }
    if (!isKnownParameterType(p.Type)) {
      throw rejected(`Template format error: Unrecognized parameter type: ${p.Type}`);
    }
    const allowed = Array.isArray(p.AllowedValues) ? p.AllowedValues.map((v) => String(v)) : undefined;
    return {
      key,
      type: p.Type,
      ...(text(p.Default) === undefined ? {} : { defaultValue: text(p.Default) }),
      noEcho: String(p.NoEcho) === 'true',
      ...(typeof p.Description === 'string' ? { description: p.Description } : {}),
      ...(allowed ? { allowedValues: allowed } : {}),
      ...(typeof p.AllowedPattern === 'string' ? { allowedPattern: p.AllowedPattern } : {}),
      ...(typeof p.ConstraintDescription === 'string'
        ? { constraintDescription: p.ConstraintDescription }
        : {}),
      ...optionalNumber('minLength', p.MinLength),
      ...optionalNumber('maxLength', p.MaxLength),
      ...optionalNumber('minValue', p.MinValue),
      ...optionalNumber('maxValue', p.MaxValue),
    };
  });
}

function optionalNumber(name: string, value: unknown): Record<string, number> {
  const n = number(value);
  return n === undefined || Number.isNaN(n) ? {} : { [name]: n };
}

/**
 * Each parameter's value as submitted (an SSM type's value is the parameter's name): given, the previous value
 * (UsePreviousValue), or the default. CloudFormation's texts (AWS API ValidationError messages as commonly
 * reported; [INF] where noted): unknown keys, missing values, then each constraint.
 */
export function chooseParameterValues(
  declarations: readonly ParameterDeclaration[],
  inputs: readonly ParameterInput[],
  previous?: Readonly<Record<string, string>>,
): Record<string, string> {
  const declared = new Map(declarations.map((d) => [d.key, d]));
  const unknown = inputs.filter((input) => !declared.has(input.key)).map((input) => input.key);
  if (unknown.length > 0) throw rejected(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  const given = new Map(inputs.map((input) => [input.key, input]));
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const declaration of declarations) {
    const input = given.get(declaration.key);
    const value = input?.usePreviousValue
      ? previous?.[declaration.key]
      : (input?.value ?? declaration.defaultValue);
    if (value === undefined) missing.push(declaration.key);
    else values[declaration.key] = value;
  }
  if (missing.length > 0) throw rejected(`Parameters: [${missing.join(', ')}] must have values`);
  for (const declaration of declarations) checkConstraints(declaration, values[declaration.key]!);
  return values;
}

function checkConstraints(d: ParameterDeclaration, value: string): void {
  // SSM types are checked on the name only; the value read from Parameter Store is not constrained.
  const items = isListParameterType(d.type) && !isSsmValueType(d.type) ? value.split(',') : [value];
  const fail = (why: string) =>
    rejected(
      d.constraintDescription === undefined
        ? `Parameter '${d.key}' ${why}`
        : `Parameter '${d.key}' failed to satisfy constraint: ${d.constraintDescription}`,
    );
  for (const raw of items) {
    const item = isListParameterType(d.type) ? raw.trim() : raw;
    if (isNumericType(d.type) && !isSsmValueType(d.type)) {
      if (item.trim() === '' || Number.isNaN(Number(item)))
        throw rejected(`Parameter '${d.key}' must be a number`);
      if (d.minValue !== undefined && Number(item) < d.minValue)
        throw fail(`must be a number not less than ${d.minValue}`);
      if (d.maxValue !== undefined && Number(item) > d.maxValue)
        throw fail(`must be a number not greater than ${d.maxValue}`);
    }
    if (d.allowedValues && !d.allowedValues.includes(item)) throw fail('must be one of AllowedValues');
    if (d.allowedPattern !== undefined && !wholeMatch(d.allowedPattern, item)) {
      throw fail(`must match pattern ${d.allowedPattern}`);
    }
  }
  if (d.minLength !== undefined && value.length < d.minLength)
    throw fail(`must contain at least ${d.minLength} characters`);
  if (d.maxLength !== undefined && value.length > d.maxLength)
    throw fail(`must contain at most ${d.maxLength} characters`);
}

/** AllowedPattern is a Java regular expression matched against the whole value; a bad pattern matches nothing. */
function wholeMatch(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(value);
  } catch {
    return false;
  }
}

/**
 * The values a stack's resources see: SSM-typed parameters' names replaced by the values `read` finds in Parameter
 * Store (CloudFormation reads them when the stack operation or change set is created; ref cloudformation-cdk §4.5).
 * Names not found: `Unable to fetch parameters [a,b] from parameter store for this account.` (§4.2).
 */
export async function resolveSsmParameters(
  declarations: readonly ParameterDeclaration[],
  values: Readonly<Record<string, string>>,
  read: (names: readonly string[]) => Promise<ReadonlyMap<string, string>>,
): Promise<{ resolved: Record<string, string>; ssm: Record<string, string> }> {
  const names = declarations.filter((d) => isSsmValueType(d.type)).map((d) => values[d.key]!);
  const found = names.length === 0 ? new Map<string, string>() : await read([...new Set(names)]);
  const missing = names.filter((name) => !found.has(name));
  if (missing.length > 0) {
    throw rejected(
      `Unable to fetch parameters [${missing.join(',')}] from parameter store for this account.`,
    );
  }
  const resolved: Record<string, string> = { ...values };
  const ssm: Record<string, string> = {};
  for (const d of declarations) {
    if (!isSsmValueType(d.type)) continue;
    resolved[d.key] = found.get(values[d.key]!)!;
    ssm[d.key] = resolved[d.key]!;
  }
  return { resolved, ssm };
}
