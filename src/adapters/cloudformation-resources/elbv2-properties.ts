// CloudFormation's ELBv2 properties carry the API's own member names (both PascalCase), so only the types need
// care: templates may hold numbers and booleans as strings ("80", "true"; a Ref to a parameter is always a string),
// and the SDK's Query serializer writes what it is given, so the members the ELBv2 model types as integer or
// boolean are converted (the registry handlers receive schema-typed JSON, ref cloudformation-cdk §5.4).

const integers = new Set([
  'Port',
  'Priority',
  'Weight',
  'DurationSeconds',
  'HealthCheckIntervalSeconds',
  'HealthCheckTimeoutSeconds',
  'HealthyThresholdCount',
  'UnhealthyThresholdCount',
]);
const booleans = new Set(['HealthCheckEnabled', 'Enabled', 'UseExistingClientSecret']);

/** A resolved property value in the types the ELBv2 API model declares. */
export function elbv2Input(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(elbv2Input);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) {
    const converted = elbv2Input(member);
    if (typeof converted === 'string' && integers.has(name) && /^\d+$/.test(converted))
      out[name] = Number(converted);
    else if (typeof converted === 'string' && booleans.has(name) && /^(true|false)$/.test(converted))
      out[name] = converted === 'true';
    else out[name] = converted;
  }
  return out;
}

/** The members of `properties` named in `names` that are set. */
export function pick(
  properties: Readonly<Record<string, unknown>>,
  names: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(names.filter((n) => properties[n] !== undefined).map((n) => [n, properties[n]]));
}

/** `[{Key, Value}]` attributes with string values, as Modify*Attributes takes them. */
export function keyValues(value: unknown): { Key: string; Value: string }[] {
  if (!Array.isArray(value)) return [];
  return (value as { Key?: unknown; Value?: unknown }[])
    .filter((a) => typeof a?.Key === 'string')
    .map((a) => ({ Key: a.Key as string, Value: String(a.Value ?? '') }));
}

/** Resource properties as API members. */
export function elbv2Members(properties: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return elbv2Input(properties) as Record<string, unknown>;
}
