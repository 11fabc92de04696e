/**
 * The task metadata endpoint v4 (`${ECS_CONTAINER_METADATA_URI_V4}`), as the ECS agent shapes its answers
 * (agent/handlers/v4 of aws/amazon-ecs-agent; AWS's task-metadata-endpoint-v4-fargate page): the container's JSON at
 * `/`, the task's with every container at `/task`. Members are PascalCase except the container's `Health`, whose
 * members are lower-case as on AWS. Fields berth has no counterpart for (AvailabilityZone, ClockDrift, MACAddress,
 * EphemeralStorageMetrics) are left out rather than invented. `/stats` and `/task/stats` are minimal: Docker's stats
 * shape with the identity fields and empty counters, because berth reads no cgroup counters.
 */
import type { ContainerDefinition, NetworkMode, TaskLaunch } from '../../engines/ecs/index.js';
import type { TaskReporter } from '../task/task-reporter.js';

/** What the metadata is made from: the launch, and what the agent reports of the task now. */
export interface MetadataSource {
  readonly launch: TaskLaunch;
  readonly networkMode: NetworkMode;
  readonly reporter: Pick<
    TaskReporter,
    'status' | 'containers' | 'pullStartedAt' | 'pullStoppedAt' | 'privateIpv4Address' | 'stoppedReason'
  >;
}

/** ECS cpu units in one vCPU. */
const cpuUnitsPerVcpu = 1024;

export function containerMetadata(source: MetadataSource, name: string): Record<string, unknown> {
  const { launch, reporter } = source;
  const definition = launch.containers.find((c) => c.definition.name === name)!.definition;
  const view = reporter.containers.get(name)!;
  return {
    DockerId: view.runtimeId ?? `${launch.taskId}-${name}`,
    Name: name,
    DockerName: name,
    Image: definition.image,
    ...(view.imageDigest === undefined ? {} : { ImageID: view.imageDigest }),
    Labels: {
      'com.amazonaws.ecs.cluster': launch.clusterArn,
      'com.amazonaws.ecs.container-name': name,
      'com.amazonaws.ecs.task-arn': launch.taskArn,
      'com.amazonaws.ecs.task-definition-family': launch.taskDefinition.family,
      'com.amazonaws.ecs.task-definition-version': String(launch.taskDefinition.revision),
      ...dockerLabels(definition),
    },
    DesiredStatus: desiredStatus(source),
    KnownStatus: view.status,
    ...(view.exitCode === undefined ? {} : { ExitCode: view.exitCode }),
    Limits: { CPU: definition.cpu ?? 0, ...memoryLimit(definition) },
    ...(view.startedAt === undefined ? {} : { StartedAt: view.startedAt.toISOString() }),
    Type: 'NORMAL',
    ...(view.health === undefined
      ? {}
      : {
          Health: {
            status: view.health.status,
            statusSince: view.health.since.toISOString(),
            ...(view.health.output === undefined ? {} : { output: view.health.output }),
          },
        }),
    ...networks(source),
  };
}

export function taskMetadata(source: MetadataSource): Record<string, unknown> {
  const { launch, reporter } = source;
  return {
    Cluster: launch.clusterArn,
    TaskARN: launch.taskArn,
    Family: launch.taskDefinition.family,
    Revision: String(launch.taskDefinition.revision),
    DesiredStatus: desiredStatus(source),
    KnownStatus: reporter.status,
    // Fargate's task limits: CPU in vCPUs (256 units = 0.25), Memory in MiB.
    Limits: {
      ...(launch.cpu === undefined ? {} : { CPU: launch.cpu / cpuUnitsPerVcpu }),
      ...(launch.memory === undefined ? {} : { Memory: launch.memory }),
    },
    ...(reporter.pullStartedAt === undefined ? {} : { PullStartedAt: reporter.pullStartedAt.toISOString() }),
    ...(reporter.pullStoppedAt === undefined ? {} : { PullStoppedAt: reporter.pullStoppedAt.toISOString() }),
    LaunchType: launch.launchType,
    Containers: launch.containers.map((c) => containerMetadata(source, c.definition.name)),
  };
}

/** Docker's stats shape with nothing measured: who and when, and empty counters. */
export function containerStats(source: MetadataSource, name: string, now: Date): Record<string, unknown> {
  const view = source.reporter.containers.get(name)!;
  return {
    read: now.toISOString(),
    preread: '0001-01-01T00:00:00Z',
    name,
    id: view.runtimeId ?? `${source.launch.taskId}-${name}`,
    num_procs: 0,
    pids_stats: {},
    cpu_stats: {},
    precpu_stats: {},
    memory_stats: {},
    blkio_stats: {},
    networks: {},
  };
}

/** `/task/stats`: each container's stats under its DockerId. */
export function taskStats(source: MetadataSource, now: Date): Record<string, unknown> {
  return Object.fromEntries(
    source.launch.containers.map(({ definition }) => {
      const stats = containerStats(source, definition.name, now);
      return [stats['id'] as string, stats];
    }),
  );
}

function desiredStatus(source: MetadataSource): 'RUNNING' | 'STOPPED' {
  const status = source.reporter.status;
  return source.reporter.stoppedReason !== undefined ||
    ['DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED'].includes(status)
    ? 'STOPPED'
    : 'RUNNING';
}

function memoryLimit(definition: ContainerDefinition): { Memory?: number } {
  return definition.memory === undefined ? {} : { Memory: definition.memory };
}

function dockerLabels(definition: ContainerDefinition): Record<string, string> {
  return (definition['dockerLabels'] as Record<string, string> | undefined) ?? {};
}

function networks(source: MetadataSource): { Networks?: unknown[] } {
  const address = source.reporter.privateIpv4Address;
  if (address === undefined) return {};
  return {
    Networks: [{ NetworkMode: source.networkMode, IPv4Addresses: [address], AttachmentIndex: 0 }],
  };
}
