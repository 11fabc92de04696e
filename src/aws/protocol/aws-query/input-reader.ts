import { FrameworkError } from '../../errors.js';
import type { OperationSpec } from '../../service-registry.js';

export interface QueryStringRule {
  readonly required?: boolean;
  readonly min?: number;
  readonly max?: number;
  /** The model's pattern, matched against the whole value. */
  readonly pattern?: RegExp;
  /** The pattern as AWS prints it in the message (the model's text). */
  readonly patternText?: string;
}

export interface QueryIntegerRule {
  readonly min?: number;
  readonly max?: number;
}

/**
 * Reads an AWS Query input against the operation's model constraints and collects every violation, as AWS's
 * framework validation does: `2 validation errors detected: Value 'a b' at 'roleName' failed to satisfy constraint:
 * Member must satisfy regular expression pattern: [\w+=,.@-]+; Value null at …`. Members are named in lowerCamel
 * case in the message (observed on IAM and STS, ref aws-iam-and-protocols §4.1). Nothing is changed before `done()` passes.
 * A required member that is missing reads as a placeholder of its type (`''`, `[]`) and is reported by `done()`,
 * so no caller ever holds an `undefined` typed as present; `queryOperation` makes acting before `done()` impossible.
 */
export class QueryInputReader {
  readonly #input: Record<string, unknown>;
  readonly #errors: string[] = [];

  constructor(input: Record<string, unknown>) {
    this.#input = input;
  }

  string(name: string, rule: QueryStringRule & { required: true }): string;
  string(name: string, rule?: QueryStringRule): string | undefined;
  string(name: string, rule: QueryStringRule = {}): string | undefined {
    const value = this.#input[name];
    if (value === undefined) {
      if (!rule.required) return undefined;
      this.#fail(`Value null at '${member(name)}' failed to satisfy constraint: Member must not be null`);
      return '';
    }
    if (typeof value !== 'string') throw wrongType(name);
    const problem = checkString(value, rule);
    if (problem) this.#fail(`Value '${value}' at '${member(name)}' failed to satisfy constraint: ${problem}`);
    return value;
  }

  integer(name: string, rule: QueryIntegerRule = {}): number | undefined {
    const value = this.#input[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !/^-?\d{1,15}$/.test(value)) throw wrongType(name);
    const number = Number(value);
    const at = `Value '${value}' at '${member(name)}' failed to satisfy constraint:`;
    if (rule.min !== undefined && number < rule.min)
      this.#fail(`${at} Member must have value greater than or equal to ${rule.min}`);
    else if (rule.max !== undefined && number > rule.max)
      this.#fail(`${at} Member must have value less than or equal to ${rule.max}`);
    return number;
  }

  boolean(name: string): boolean | undefined {
    const value = this.#input[name];
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false') throw wrongType(name);
    return value === 'true';
  }

  /** One of the model's enum values; a missing required one reads as the first value and is reported. */
  choice<T extends string>(name: string, values: readonly T[], rule: { required: true }): T;
  choice<T extends string>(name: string, values: readonly T[], rule?: { required?: boolean }): T | undefined;
  choice<T extends string>(
    name: string,
    values: readonly T[],
    rule: { required?: boolean } = {},
  ): T | undefined {
    const value = this.string(name, { required: rule.required });
    if (value === undefined) return undefined;
    if ((values as readonly string[]).includes(value)) return value as T;
    if (this.#input[name] !== undefined)
      this.#fail(
        `Value '${value}' at '${member(name)}' failed to satisfy constraint: ` +
          `Member must satisfy enum value set: [${values.join(', ')}]`,
      );
    return rule.required ? values[0] : undefined;
  }

