// engines/ecs: ECS's task-definition shapes and rules, and the control plane ↔ agent protocol (pure).

export {
  type EcsResource,
  type EcsScope,
  ecsArns,
  ecsNamePattern,
  type Named,
  parseClusterIdentifier,
  parseResourceArn,
  parseTaskDefinitionIdentifier,
  parseTaskIdentifier,
  type TaskDefinitionIdentifier,
  type TaskIdentifier,
} from './ecs-arns.js';
export { ecsMessages } from './ecs-messages.js';
export { fargateCpuValues, fargateMemoryFor, fargateSizeProblem } from './fargate-sizes.js';
export { type EcrRegistry, ecrRegistryOf, type ImageProblem, imageProblem } from './image-name.js';
export { registerTaskDefinitionRules } from './register-task-definition-rules.js';
export { type CredentialsParameter, parseCredentialsParameter } from './repository-credentials.js';
export { resolveRoleArn } from './role-arn.js';
export {
  type DeploymentStatus,
  deploymentLifecycle,
  type RolloutState,
  rolloutLifecycle,
  type ServiceStatus,
  serviceLifecycle,
} from './service-lifecycle.js';
export {
  rolloutReasons,
  schedulerStopReasons,
  serviceErrorTexts,
  serviceEvents,
} from './service-messages.js';
export {
  type CircuitBreakerThreshold,
  circuitBreakerThreshold,
  type DeploymentTasks,
  deploymentId,
  launchDelayMs,
  type RollingStep,
  rollingStep,
  throttleEventFailures,
} from './service-rules.js';
export {
  type Compatibility,
  isRejection,
  type NormalizedTaskDefinition,
  type RegistrationResult,
  type RegistrationScope,
  type Rejection,
  type TaskDefinitionRequest,
} from './task-definition-request.js';
export type {
  Attribute,
  ContainerDefinition,
  ContainerDependency,
  ContainerSecret,
  KeyValuePair,
  LogConfiguration,
  PortMapping,
  RepositoryCredentials,
  TaskDefinition,
} from './task-definition-types.js';
export { containerLifecycle, taskLifecycle } from './task-lifecycle.js';
export {
  applyContainerOverrides,
  type ContainerOverride,
  unknownOverrideNames,
} from './task-overrides.js';
export {
  type ContainerStateChange,
  type ContainerStatus,
  type ExecutionCredentials,
  ecsTasksPrincipal,
  type HealthStatus,
  type LaunchContainer,
  type LaunchType,
  type NetworkBinding,
  type NetworkMode,
  type TaskAgentPort,
  type TaskLaunch,
  type TaskRoleCredentials,
  type TaskStateChange,
  type TaskStateSink,
  type TaskStatus,
  type TaskStopCode,
  taskStatuses,
} from './task-protocol.js';
export { parseTaskCpu, parseTaskMemory } from './task-size.js';
