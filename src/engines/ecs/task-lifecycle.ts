/**
 * The task and container lifecycles as transition tables (ref ecs-private-auth §5.1). The agent reports every task
 * status it passes through, so a task that fails before it runs still shows STOPPING and DEPROVISIONING (its
 * network is released there); the control plane merges those reports moving forward only. Both sides use these
 * tables: the agent with the strict `next`, the service with `isForward`.
 */
import { transitions } from '../lifecycle/index.js';
import type { ContainerStatus, TaskStatus } from './task-protocol.js';

export const taskLifecycle = transitions<TaskStatus>('task status', {
  PROVISIONING: ['PENDING', 'STOPPING'],
  PENDING: ['ACTIVATING', 'STOPPING'],
  ACTIVATING: ['RUNNING', 'DEACTIVATING'],
  RUNNING: ['DEACTIVATING'],
  DEACTIVATING: ['STOPPING'],
  STOPPING: ['DEPROVISIONING'],
  DEPROVISIONING: ['STOPPED'],
  STOPPED: [],
});

export const containerLifecycle = transitions<ContainerStatus>('container status', {
  PENDING: ['RUNNING', 'STOPPED'],
  RUNNING: ['STOPPED'],
  STOPPED: [],
});
