/**
 * RegisterTaskDefinition's input ([DOC] API_RegisterTaskDefinition, API_ContainerDefinition): the members berth's
 * rules read are type-checked here; every other member is kept as sent and echoed back.
 */
import type { JsonInputReader } from '../../../aws/index.js';
import type {
  Compatibility,
  ContainerDefinition,
  TaskDefinitionRequest,
} from '../../../engines/ecs/index.js';
import type { Tag } from '../domain/documents.js';
import {
  boolean,
  integer,
  type Json,
  keyValueList,
  list,
  object,
  string,
  stringList,
  stringMap,
  tagList,
  withChecked,
} from './shape.js';

const networkModes = ['bridge', 'host', 'awsvpc', 'none'];
const compatibilities = ['EC2', 'FARGATE', 'EXTERNAL'];
const conditions = ['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'];
const known = new Set([
  'family',
  'containerDefinitions',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'requiresCompatibilities',
  'cpu',
  'memory',
  'pidMode',
  'ipcMode',
  'tags',
]);

export function readTaskDefinitionRequest(
  r: JsonInputReader,
  input: Json,
): { request: TaskDefinitionRequest; tags: Tag[] } {
  // Both are required by the model, yet ECS answers their absence with its own ClientException texts ("Family can
  // not be blank.", "Container list cannot be empty."), so they are read as optional and the rules refuse them.
  const family = r.string('family') ?? '';
  const containers = r.list('containerDefinitions', readContainer) ?? [];
  const request: TaskDefinitionRequest = {
    family,
    containerDefinitions: containers,
    taskRoleArn: r.string('taskRoleArn'),
    executionRoleArn: r.string('executionRoleArn'),
    networkMode: r.string('networkMode', { enum: networkModes }) as TaskDefinitionRequest['networkMode'],
    requiresCompatibilities: r.list('requiresCompatibilities', (value, path) => {
      const text = string(value) ?? '';
      if (!compatibilities.includes(text))
        r.fail(path, `'${text}'`, `Member must satisfy enum value set: [${compatibilities.join(', ')}]`);
      return text as Compatibility;
    }),
    cpu: r.string('cpu'),
    memory: r.string('memory'),
    pidMode: r.string('pidMode', { enum: ['host', 'task'] }),
    ipcMode: r.string('ipcMode', { enum: ['host', 'task', 'none'] }),
    other: Object.fromEntries(Object.entries(input).filter(([member]) => !known.has(member))),
  };
  const tags = tagList(r) ?? [];
  return { request, tags };

  function readContainer(value: unknown, path: string): ContainerDefinition {
    const container = object(value) ?? {};
    const credentials = object(container['repositoryCredentials']);
    const log = object(container['logConfiguration']);
    const health = object(container['healthCheck']);
    const checked = withChecked(container, {
      name: string(container['name']),
      image: string(container['image']),
      essential: boolean(container['essential']),
      cpu: integer(container['cpu']),
      memory: integer(container['memory']),
      memoryReservation: integer(container['memoryReservation']),
      hostname: string(container['hostname']),
      command: stringList(container['command']),
      entryPoint: stringList(container['entryPoint']),
      environment: keyValueList(container['environment']),
      secrets: list(container['secrets'], readSecret),
      portMappings: list(container['portMappings'], (entry) => {
        const mapping = object(entry) ?? {};
        return withChecked(mapping, {
          containerPort: integer(mapping['containerPort']),
          hostPort: integer(mapping['hostPort']),
          protocol: string(mapping['protocol']),
        });
      }),
      dependsOn: list(container['dependsOn'], (entry) => {
        const dependency = object(entry) ?? {};
        const condition = string(dependency['condition']) ?? '';
        if (!conditions.includes(condition))
          r.fail(
            `${path}.dependsOn`,
            `'${condition}'`,
            `Member must satisfy enum value set: [${conditions.join(', ')}]`,
          );
        return { containerName: string(dependency['containerName']) ?? '', condition };
      }),
      repositoryCredentials: credentials && {
        ...credentials,
        credentialsParameter: string(credentials['credentialsParameter']) ?? '',
      },
      healthCheck: health && {
        ...health,
        command: stringList(health['command']) ?? [],
        interval: integer(health['interval']),
        timeout: integer(health['timeout']),
        retries: integer(health['retries']),
        startPeriod: integer(health['startPeriod']),
      },
      logConfiguration: log && {
        ...log,
        logDriver: string(log['logDriver']) ?? '',
        options: stringMap(log['options']),
        secretOptions: list(log['secretOptions'], readSecret),
      },
    });
    return checked as unknown as ContainerDefinition;
  }
}

function readSecret(entry: unknown) {
  const secret = object(entry) ?? {};
  return { name: string(secret['name']) ?? '', valueFrom: string(secret['valueFrom']) ?? '' };
}
