import type { PhysicalValues } from './physical-ids.js';

/**
 * What a deployment knows that a template alone does not: the created resources' Ref values and attributes, the
 * stack's id, the region's exports and availability zones, and the values of the template's dynamic references
 * (read from SSM and Secrets Manager before evaluation, since evaluation itself is synchronous and pure). Given to
 * the Resolver, it turns the doctor's Unknowns into values (ref cloudformation-cdk §5.1, §5.2).
 */
export interface DeployFacts {
  readonly stackId: string;
  /** A created resource's values; undefined while it is not created (a value that depends on it is Unknown). */
  resource(logicalId: string): PhysicalValues | undefined;
  /** `Fn::ImportValue`: export name → value. */
  readonly exports: Readonly<Record<string, string>>;
  /** `Fn::GetAZs`: the region's zone names, alphabetical. */
  readonly availabilityZones: readonly string[];
  /** `{{resolve:…}}` (the whole reference text) → its value. */
  readonly dynamicReferences: ReadonlyMap<string, string>;
}

/** Every `{{resolve:…}}` reference in a text, as written (cfn-doc dynamic-references.md; ref cloudformation-cdk §5.1). */
export function dynamicReferencesIn(text: string): string[] {
  const found: string[] = [];
  let at = 0;
  for (;;) {
    const open = text.indexOf('{{resolve:', at);
    if (open < 0) return found;
    const close = text.indexOf('}}', open);
    if (close < 0) return found;
    found.push(text.slice(open, close + 2));
    at = close + 2;
  }
}

/** `{{resolve:ssm:name:1}}` → `{service: 'ssm', parts: ['name', '1']}`; undefined for a malformed reference. */
export function parseDynamicReference(
  reference: string,
): { readonly service: string; readonly parts: readonly string[] } | undefined {
  const inner = reference.slice('{{resolve:'.length, -2);
  const [service, ...parts] = inner.split(':');
  if (!service || parts.length === 0 || parts[0] === '') return undefined;
  // A secret ARN carries colons of its own: keep `arn:…:secret:name-abcdef` as one segment.
  if (service === 'secretsmanager' && parts[0] === 'arn') {
    return { service, parts: [parts.slice(0, 7).join(':'), ...parts.slice(7)] };
  }
  return { service, parts };
}
