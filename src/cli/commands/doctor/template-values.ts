import {
  isRecord,
  type TemplateResource,
  type TemplateValue,
  Unknown,
} from '../../../engines/cloudformation/index.js';
import type { Maybe } from '../../../engines/doctor/index.js';

/** Readers of resolved template values into the chain model's shapes: a string, a list, a record, or Unknown. */

export function text(value: TemplateValue | undefined): Maybe<string> | undefined {
  if (typeof value === 'string' || value instanceof Unknown) return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function list(value: TemplateValue | undefined): readonly TemplateValue[] {
  return Array.isArray(value) ? (value as readonly TemplateValue[]) : [];
}

export function record(value: TemplateValue | undefined): Readonly<Record<string, TemplateValue>> {
  return isRecord(value) ? value : {};
}

/** Resources of one type that the stack creates (an unknown Condition counts: it may). */
export function ofType(resources: readonly TemplateResource[], type: string): TemplateResource[] {
  return resources.filter((r) => r.type === type && r.created !== false);
}
