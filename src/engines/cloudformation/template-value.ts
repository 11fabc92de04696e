/**
 * What a template value is once intrinsic functions are worked out: plain JSON, with `Unknown` wherever the value
 * is decided only at deploy time (an import, an SSM parameter, an AZ list) or cannot be decided at all (a parameter
 * without a default, a reference to a resource type berth does not model). An Unknown is never taken for a value:
 * whoever reads one must say that it could not decide, never guess that all is fine.
 */
export type TemplateValue =
  | string
  | number
  | boolean
  | null
  | Unknown
  | readonly TemplateValue[]
  | { readonly [key: string]: TemplateValue };

export class Unknown {
  /** Why it is unknown, e.g. `Fn::ImportValue is resolved at deploy time`. */
  readonly reason: string;
  /** The JSON pointer of the expression that could not be resolved. */
  readonly pointer: string;

  constructor(reason: string, pointer: string) {
    this.reason = reason;
    this.pointer = pointer;
  }
}

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

export function isRecord(value: unknown): value is { readonly [key: string]: TemplateValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Unknown);
}

/** The first Unknown inside a value, looking through lists and objects. */
export function firstUnknown(value: TemplateValue): Unknown | undefined {
  if (value instanceof Unknown) return value;
  if (Array.isArray(value)) {
    for (const item of value as readonly TemplateValue[]) {
      const found = firstUnknown(item);
      if (found) return found;
    }
  } else if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      const found = firstUnknown(value[key]!);
      if (found) return found;
    }
  }
  return undefined;
}

/** A string value, an Unknown, or undefined for anything else (absent, a number, an object). */
export function stringOrUnknown(value: TemplateValue | undefined): string | Unknown | undefined {
  if (typeof value === 'string' || value instanceof Unknown) return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
