/**
 * Pure edits of a stored service the scheduler and the API make: events (newest first, at most 100, ref
 * ecs-services-elb-logs §1.5), new deployments, the circuit breaker's trip and rollback (§2.3), and which deployments
 * are kept. Every status move goes through the lifecycle tables, so an illegal one is BERTH_INTERNAL.
 */
import {
  deploymentLifecycle,
  rolloutLifecycle,
  rolloutReasons,
  serviceEvents,
} from '../../../engines/ecs/index.js';
import type { DeploymentRecord, ServiceDocument } from './service-documents.js';

const maxEvents = 100;

/** `messages` in the order they happened, 1 ms apart (E7 then E8 are observed 1 ms apart, ref §2.2). */
export function withEvents(
  service: ServiceDocument,
  messages: readonly string[],
  now: Date,
  newId: () => string,
): ServiceDocument {
  if (messages.length === 0) return service;
  const added = messages.map((message, i) => ({
    id: newId(),
    createdAt: new Date(now.getTime() + i).toISOString(),
    message,
  }));
  return { ...service, events: [...added.reverse(), ...service.events].slice(0, maxEvents) };
}

export function newDeployment(id: string, taskDefinition: string, now: Date): DeploymentRecord {
  const at = now.toISOString();
  return {
    id,
    status: 'PRIMARY',
    taskDefinition,
    failedTasks: 0,
    hadRunningTask: false,
    createdAt: at,
    updatedAt: at,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: rolloutReasons.inProgress(id),
  };
}

/**
 * A new PRIMARY deployment: the old PRIMARY becomes ACTIVE (the scheduler retires it once its tasks are gone); the
 * throttle resets ("If you update your service to use a new task definition, your service returns to a normal,
 * non-throttled state immediately", ref §2.5). Older INACTIVE records are dropped except the last COMPLETED one, the
 * rollback target.
 */
export function deploy(service: ServiceDocument, deployment: DeploymentRecord): ServiceDocument {
  const demoted = service.deployments.map((d) =>
    d.status === 'PRIMARY' ? { ...d, status: deploymentLifecycle.next(d.status, 'ACTIVE') } : d,
  );
  const { nextLaunchAt: _n, deadlockReported: _d, ...rest } = service;
  return {
    ...rest,
    taskDefinition: deployment.taskDefinition,
    deployments: keep([deployment, ...demoted]),
    launchFailures: 0,
    steady: false,
  };
}

/** Non-INACTIVE deployments, plus the newest COMPLETED INACTIVE one if no kept one is COMPLETED. */
function keep(deployments: readonly DeploymentRecord[]): DeploymentRecord[] {
  const live = deployments.filter((d) => d.status !== 'INACTIVE');
  if (live.some((d) => d.rolloutState === 'COMPLETED')) return live;
  const target = deployments.find((d) => d.status === 'INACTIVE' && d.rolloutState === 'COMPLETED');
  return target ? [...live, target] : live;
}

/** The deployment moved to `status` (INACTIVE when its tasks are gone). */
export function retire(service: ServiceDocument, id: string, now: Date): ServiceDocument {
  const deployments = service.deployments.map((d) =>
    d.id === id
      ? { ...d, status: deploymentLifecycle.next(d.status, 'INACTIVE'), updatedAt: now.toISOString() }
      : d,
  );
  return { ...service, deployments: keep(deployments) };
}

/**
 * The circuit breaker trips on the PRIMARY (ref §2.3): FAILED, E9; with rollback and a COMPLETED deployment to go
 * back to, that one is PRIMARY again with its old id and createdAt (OBS-FLEET), IN_PROGRESS "rolling back", E10, and
 * the service's task definition is its again.
 */
export function tripCircuitBreaker(
  service: ServiceDocument,
  now: Date,
): { service: ServiceDocument; messages: string[] } {
  const at = now.toISOString();
  const primary = service.deployments.find((d) => d.status === 'PRIMARY')!;
  const failed: DeploymentRecord = {
    ...primary,
    rolloutState: rolloutLifecycle.next(primary.rolloutState, 'FAILED'),
    rolloutStateReason: rolloutReasons.circuitBreaker,
    updatedAt: at,
  };
  const messages = [serviceEvents.deploymentFailed(service.serviceName, primary.id)];
  const target = service.deploymentConfiguration.deploymentCircuitBreaker.rollback
    ? service.deployments.find((d) => d.id !== primary.id && d.rolloutState === 'COMPLETED')
    : undefined;
  if (!target) {
    const deployments = service.deployments.map((d) => (d.id === primary.id ? failed : d));
    return { service: { ...service, deployments }, messages };
  }
  messages.push(serviceEvents.rollingBack(service.serviceName, target.id));
  const restored: DeploymentRecord = {
    ...target,
    status: deploymentLifecycle.next(target.status, 'PRIMARY'),
    rolloutState: rolloutLifecycle.next(target.rolloutState, 'IN_PROGRESS'),
    rolloutStateReason: rolloutReasons.rollingBack(target.id),
    failedTasks: 0,
    updatedAt: at,
  };
  const deployments = service.deployments
    .filter((d) => d.id !== target.id)
    .map((d) =>
      d.id === primary.id ? { ...failed, status: deploymentLifecycle.next(failed.status, 'ACTIVE') } : d,
    );
  const { nextLaunchAt: _n, ...rest } = service;
  return {
    service: {
      ...rest,
      taskDefinition: target.taskDefinition,
      deployments: [restored, ...deployments],
      launchFailures: 0,
    },
    messages,
  };
}

/** The PRIMARY's rollout completed: COMPLETED with ECS's reason. */
export function complete(service: ServiceDocument, now: Date): ServiceDocument {
  const deployments = service.deployments.map((d) =>
    d.status === 'PRIMARY'
      ? {
          ...d,
          rolloutState: rolloutLifecycle.next(d.rolloutState, 'COMPLETED'),
          rolloutStateReason: rolloutReasons.completed(d.id),
          updatedAt: now.toISOString(),
        }
      : d,
  );
  return { ...service, deployments };
}

export const primaryOf = (service: ServiceDocument): DeploymentRecord =>
  service.deployments.find((d) => d.status === 'PRIMARY')!;
