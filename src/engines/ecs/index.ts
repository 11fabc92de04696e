// engines/ecs: ECS's task-definition shapes and rules, and the control plane ↔ agent protocol (pure).
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
export {
  type ContainerStateChange,
  type ContainerStatus,
  type ExecutionCredentials,
  type LaunchContainer,
  type LaunchType,
  type NetworkBinding,
  type NetworkMode,
  type TaskAgentPort,
  type TaskLaunch,
  type TaskStateChange,
  type TaskStateSink,
  type TaskStatus,
  type TaskStopCode,
  taskStatuses,
} from './task-protocol.js';
