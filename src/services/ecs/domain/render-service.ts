/**
 * A stored service and its tasks → the API's Service (ref ecs-services-elb-logs §1.3, §1.4). Counts come from the
 * tasks: runningCount those RUNNING, pendingCount those not yet running ("number of tasks … in the RUNNING / PENDING
 * state"). Only PRIMARY and ACTIVE deployments are listed (§1.4: "DescribeServices only lists PRIMARY + ACTIVE"), so
 * the services-stable waiter sees one deployment once the old tasks are gone.
 */
import type { TaskRecord } from './documents.js';
import type { DeploymentRecord, ServiceDocument } from './service-documents.js';

const date = (iso: string) => new Date(iso);
const pendingStates = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING']);
/** The service-linked role ECS reports for services (ref §1.3, OBS-CREATE). */
const serviceLinkedRole = (account: string) =>
  `arn:aws:iam::${account}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`;

function counts(tasks: readonly TaskRecord[]) {
  return {
    runningCount: tasks.filter((task) => task.lastStatus === 'RUNNING').length,
    pendingCount: tasks.filter((task) => pendingStates.has(task.lastStatus)).length,
  };
}

/** The service's tasks that are not yet STOPPED. */
export function liveTasks(service: ServiceDocument, tasks: readonly TaskRecord[]): TaskRecord[] {
  const group = serviceGroup(service.serviceName);
  return tasks.filter((task) => task.group === group && task.lastStatus !== 'STOPPED');
}

/** The `group` of a service's tasks (ref §1.6). */
export const serviceGroup = (serviceName: string) => `service:${serviceName}`;

export function renderService(
  service: ServiceDocument,
  clusterTasks: readonly TaskRecord[],
  withTags: boolean,
) {
  const live = liveTasks(service, clusterTasks);
  const network =
    service.awsvpcConfiguration === undefined
      ? undefined
      : {
          awsvpcConfiguration: {
            assignPublicIp: 'DISABLED',
            securityGroups: [],
            ...service.awsvpcConfiguration,
          },
        };
  const fargate = service.launchType === 'FARGATE';
  const deployment = (d: DeploymentRecord) => {
    const own = live.filter((task) => task.startedBy === d.id);
    return {
      id: d.id,
      status: d.status,
      taskDefinition: d.taskDefinition,
      desiredCount:
        d.status === 'PRIMARY'
          ? service.desiredCount
          : own.filter((task) => task.desiredStatus === 'RUNNING').length,
      ...counts(own),
      failedTasks: d.failedTasks,
      createdAt: date(d.createdAt),
      updatedAt: date(d.updatedAt),
      ...launch(service),
      ...(fargate ? { platformVersion: '1.4.0', platformFamily: 'Linux' } : {}),
      ...(network ? { networkConfiguration: network } : {}),
      rolloutState: d.rolloutState,
      rolloutStateReason: d.rolloutStateReason,
    };
  };
  return {
    serviceArn: service.serviceArn,
    serviceName: service.serviceName,
    clusterArn: service.clusterArn,
    loadBalancers: service.loadBalancers,
    serviceRegistries: [],
    status: service.status,
    desiredCount: service.desiredCount,
    ...counts(live),
    ...launch(service),
    ...(fargate ? { platformVersion: service.platformVersion ?? 'LATEST', platformFamily: 'Linux' } : {}),
    taskDefinition: service.taskDefinition,
    deploymentConfiguration: service.deploymentConfiguration,
    deployments: service.deployments.filter((d) => d.status !== 'INACTIVE').map(deployment),
    ...(service.loadBalancers.length > 0 ? { roleArn: serviceLinkedRole(service.account) } : {}),
    events: service.events.map((e) => ({ id: e.id, createdAt: date(e.createdAt), message: e.message })),
    createdAt: date(service.createdAt),
    placementConstraints: [],
    placementStrategy: [],
    ...(network ? { networkConfiguration: network } : {}),
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    ...(withTags ? { tags: service.tags } : {}),
    createdBy: service.createdBy,
    enableECSManagedTags: service.enableECSManagedTags,
    propagateTags: service.propagateTags,
    enableExecuteCommand: service.enableExecuteCommand,
  };
}

/** launchType or capacityProviderStrategy: "omitted if the service was created using" the other (ref §1.2). */
function launch(service: ServiceDocument) {
  if (service.capacityProviderStrategy && service.capacityProviderStrategy.length > 0)
    return { capacityProviderStrategy: service.capacityProviderStrategy };
  return service.launchType === undefined ? {} : { launchType: service.launchType };
}
