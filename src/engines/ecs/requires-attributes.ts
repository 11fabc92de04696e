/**
 * `requiresAttributes`: the container-instance attributes a task definition needs, which ECS computes at
 * registration and DescribeTaskDefinition returns. The names are the ones the agent advertises
 * (`agent/app/agent_capability.go`: `com.amazonaws.ecs.capability.*` and `ecs.capability.*`, ref ecs-private-auth §1.1); which
 * feature requires which name is [INF] from published DescribeTaskDefinition outputs, except
 * `ecs.capability.private-registry-authentication.secretsmanager` for repositoryCredentials [OBS ref ecs-private-auth §1.1].
 * The docker-remote-api versions are the agent's gates for the feature (awslogs and task roles: 1.19; task ENI: 1.18).
 */
import { ecrRegistryOf } from './image-name.js';
import type { Attribute, ContainerDefinition, ContainerSecret } from './task-definition-types.js';
import type { NetworkMode } from './task-protocol.js';

const legacy = 'com.amazonaws.ecs.capability.';
const modern = 'ecs.capability.';

export interface AttributeInput {
  readonly containers: readonly ContainerDefinition[];
  readonly networkMode: NetworkMode | undefined;
  readonly taskRoleArn: string | undefined;
  readonly executionRoleArn: string | undefined;
}

/** Secrets Manager secrets are named by ARN; anything else is an SSM parameter (ref ecs-private-auth §6.6). */
function secretProvider(secret: ContainerSecret): 'asm' | 'ssm' {
  return /^arn:[^:]+:secretsmanager:/.test(secret.valueFrom) ? 'asm' : 'ssm';
}

export function requiresAttributes(input: AttributeInput): Attribute[] {
  const names: string[] = [];
  const add = (name: string) => {
    if (!names.includes(name)) names.push(name);
  };
  const execution = input.executionRoleArn !== undefined;
  for (const container of input.containers) {
    const driver = container.logConfiguration?.logDriver;
    if (driver) add(`${legacy}logging-driver.${driver}`);
    if (driver === 'awslogs') {
      if (execution) add(`${modern}execution-role-awslogs`);
      add(`${legacy}docker-remote-api.1.19`);
    }
    if (ecrRegistryOf(container.image)) {
      add(`${legacy}ecr-auth`);
      if (execution) add(`${modern}execution-role-ecr-pull`);
    }
    if (container.repositoryCredentials) add(`${modern}private-registry-authentication.secretsmanager`);
    for (const secret of container.secrets ?? [])
      add(`${modern}secrets.${secretProvider(secret)}.environment-variables`);
    for (const secret of container.logConfiguration?.secretOptions ?? [])
      add(`${modern}secrets.${secretProvider(secret)}.bootstrap.log-driver`);
    if (container.dependsOn?.length) add(`${modern}container-ordering`);
  }
  if (input.taskRoleArn !== undefined) add(`${legacy}task-iam-role`);
  if (input.networkMode === 'awsvpc') {
    add(`${legacy}docker-remote-api.1.18`);
    add(`${modern}task-eni`);
  }
  return names.map((name) => ({ name }));
}
