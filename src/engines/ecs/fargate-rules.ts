/**
 * Fargate's registration rules (ref ecs-private-auth §2.1): checked as errors when `requiresCompatibilities` names FARGATE,
 * and used to decide whether FARGATE is among the definition's `compatibilities` otherwise ("The task launch types
 * the task definition validated against during task definition registration", [DOC] API_TaskDefinition).
 */
import { ecsMessages as m } from './ecs-messages.js';
import { fargateSizeProblem } from './fargate-sizes.js';
import { ecrRegistryOf } from './image-name.js';
import type { ContainerDefinition } from './task-definition-types.js';
import type { NetworkMode } from './task-protocol.js';

export interface FargateInput {
  readonly networkMode: NetworkMode | undefined;
  /** The task size as given and as parsed (undefined when absent or unreadable). */
  readonly cpuText: string | undefined;
  readonly memoryText: string | undefined;
  readonly cpu: number | undefined;
  readonly memory: number | undefined;
  readonly pidMode: string | undefined;
  readonly ipcMode: string | undefined;
  readonly executionRoleArn: string | undefined;
  readonly containers: readonly ContainerDefinition[];
}

/** The first reason the definition cannot run on Fargate, as ECS words it; undefined when it can. */
export function fargateProblem(input: FargateInput): string | undefined {
  if (input.networkMode !== 'awsvpc') return m.fargateNetworkMode;
  if (input.cpuText === undefined) return m.fargateNeedsTaskSize('cpu');
  if (input.memoryText === undefined) return m.fargateNeedsTaskSize('memory');
  if (input.cpu === undefined) return m.invalidTaskSize('cpu');
  if (input.memory === undefined) return m.invalidTaskSize('memory');
  const size = fargateSizeProblem(input.cpu, input.memory);
  if (size === 'cpu') return m.invalidTaskSize('cpu');
  if (size === 'pair') return m.noFargateConfiguration(String(input.cpu), String(input.memory));
  if (input.ipcMode !== undefined) return m.fargateIpcMode;
  if (input.pidMode !== undefined && input.pidMode !== 'task') return m.fargatePidMode(input.pidMode);
  if (input.executionRoleArn === undefined) {
    if (input.containers.some((container) => ecrRegistryOf(container.image)))
      return m.fargateEcrNeedsExecutionRole;
    if (input.containers.some((container) => container.logConfiguration?.logDriver === 'awslogs'))
      return m.fargateAwslogsNeedsExecutionRole;
  }
  return undefined;
}
