import { Unknown } from '../../../engines/cloudformation/index.js';
import { BerthError } from '../../../errors/index.js';

/**
 * The resources of a Terraform JSON plan (`terraform show -json`, format_version 1.x: "JSON Output Format" in
 * Terraform's documentation): `planned_values.root_module` with its `child_modules`, each resource's `values`; the
 * matching `resource_changes[].change.after_unknown` marks what is known only after apply; `configuration` holds
 * each attribute's `references`, which link a resource to another whose id is not known yet.
 */
export interface PlanResource {
  readonly address: string;
  readonly type: string;
  /** An attribute's planned value, a symbolic `<address>.<attribute>` for a reference known after apply, or Unknown. */
  attr(name: string): unknown;
}

type Json = Record<string, unknown>;

export function planError(reason: string): BerthError {
  return new BerthError('BERTH_INVALID_PLAN', `not a readable Terraform JSON plan: ${reason}`);
}

/** A JSON object, or an empty one for anything else (null, a list, a string). */
export function object(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

export function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function readPlan(text: string): PlanResource[] {
  let plan: Json;
  try {
    plan = object(JSON.parse(text));
  } catch (error) {
    throw planError(`not JSON (${(error as Error).message})`);
  }
  const root = object(object(plan.planned_values).root_module);
  if (typeof plan.format_version !== 'string' || Object.keys(root).length === 0) {
    throw planError(
      'it has no format_version or planned_values.root_module (use `terraform show -json PLANFILE`)',
    );
  }
  const unknowns = new Map<string, Json>();
  for (const change of array(plan.resource_changes)) {
    const c = object(change);
    if (typeof c.address === 'string') unknowns.set(c.address, object(object(c.change).after_unknown));
  }
  const expressions = new Map<string, Json>();
  collectConfiguration(object(object(plan.configuration).root_module), '', expressions);
  const resources: PlanResource[] = [];
  collectResources(root, 0, (r) => {
    const address = String(r.address);
    const values = object(r.values);
    const afterUnknown = unknowns.get(address) ?? {};
    const config = expressions.get(address.replace(/\[[^\]]*\]/g, '')) ?? {};
    resources.push({
      address,
      type: String(r.type),
      attr: (name) => attribute(address, name, values, afterUnknown, config),
    });
  });
  return resources;
}

function collectResources(module: Json, depth: number, add: (resource: Json) => void): void {
  if (depth > 32) throw planError('modules nested deeper than 32 levels');
  for (const resource of array(module.resources)) {
    const r = object(resource);
    if (r.mode !== 'data' && typeof r.address === 'string' && typeof r.type === 'string') add(r);
  }
  for (const child of array(module.child_modules)) collectResources(object(child), depth + 1, add);
}

function collectConfiguration(module: Json, prefix: string, into: Map<string, Json>): void {
  for (const resource of array(module.resources)) {
    const r = object(resource);
    if (typeof r.address === 'string') into.set(`${prefix}${r.address}`, object(r.expressions));
  }
  const calls = object(module.module_calls);
  for (const name of Object.keys(calls)) {
    if (prefix.split('module.').length > 32) throw planError('modules nested deeper than 32 levels');
    collectConfiguration(object(object(calls[name]).module), `${prefix}module.${name}.`, into);
  }
}

function attribute(address: string, name: string, values: Json, afterUnknown: Json, config: Json): unknown {
  if (afterUnknown[name] !== true && values[name] !== undefined && values[name] !== null) return values[name];
  if (afterUnknown[name] !== true) return undefined;
  // Known after apply: follow the configuration's reference to another resource's attribute (`aws_subnet.a.id`),
  // which that resource answers with the same symbol; else this resource's own attribute is its symbol.
  const references = array(object(config[name]).references).filter((r): r is string => typeof r === 'string');
  const reference = references.find((r) => /^(module\.[^.]+\.)*aws_[a-z0-9_]+\.[^.]+\.[a-z_]+$/.test(r));
  if (reference !== undefined) return `(known after apply: ${reference})`;
  if (name === 'id' || name === 'arn') return `(known after apply: ${address}.${name})`;
  return new Unknown(`${address}.${name} is known only after apply`, address);
}
