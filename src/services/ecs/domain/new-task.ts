/**
 * A task as RunTask returns it: PROVISIONING, desired RUNNING, containers PENDING, and for awsvpc the ENI attachment
 * ECS precreates ([DOC] API_Task, API_Attachment; task-lifecycle: "PROVISIONING — Amazon ECS has to perform
 * additional steps before the task is launched. For example, for tasks that use the awsvpc network mode, the elastic
 * network interface needs to be provisioned"). The ENI's private address arrives later from the agent.
 */
import type { ContainerDefinition, LaunchType } from '../../../engines/ecs/index.js';
import { type EcsScope, ecsArns } from '../../../engines/ecs/index.js';
import type { Random } from '../../../ports/index.js';
import type { AttachmentRecord, ContainerRecord, KeyValue, Tag, TaskRecord } from './documents.js';
import { newEniId, newMacAddress, newUuid } from './ids.js';

export interface NewTask {
  readonly scope: EcsScope;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly taskId: string;
  readonly family: string;
  readonly taskDefinitionArn: string;
  readonly networkMode: string | undefined;
  readonly launchType: LaunchType;
  readonly capacityProviderName?: string;
  /** The task size after overrides, as the API shows it (strings of units and MiB). */
  readonly cpu?: string;
  readonly memory?: string;
  /** The containers with RunTask's overrides applied. */
  readonly containers: readonly ContainerDefinition[];
  readonly overrides: Readonly<Record<string, unknown>>;
  readonly subnetId?: string;
  readonly cpuArchitecture?: string;
  readonly startedBy?: string;
  readonly group: string;
  readonly tags: readonly Tag[];
  readonly enableExecuteCommand: boolean;
  readonly now: Date;
}

export function newTask(input: NewTask, random: Random): TaskRecord {
  const { scope, clusterName, taskId } = input;
  const taskArn = ecsArns.task(scope, clusterName, taskId);
  const fargate = input.launchType === 'FARGATE';
  const containers = input.containers.map(
    (container): ContainerRecord => ({
      containerArn: ecsArns.container(scope, clusterName, taskId, newUuid(random)),
      taskArn,
      name: container.name,
      image: container.image,
      lastStatus: 'PENDING',
      networkBindings: [],
      networkInterfaces: [],
      healthStatus: 'UNKNOWN',
      cpu: String(container.cpu ?? 0),
      ...(container.memory === undefined ? {} : { memory: String(container.memory) }),
      ...(container.memoryReservation === undefined
        ? {}
        : { memoryReservation: String(container.memoryReservation) }),
    }),
  );
  const attachments: AttachmentRecord[] =
    input.networkMode === 'awsvpc' ? [eniAttachment(input.subnetId, random)] : [];
  const attributes: KeyValue[] =
    input.cpuArchitecture === undefined
      ? []
      : [{ name: 'ecs.cpu-architecture', value: input.cpuArchitecture }];
  return {
    account: scope.account,
    region: scope.region,
    clusterName,
    taskId,
    family: input.family,
    ...(input.networkMode === undefined ? {} : { networkMode: input.networkMode }),
    taskArn,
    clusterArn: input.clusterArn,
    taskDefinitionArn: input.taskDefinitionArn,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    launchType: input.launchType,
    ...(input.capacityProviderName === undefined ? {} : { capacityProviderName: input.capacityProviderName }),
    // Fargate: platform version 1.4.0, Linux, 20 GiB of ephemeral storage ([DOC] fargate-task-storage).
    ...(fargate
      ? { platformVersion: '1.4.0', platformFamily: 'Linux', ephemeralStorage: { sizeInGiB: 20 } }
      : {}),
    ...(input.cpu === undefined ? {} : { cpu: input.cpu }),
    ...(input.memory === undefined ? {} : { memory: input.memory }),
    containers,
    attachments,
    attributes,
    availabilityZone: `${scope.region}a`,
    group: input.group,
    ...(input.startedBy === undefined ? {} : { startedBy: input.startedBy }),
    overrides: input.overrides,
    tags: input.tags,
    version: 1,
    healthStatus: 'UNKNOWN',
    enableExecuteCommand: input.enableExecuteCommand,
    createdAt: input.now.toISOString(),
  };
}

/** The ENI ECS creates for an awsvpc task, PRECREATED until the agent has set up the task's network namespace. */
function eniAttachment(subnetId: string | undefined, random: Random): AttachmentRecord {
  const details: KeyValue[] = [];
  if (subnetId !== undefined) details.push({ name: 'subnetId', value: subnetId });
  details.push({ name: 'networkInterfaceId', value: newEniId(random) });
  details.push({ name: 'macAddress', value: newMacAddress(random) });
  return { id: newUuid(random), type: 'ElasticNetworkInterface', status: 'PRECREATED', details };
}
