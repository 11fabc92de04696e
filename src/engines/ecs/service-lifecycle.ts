/**
 * The lifecycles of an ECS service and its deployments as transition tables (ref ecs-services-elb-logs §1.4, §1.6,
 * §2.3). A deployment is PRIMARY when made, ACTIVE once a newer one replaces it while it still has tasks, INACTIVE
 * when they are gone; a circuit-breaker rollback makes the last COMPLETED deployment PRIMARY again (OBS-FLEET: the
 * rolled-back deployment keeps its old id and createdAt), whether it still has tasks (ACTIVE) or not (INACTIVE). Its rollout goes IN_PROGRESS → COMPLETED or FAILED, and a
 * rolled-back COMPLETED deployment is IN_PROGRESS again until it is steady.
 */
import { transitions } from '../lifecycle/index.js';

export type ServiceStatus = 'ACTIVE' | 'DRAINING' | 'INACTIVE';
export type DeploymentStatus = 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export const serviceLifecycle = transitions<ServiceStatus>('service status', {
  ACTIVE: ['DRAINING'],
  DRAINING: ['INACTIVE'],
  INACTIVE: [],
});

export const deploymentLifecycle = transitions<DeploymentStatus>('deployment status', {
  PRIMARY: ['ACTIVE', 'INACTIVE'],
  ACTIVE: ['INACTIVE', 'PRIMARY'],
  INACTIVE: ['PRIMARY'],
});

export const rolloutLifecycle = transitions<RolloutState>('rollout state', {
  IN_PROGRESS: ['COMPLETED', 'FAILED'],
  COMPLETED: ['IN_PROGRESS'],
  FAILED: [],
});
