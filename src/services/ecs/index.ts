// ECS (AWS JSON 1.1, target prefix AmazonEC2ContainerServiceV20141113): clusters, task definitions and tasks; tasks
// are handed to the agent (TaskAgentPort) with the execution role's credentials, and its reports come back.
export { ecsRouting } from './ecs-routing.js';
export { createEcsService, type EcsService } from './ecs-service.js';
export type {
  AssumedRole,
  AssumeExecutionRole,
  AssumeRoleRequest,
  EcsServiceDeps,
} from './ecs-service-deps.js';
export { ecsCollections } from './store.js';
