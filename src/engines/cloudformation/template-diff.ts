import { type TemplateValue, Unknown } from './template-value.js';

/** A resource as it is (deployed) or as the new template wants it (planned; Unknown where a dependency changes). */
export interface ResourceState {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Readonly<Record<string, TemplateValue>>;
}

export type Replacement = 'True' | 'False' | 'Conditional';

/** One entry of a change set's Changes (ref cloudformation-cdk §4.3: ChangeAction, Replacement). */
export interface ResourceChange {
  readonly action: 'Add' | 'Modify' | 'Remove';
  readonly logicalId: string;
  readonly type: string;
  readonly replacement?: Replacement;
  /** The top-level properties that change (Modify), in name order. */
  readonly changed: readonly string[];
  /** Changed properties whose new value depends on another resource's change (ChangeSource ResourceReference). */
  readonly dependent: readonly string[];
}

/** How a type treats changed properties: the provisioner's updateBehaviour. */
export type UpdateBehaviourOf = (
  type: string,
  changed: readonly string[],
) => 'no-interruption' | 'replacement';

/**
 * The update diff (ref cloudformation-cdk §4.4): resources only in the new template are added, only in the old one
 * removed, and in both modified when their type or a property differs. A type change is a replacement; otherwise the
 * type's update behaviour decides — `Conditional` when the only changes are values that depend on other changes
 * (CloudFormation's wording for "replaced if the referenced value changes").
 */
export function diffResources(
  deployed: readonly ResourceState[],
  planned: readonly ResourceState[],
  behaviour: UpdateBehaviourOf,
): ResourceChange[] {
  const before = new Map(deployed.map((r) => [r.logicalId, r]));
  const after = new Set(planned.map((r) => r.logicalId));
  const changes: ResourceChange[] = [];
  for (const next of planned) {
    const previous = before.get(next.logicalId);
    if (!previous) {
      changes.push({ action: 'Add', logicalId: next.logicalId, type: next.type, changed: [], dependent: [] });
      continue;
    }
    const { changed, dependent } = changedProperties(previous.properties, next.properties);
    if (previous.type !== next.type) {
      changes.push({
        action: 'Modify',
        logicalId: next.logicalId,
        type: next.type,
        replacement: 'True',
        changed,
        dependent,
      });
      continue;
    }
    if (changed.length === 0) continue;
    const certain = changed.filter((name) => !dependent.includes(name));
    const replacement: Replacement =
      certain.length > 0 && behaviour(next.type, certain) === 'replacement'
        ? 'True'
        : behaviour(next.type, changed) === 'replacement'
          ? 'Conditional'
          : 'False';
    changes.push({
      action: 'Modify',
      logicalId: next.logicalId,
      type: next.type,
      replacement,
      changed,
      dependent,
    });
  }
  for (const previous of deployed) {
    if (!after.has(previous.logicalId)) {
      changes.push({
        action: 'Remove',
        logicalId: previous.logicalId,
        type: previous.type,
        changed: [],
        dependent: [],
      });
    }
  }
  return changes;
}

/** The top-level properties whose values differ (added and removed ones included); Unknown counts as different. */
export function changedProperties(
  previous: Readonly<Record<string, TemplateValue>>,
  next: Readonly<Record<string, TemplateValue>>,
): { changed: string[]; dependent: string[] } {
  const names = [...new Set([...Object.keys(previous), ...Object.keys(next)])].sort();
  const changed: string[] = [];
  const dependent: string[] = [];
  for (const name of names) {
    const after = next[name];
    if (after !== undefined && containsUnknown(after)) {
      changed.push(name);
      dependent.push(name);
    } else if (canonical(previous[name]) !== canonical(after)) changed.push(name);
  }
  return { changed, dependent };
}

function containsUnknown(value: TemplateValue): boolean {
  if (value instanceof Unknown) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * A value's text for comparison: numbers and booleans as strings (CloudFormation compares the template's values,
 * and `80` and `"80"` reach a resource the same), object keys sorted.
 */
function canonical(value: TemplateValue | undefined): string {
  if (value === undefined) return '';
  const normal = (v: TemplateValue): unknown => {
    if (Array.isArray(v)) return v.map(normal);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((key) => [key, normal((v as Record<string, TemplateValue>)[key]!)]),
      );
    }
    return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
  };
  return JSON.stringify(normal(value));
}
