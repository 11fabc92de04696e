/**
 * RegisterTaskDefinition's checks of one container definition and of the containers together (ref ecs-private-auth §2.1 and
 * peers §C8, §C12), each answering ECS's ClientException text (ecs-messages.ts), and the defaults ECS fills in.
 */
import { ecsNamePattern } from './ecs-arns.js';
import { ecsMessages as m } from './ecs-messages.js';
import { ecrRegistryOf, imageProblem } from './image-name.js';
import { parseCredentialsParameter } from './repository-credentials.js';
import type { ContainerDefinition, PortMapping } from './task-definition-types.js';
import type { NetworkMode } from './task-protocol.js';

export interface ContainerContext {
  readonly networkMode: NetworkMode | undefined;
  /** Task-level memory is set, or Fargate's own rule will demand it: container memory is then optional. */
  readonly memoryFromTask: boolean;
}

const imageTexts = { empty: m.imageEmpty, 'too-long': m.imageTooLong, invalid: m.imageInvalid } as const;

/** The first problem with one container, in the order ECS's texts are most specific about; undefined when none. */
export function containerProblem(
  container: ContainerDefinition,
  context: ContainerContext,
): string | undefined {
  const name = container.name ?? '';
  if (name === '') return m.containerNameEmpty;
  if (!ecsNamePattern.test(name)) return m.containerNameInvalid;
  const image = imageProblem(container.image ?? '');
  if (image) return imageTexts[image];
  const credentials = container.repositoryCredentials;
  if (credentials) {
    if (!parseCredentialsParameter(credentials.credentialsParameter ?? ''))
      return m.credentialsParameterInvalid(name);
    if (ecrRegistryOf(container.image)) return m.credentialsOnEcrImage;
  }
  for (const mapping of container.portMappings ?? []) {
    const port = mapping.containerPort;
    if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535)
      return m.containerPortInvalid(name);
    if (
      context.networkMode === 'awsvpc' &&
      mapping.hostPort !== undefined &&
      mapping.hostPort !== 0 &&
      mapping.hostPort !== port
    )
      return m.awsvpcPortsMustMatch;
  }
  const health = healthCheckProblem(container);
  if (health) return health;
  if (context.networkMode === 'awsvpc' && container.hostname !== undefined) return m.awsvpcHostname;
  if (!context.memoryFromTask && container.memory === undefined && container.memoryReservation === undefined)
    return m.containerMemoryMissing(name);
  return undefined;
}

/** The ranges of a health check's settings (ref ecs-services-elb-logs §3.1), in the order the API lists them. */
const healthCheckRanges = [
  ['interval', 5, 300],
  ['timeout', 2, 60],
  ['retries', 1, 10],
  ['startPeriod', 0, 300],
] as const;

function healthCheckProblem(container: ContainerDefinition): string | undefined {
  const check = container.healthCheck;
  if (check === undefined) return undefined;
  for (const [field, min, max] of healthCheckRanges) {
    const value = check[field];
    if (value !== undefined && (value < min || value > max))
      return m.healthCheckOutOfRange(container.name, field, min, max);
  }
  return undefined;
}

/** Problems that involve several containers: duplicate names, dependencies, the essential flag. */
export function containersProblem(containers: readonly ContainerDefinition[]): string | undefined {
  const names = containers.map((container) => container.name);
  if (new Set(names).size !== names.length) return m.duplicateContainerNames;
  const byName = new Map(containers.map((container) => [container.name, container]));
  for (const container of containers) {
    for (const dependency of container.dependsOn ?? []) {
      const target = byName.get(dependency.containerName);
      if (!target) return m.unknownDependency(dependency.containerName);
      const completes = dependency.condition === 'SUCCESS' || dependency.condition === 'COMPLETE';
      if (completes && isEssential(target)) return m.essentialCompletionDependency;
    }
  }
  return containers.some(isEssential) ? undefined : m.noEssentialContainer;
}

/** "If the essential parameter of a container is omitted, it is assumed to be essential" ([DOC] ContainerDefinition). */
export function isEssential(container: ContainerDefinition): boolean {
  return container.essential !== false;
}

/**
 * The container as DescribeTaskDefinition returns it: ECS fills `essential`, `cpu: 0` and empty lists for
 * `portMappings`, `environment`, `mountPoints`, `volumesFrom` (as seen in every DescribeTaskDefinition output [INF:
 * which fields exactly]); port mappings get `protocol: tcp`, and under awsvpc or host networking the host port is the
 * container port ("ECS happily makes this transformation", turnerlabs/terraform-ecs-fargate#11).
 */
export function normalizeContainer(
  container: ContainerDefinition,
  networkMode: NetworkMode | undefined,
): ContainerDefinition {
  const portMappings = (container.portMappings ?? []).map((mapping): PortMapping => {
    const sameHost = networkMode === 'awsvpc' || networkMode === 'host';
    const hostPort = sameHost && !mapping.hostPort ? mapping.containerPort : mapping.hostPort;
    return { ...mapping, hostPort, protocol: mapping.protocol ?? 'tcp' };
  });
  return {
    ...container,
    cpu: container.cpu ?? 0,
    portMappings,
    essential: isEssential(container),
    environment: container.environment ?? [],
    mountPoints: (container['mountPoints'] as unknown[] | undefined) ?? [],
    volumesFrom: (container['volumesFrom'] as unknown[] | undefined) ?? [],
  };
}
