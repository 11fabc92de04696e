/**
 * RegisterTaskDefinition's rules (ref ecs-private-auth §2.1, §7 row 1; peers §C2, §C8, §C12): validation with ECS's
 * ClientException texts, then normalization — role names become ARNs, `"1 vCPU"`/`"1GB"` become `"1024"`, containers
 * get ECS's defaults — and the computed `compatibilities` and `requiresAttributes`. The order of the checks is
 * berth's [INF]: ECS reports one problem at a time and does not document which comes first.
 */
import { containerProblem, containersProblem, normalizeContainer } from './container-rules.js';
import { ecsNamePattern } from './ecs-arns.js';
import { ecsMessages as m } from './ecs-messages.js';
import { fargateProblem } from './fargate-rules.js';
import { requiresAttributes } from './requires-attributes.js';
import { resolveRoleArn } from './role-arn.js';
import type {
  Compatibility,
  RegistrationResult,
  RegistrationScope,
  TaskDefinitionRequest,
} from './task-definition-request.js';
import { parseTaskCpu, parseTaskMemory } from './task-size.js';

export function registerTaskDefinitionRules(
  request: TaskDefinitionRequest,
  scope: RegistrationScope,
): RegistrationResult {
  const reject = (rejected: string) => ({ rejected });
  if (request.family === '') return reject(m.familyBlank);
  if (!ecsNamePattern.test(request.family)) return reject(m.familyInvalid);
  if (request.containerDefinitions.length === 0) return reject(m.noContainers);

  const role = (value: string | undefined) =>
    value === undefined
      ? { arn: undefined }
      : { arn: resolveRoleArn(value, scope.partition, scope.accountId) };
  const taskRole = role(request.taskRoleArn);
  const executionRole = role(request.executionRoleArn);
  if (
    (request.taskRoleArn !== undefined && !taskRole.arn) ||
    (request.executionRoleArn !== undefined && !executionRole.arn)
  )
    return reject(m.roleInvalid);

  const cpu = request.cpu === undefined ? undefined : parseTaskCpu(request.cpu);
  const memory = request.memory === undefined ? undefined : parseTaskMemory(request.memory);
  const requiresFargate = request.requiresCompatibilities?.includes('FARGATE') ?? false;
  // Unreadable sizes on Fargate get Fargate's texts below; elsewhere they are the generic task-size texts.
  if (!requiresFargate && request.cpu !== undefined && cpu === undefined)
    return reject(m.invalidTaskSize('cpu'));
  if (!requiresFargate && request.memory !== undefined && memory === undefined)
    return reject(m.invalidTaskSize('memory'));

  const containers = request.containerDefinitions;
  const context = {
    networkMode: request.networkMode,
    memoryFromTask: request.memory !== undefined || requiresFargate,
  };
  for (const container of containers) {
    const problem = containerProblem(container, context);
    if (problem) return reject(problem);
  }
  const together = containersProblem(containers);
  if (together) return reject(together);
  const containerCpu = containers.reduce((sum, container) => sum + (container.cpu ?? 0), 0);
  if (cpu !== undefined && containerCpu > cpu) return reject(m.containerCpuExceedsTask);

  const executionRoleArn = executionRole.arn;
  if (executionRoleArn === undefined) {
    if (containers.some((container) => container.repositoryCredentials))
      return reject(m.privateRegistryNeedsExecutionRole);
    const hasSecrets = (c: (typeof containers)[number]) =>
      !!c.secrets?.length || !!c.logConfiguration?.secretOptions?.length;
    if (containers.some(hasSecrets)) return reject(m.secretsNeedExecutionRole);
  }

  const fargate = fargateProblem({
    networkMode: request.networkMode,
    cpuText: request.cpu,
    memoryText: request.memory,
    cpu,
    memory,
    pidMode: request.pidMode,
    ipcMode: request.ipcMode,
    executionRoleArn,
    containers,
  });
  if (requiresFargate && fargate) return reject(fargate);

  const compatibilities: Compatibility[] = ['EC2'];
  if (!fargate) compatibilities.push('FARGATE');
  if (request.requiresCompatibilities?.includes('EXTERNAL')) compatibilities.push('EXTERNAL');
  return {
    definition: {
      ...request.other,
      family: request.family,
      containerDefinitions: containers.map((container) => normalizeContainer(container, request.networkMode)),
      ...(taskRole.arn === undefined ? {} : { taskRoleArn: taskRole.arn }),
      ...(executionRoleArn === undefined ? {} : { executionRoleArn }),
      ...(request.networkMode === undefined ? {} : { networkMode: request.networkMode }),
      ...(request.requiresCompatibilities === undefined
        ? {}
        : { requiresCompatibilities: request.requiresCompatibilities }),
      ...(cpu === undefined ? {} : { cpu: String(cpu) }),
      ...(memory === undefined ? {} : { memory: String(memory) }),
      ...(request.pidMode === undefined ? {} : { pidMode: request.pidMode }),
      ...(request.ipcMode === undefined ? {} : { ipcMode: request.ipcMode }),
      volumes: (request.other['volumes'] as unknown[] | undefined) ?? [],
      placementConstraints: (request.other['placementConstraints'] as unknown[] | undefined) ?? [],
      compatibilities,
      requiresAttributes: requiresAttributes({
        containers,
        networkMode: request.networkMode,
        taskRoleArn: taskRole.arn,
        executionRoleArn,
      }),
    },
  };
}
