import type { KeyValue } from './physical-names.js';

// CloudFormation's PascalCase ECS properties as the ECS API's camelCase members (ref cloudformation-cdk §5.4): the
// first letter lower-cased, recursively, except free-form maps whose keys are the user's (awslogs-group, Docker
// labels) and the irregular names found by comparing the CloudFormation docs with the ECS API model.

const irregular: Readonly<Record<string, string>> = {
  EFSVolumeConfiguration: 'efsVolumeConfiguration',
  FilesystemId: 'fileSystemId',
  IAM: 'iam',
  ProxyConfigurationProperties: 'properties',
  PlacementStrategies: 'placementStrategy',
};

/** Members whose value is a map of the user's keys (schema patternProperties): keys kept, values as given. */
const userMaps = new Set(['Options', 'DockerLabels', 'DriverOpts', 'Labels']);

// Templates may carry numbers and booleans as strings ("8080", "true", and any Ref to a parameter is a string); the
// registry handlers receive schema-typed JSON, so convert the members the ECS schemas type as integer or boolean.
const integers = new Set([
  'Cpu',
  'Memory',
  'MemoryReservation',
  'ContainerPort',
  'HostPort',
  'StartTimeout',
  'StopTimeout',
  'Interval',
  'Timeout',
  'Retries',
  'StartPeriod',
  'SoftLimit',
  'HardLimit',
  'SharedMemorySize',
  'Swappiness',
  'MaxSwap',
  'SizeInGiB',
  'DesiredCount',
  'MaximumPercent',
  'MinimumHealthyPercent',
  'HealthCheckGracePeriodSeconds',
  'Weight',
  'Base',
  'TransitEncryptionPort',
]);
const booleans = new Set([
  'Essential',
  'Privileged',
  'ReadonlyRootFilesystem',
  'DisableNetworking',
  'Interactive',
  'PseudoTerminal',
  'ReadOnly',
  'Enable',
  'Rollback',
  'EnableECSManagedTags',
  'EnableExecuteCommand',
  'InitProcessEnabled',
  'Autoprovision',
]);

/** The ECS API member for a CloudFormation property name. */
export function ecsMemberName(name: string): string {
  return irregular[name] ?? name.charAt(0).toLowerCase() + name.slice(1);
}

/** `value` (a resolved CloudFormation property value) in the ECS API's shape. */
export function toEcsApi(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toEcsApi);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) {
    out[ecsMemberName(name)] = userMaps.has(name) ? member : typed(name, toEcsApi(member));
  }
  return out;
}

/** The properties of a resource, minus `omit`, as ECS API members (Tags are read separately: tags [{key, value}]). */
export function ecsMembers(
  properties: Readonly<Record<string, unknown>>,
  omit: readonly string[],
): Record<string, unknown> {
  const kept = Object.fromEntries(
    Object.entries(properties).filter(([name]) => !omit.includes(name) && name !== 'Tags'),
  );
  return toEcsApi(kept) as Record<string, unknown>;
}

export function ecsTags(tags: readonly KeyValue[]): { key: string; value: string }[] {
  return tags.map((t) => ({ key: t.Key, value: t.Value }));
}

function typed(name: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (integers.has(name) && /^-?\d+$/.test(value)) return Number(value);
  if (booleans.has(name) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}
