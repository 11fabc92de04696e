// agent/task: berth's ECS agent — a task from launch to STOPPED, worded as ECS and Fargate word it.

export { withEcrAuth } from './ecr-image-source.js';
export {
  AwsCallError,
  AwsTransportError,
  type GetParametersRequest,
  type GetParametersResult,
  type GetSecretValueRequest,
  type GetSecretValueResult,
  type ImagePullRequest,
  type ImageSource,
  type ParametersReader,
  type PulledImage,
  type SecretsReader,
  type Sleep,
  type TaskAgentDeps,
} from './ports.js';
export { createRegistryImageSource, type RegistryImageSourceOptions } from './registry-image-source.js';
export { closingReason, createTaskAgent, recoveredReason, type TaskAgent } from './task-agent.js';
