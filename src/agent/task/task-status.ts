/**
 * The task and container lifecycles as transition tables (reference §5.1; DESIGN.md: lifecycles are explicit
 * tables, an illegal transition is an error). The agent reports every task status it passes through, so a task
 * that fails before it runs still shows STOPPING and DEPROVISIONING (its network is released there).
 */
import type { ContainerStatus, TaskStatus } from '../../engines/ecs/index.js';
import { BerthError } from '../../errors/index.js';

const taskTransitions: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  PROVISIONING: ['PENDING', 'STOPPING'],
  PENDING: ['ACTIVATING', 'STOPPING'],
  ACTIVATING: ['RUNNING', 'DEACTIVATING'],
  RUNNING: ['DEACTIVATING'],
  DEACTIVATING: ['STOPPING'],
  STOPPING: ['DEPROVISIONING'],
  DEPROVISIONING: ['STOPPED'],
  STOPPED: [],
};

const containerTransitions: Readonly<Record<ContainerStatus, readonly ContainerStatus[]>> = {
  PENDING: ['RUNNING', 'STOPPED'],
  RUNNING: ['STOPPED'],
  STOPPED: [],
};

/** The status after `from → to`; BERTH_INTERNAL when the table does not allow it (a bug in the agent). */
export function nextTaskStatus(from: TaskStatus, to: TaskStatus): TaskStatus {
  if (!taskTransitions[from].includes(to)) {
    throw new BerthError('BERTH_INTERNAL', `task status cannot go from ${from} to ${to}`);
  }
  return to;
}

export function nextContainerStatus(from: ContainerStatus, to: ContainerStatus): ContainerStatus {
  if (!containerTransitions[from].includes(to)) {
    throw new BerthError('BERTH_INTERNAL', `container status cannot go from ${from} to ${to}`);
  }
  return to;
}
