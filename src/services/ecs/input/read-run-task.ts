/** RunTask's input ([DOC] API_RunTask, API_TaskOverride, API_ContainerOverride, API_AwsVpcConfiguration). */
import type { JsonInputReader } from '../../../aws/index.js';
import type { ContainerOverride } from '../../../engines/ecs/index.js';
import type { CapacityProviderStrategyItem } from '../domain/documents.js';
import type { AwsvpcConfiguration, RunTaskRequest, TaskOverrides } from '../run-task-request.js';
import { integer, type Json, keyValueList, list, object, string, stringList, tagList } from './shape.js';

const launchTypes = ['EC2', 'FARGATE', 'EXTERNAL'];

export function readRunTaskRequest(r: JsonInputReader, input: Json): RunTaskRequest {
  const network = object(input['networkConfiguration']);
  return {
    cluster: r.string('cluster'),
    taskDefinition: r.string('taskDefinition', { required: true }),
    count: r.integer('count') ?? 1,
    launchType: r.string('launchType', { enum: launchTypes }) as RunTaskRequest['launchType'],
    capacityProviderStrategy: r.list('capacityProviderStrategy', readStrategyItem),
    platformVersion: r.string('platformVersion'),
    overrides: readOverrides(object(input['overrides'])),
    networkConfigurationGiven: network !== undefined,
    awsvpcConfiguration: readAwsvpc(r, object(network?.['awsvpcConfiguration'])),
    startedBy: r.string('startedBy', { max: 128 }),
    group: r.string('group'),
    tags: tagList(r) ?? [],
    enableExecuteCommand: r.boolean('enableExecuteCommand') ?? false,
  };
}

export function readStrategyItem(value: unknown): CapacityProviderStrategyItem {
  const item = object(value) ?? {};
  return {
    capacityProvider: string(item['capacityProvider']) ?? '',
    weight: integer(item['weight']),
    base: integer(item['base']),
  };
}

function readOverrides(overrides: Json | undefined): TaskOverrides | undefined {
  if (!overrides) return undefined;
  const { containerOverrides, cpu, memory, executionRoleArn, taskRoleArn, ...other } = overrides;
  return {
    containerOverrides: list(containerOverrides, readContainerOverride),
    cpu: string(cpu),
    memory: string(memory),
    executionRoleArn: string(executionRoleArn),
    taskRoleArn: string(taskRoleArn),
    other,
  };
}

function readContainerOverride(value: unknown): ContainerOverride {
  const override = object(value) ?? {};
  const fields = {
    name: string(override['name']) ?? '',
    command: stringList(override['command']),
    environment: keyValueList(override['environment']),
    environmentFiles: list(override['environmentFiles'], (entry) => object(entry)),
    cpu: integer(override['cpu']),
    memory: integer(override['memory']),
    memoryReservation: integer(override['memoryReservation']),
    resourceRequirements: list(override['resourceRequirements'], (entry) => object(entry)),
  };
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined),
  ) as unknown as ContainerOverride;
}

function readAwsvpc(r: JsonInputReader, config: Json | undefined): AwsvpcConfiguration | undefined {
  if (!config) return undefined;
  const assign = string(config['assignPublicIp']);
  if (assign !== undefined && assign !== 'ENABLED' && assign !== 'DISABLED')
    r.fail(
      'networkConfiguration.awsvpcConfiguration.assignPublicIp',
      `'${assign}'`,
      'Member must satisfy enum value set: [ENABLED, DISABLED]',
    );
  return {
    subnets: stringList(config['subnets']) ?? [],
    securityGroups: stringList(config['securityGroups']),
    ...(assign === undefined ? {} : { assignPublicIp: assign as 'ENABLED' | 'DISABLED' }),
  };
}