  /** A list of strings (`Name.member.N`), each checked against `rule`. */
  strings(name: string, rule: QueryStringRule & { required: true }, maxItems?: number): string[];
  strings(name: string, rule?: QueryStringRule, maxItems?: number): string[] | undefined;
  strings(name: string, rule: QueryStringRule = {}, maxItems?: number): string[] | undefined {
    const list = this.list(name, { maxItems, required: rule.required });
    return list?.map((item) => {
      if (typeof item !== 'string') throw wrongType(name);
      const problem = checkString(item, rule);
      if (problem)
        this.#fail(
          `Value '[${list.join(', ')}]' at '${member(name)}' failed to satisfy constraint: ${problem}`,
        );
      return item;
    });
  }

  /** A list of any members; structures stay objects for the caller to read with `nested`. */
  list(name: string, options: { maxItems?: number; required: true }): unknown[];
  list(name: string, options?: { maxItems?: number; required?: boolean }): unknown[] | undefined;
  list(name: string, options: { maxItems?: number; required?: boolean } = {}): unknown[] | undefined {
    const value = this.#input[name];
    if (value === undefined) {
      if (!options.required) return undefined;
      this.#fail(`Value null at '${member(name)}' failed to satisfy constraint: Member must not be null`);
      return [];
    }
    // An empty list is sent as `Name=` by the SDKs.
    if (value === '') return [];
    if (!Array.isArray(value)) throw wrongType(name);
    if (options.maxItems !== undefined && value.length > options.maxItems)
      this.#fail(
        `Value at '${member(name)}' failed to satisfy constraint: Member must have length less than or equal to ${options.maxItems}`,
      );
    return value;
  }

  /** A nested structure member's reader, sharing this reader's error list. */
  nested(value: unknown, name: string): QueryInputReader {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw wrongType(name);
    const reader = new QueryInputReader(value as Record<string, unknown>);
    reader.#share(this.#shared ?? this.#errors);
    return reader;
  }

  /** A structure member's reader (`Matcher.HttpCode=200`), sharing this reader's error list; undefined if absent. */
  structure(name: string): QueryInputReader | undefined {
    const value = this.#input[name];
    return value === undefined ? undefined : this.nested(value, name);
  }

  /** Throws AWS's ValidationError listing every violation found so far. */
  done(): void {
    const errors = this.#shared ?? this.#errors;
    const count = errors.length;
    if (count === 0) return;
    // FrameworkError 'validation' renders as Query's ValidationError (400), as IAM and STS answer.
    throw new FrameworkError(
      'validation',
      `${count} validation error${count === 1 ? '' : 's'} detected: ${errors.join('; ')}`,
    );
  }

  #shared: string[] | undefined;

  #share(errors: string[]): void {
    this.#shared = errors;
  }

  #fail(message: string): void {
    (this.#shared ?? this.#errors).push(message);
  }
}

/**
 * An operation its handler authorizes (IAM's and STS's resources are known only from state): `read` takes the input
 * apart with a QueryInputReader and nothing else — no state, no authorization — then `done()` reports every
 * violation, and only then does `act` run. The Query twin of `handledJsonOperation`.
 */
export function queryOperation<T>(
  read: (r: QueryInputReader) => T,
  act: (ctx: Parameters<OperationSpec['handler']>[0], input: T) => unknown,
): OperationSpec {
  return {
    authorize: 'handler',
    handler: async (ctx, input) => {
      const r = new QueryInputReader(input);
      const parsed = read(r);
      r.done();
      return act(ctx, parsed);
    },
  };
}

function checkString(value: string, rule: QueryStringRule): string | undefined {
  if (rule.min !== undefined && value.length < rule.min)
    return `Member must have length greater than or equal to ${rule.min}`;
  if (rule.max !== undefined && value.length > rule.max)
    return `Member must have length less than or equal to ${rule.max}`;
  if (rule.pattern && !rule.pattern.test(value))
    return `Member must satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`;
  return undefined;
}

/** `RoleName` → `roleName`, as AWS names members in validation messages. */
function member(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function wrongType(name: string): FrameworkError {
  return new FrameworkError('serialization', `Parameter '${name}' has the wrong type`);
}
