import { FrameworkError } from '../../errors.js';
import type { OperationSpec } from '../../service-registry.js';

interface Limits {
  readonly min?: number;
  readonly max?: number;
}

interface StringRules extends Limits {
  readonly required?: boolean;
  readonly pattern?: RegExp;
  readonly enum?: readonly string[];
}

interface BlobRules extends Limits {
  readonly required?: boolean;
  /** Sensitive members are named without their value in validation texts, as AWS does (`Value at 'plaintext'`). */
  readonly sensitive?: boolean;
}

/**
 * Reads one AWS JSON input against its shape, the way AWS's front end does: a member of the wrong JSON type is a
 * SerializationException at once; constraint failures (missing, length, range, enum, pattern) are collected and
 * reported together as "N validation error(s) detected: …" with camelCase member names (ref aws-iam-and-protocols §4.1).
 * Nothing is changed before `done()` passes, so bad input changes nothing. A required member that is missing reads
 * as a placeholder of its type (`''`, `0`, an empty blob) and is reported by `done()`, so its type never lies.
 */
export class JsonInputReader {
  readonly #input: Record<string, unknown>;
  readonly #problems: string[] = [];

  constructor(input: Record<string, unknown>) {
    this.#input = input;
  }

  string(member: string, rules: StringRules & { required: true }): string;
  string(member: string, rules?: StringRules): string | undefined;
  string(member: string, rules: StringRules = {}): string | undefined {
    const value = this.#present(member, rules.required);
    if (value === undefined) return rules.required ? '' : undefined;
    if (typeof value !== 'string') throw serializationError();
    const shown = `'${value}'`;
    this.#length(member, shown, value.length, rules);
    if (rules.enum && !rules.enum.includes(value))
      this.#fail(member, shown, `Member must satisfy enum value set: [${rules.enum.join(', ')}]`);
    if (rules.pattern && !rules.pattern.test(value))
      this.#fail(member, shown, `Member must satisfy regular expression pattern: ${rules.pattern.source}`);
    return value;
  }

  integer(member: string, rules: Limits & { required: true }): number;
  integer(member: string, rules?: Limits & { required?: boolean }): number | undefined;
  integer(member: string, rules: Limits & { required?: boolean } = {}): number | undefined {
    const value = this.#present(member, rules.required);
    if (value === undefined) return rules.required ? 0 : undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw serializationError();
    if (rules.min !== undefined && value < rules.min)
      this.#fail(member, `'${value}'`, `Member must have value greater than or equal to ${rules.min}`);
    if (rules.max !== undefined && value > rules.max)
      this.#fail(member, `'${value}'`, `Member must have value less than or equal to ${rules.max}`);
    return value;
  }

  boolean(member: string): boolean | undefined {
    const value = this.#present(member, false);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw serializationError();
    return value;
  }

  /** A blob member: base64 text on the wire. */
  blob(member: string, rules: BlobRules & { required: true }): Uint8Array;
  blob(member: string, rules?: BlobRules): Uint8Array | undefined;
  blob(member: string, rules: BlobRules = {}): Uint8Array | undefined {
    const value = this.#present(member, rules.required);
    if (value === undefined) return rules.required ? new Uint8Array() : undefined;
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 === 1)
      throw serializationError();
    const bytes = new Uint8Array(Buffer.from(value, 'base64'));
    this.#length(member, rules.sensitive ? undefined : `'${value}'`, bytes.length, rules);
    return bytes;
  }

  /** A map of strings to strings (KMS EncryptionContext). */
  stringMap(member: string): Record<string, string> | undefined {
    const value = this.#present(member, false);
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw serializationError();
    const result: Record<string, string> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (typeof item !== 'string') throw serializationError();
      Object.defineProperty(result, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return result;
  }

  /** A list member whose items are read by `item` (given the item and its 1-based wire path). */
  list<T>(member: string, item: (value: unknown, path: string) => T, rules: Limits = {}): T[] | undefined {
    const value = this.#present(member, false);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw serializationError();
    this.#length(member, undefined, value.length, rules);
    return value.map((entry, index) => item(entry, `${camel(member)}.${index + 1}.member`));
  }

  /** Records a constraint failure found by a caller (nested members of list items). */
  fail(path: string, shown: string | undefined, constraint: string): void {
    this.#problems.push(
      `Value ${shown === undefined ? '' : `${shown} `}at '${path}' failed to satisfy constraint: ${constraint}`,
    );
  }

  /** Throws the collected ValidationException, if any. */
  done(): void {
    const count = this.#problems.length;
    if (count === 0) return;
    const head = `${count} validation error${count === 1 ? '' : 's'} detected: `;
    throw new FrameworkError('validation', head + this.#problems.join('; '));
  }

  #present(member: string, required: boolean | undefined): unknown {
    const value = Object.hasOwn(this.#input, member) ? this.#input[member] : undefined;
    if (value === undefined || value === null) {
      if (required) this.#fail(member, 'null', 'Member must not be null');
      return undefined;
    }
    return value;
  }

  #length(member: string, shown: string | undefined, length: number, rules: Limits): void {
    if (rules.min !== undefined && length < rules.min)
      this.#fail(member, shown, `Member must have length greater than or equal to ${rules.min}`);
    if (rules.max !== undefined && length > rules.max)
      this.#fail(member, shown, `Member must have length less than or equal to ${rules.max}`);
  }

  #fail(member: string, shown: string | undefined, constraint: string): void {
    this.fail(camel(member), shown, constraint);
  }
}

/** AWS names members in validation texts in camelCase: `SecretId` → `secretId`. */
export function camel(member: string): string {
  return member.charAt(0).toLowerCase() + member.slice(1);
}

/** A member of the wrong JSON type: AWS's front end answers SerializationException without a message. */
export function serializationError(): FrameworkError {
  return new FrameworkError('serialization', '');
}

/**
 * An operation read and validated with a JsonInputReader — nothing happens before every constraint passed — then
 * acted on. `read` gets the raw input too, for nested structures read with a service's own shape helpers (ECS).
 * Authorized by its handler (the resource is known only from the service's state) unless `authorize` says how
 * the gateway does it (`() => '*'` for listings and creations).
 */
export function handledJsonOperation<T>(
  read: (r: JsonInputReader, input: Record<string, unknown>) => T,
  act: (ctx: Parameters<OperationSpec['handler']>[0], input: T) => unknown,
  authorize: OperationSpec['authorize'] = 'handler',
): OperationSpec {
  return {
    authorize,
    handler: async (ctx, input) => {
      const r = new JsonInputReader(input);
      const parsed = read(r, input);
      r.done();
      return (await act(ctx, parsed)) ?? {};
    },
  };
}
