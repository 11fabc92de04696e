/**
 * Stored documents → API output (dates as Date, which the AWS JSON serializer writes as epoch seconds). Tags are
 * shown only when asked for (`include: ["TAGS"]`), as DescribeClusters, DescribeTaskDefinition and DescribeTasks do.
 */
import type { ClusterDocument, TaskDefinitionDocument, TaskRecord } from './documents.js';

const date = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));

export interface ClusterCounts {
  readonly runningTasksCount: number;
  readonly pendingTasksCount: number;
}

export function renderCluster(
  cluster: ClusterDocument,
  counts: ClusterCounts,
  include: readonly string[] = [],
) {
  return {
    clusterArn: cluster.clusterArn,
    clusterName: cluster.clusterName,
    status: cluster.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: counts.runningTasksCount,
    pendingTasksCount: counts.pendingTasksCount,
    activeServicesCount: 0,
    statistics: [],
    tags: include.includes('TAGS') ? cluster.tags : [],
    settings: cluster.settings,
    configuration: cluster.configuration,
    capacityProviders: cluster.capacityProviders,
    defaultCapacityProviderStrategy: cluster.defaultCapacityProviderStrategy,
  };
}

export function renderTaskDefinition(document: TaskDefinitionDocument) {
  const { definition } = document;
  return {
    ...definition,
    registeredAt: date(definition.registeredAt),
    deregisteredAt: date(definition.deregisteredAt),
  };
}

const taskDates = [
  'createdAt',
  'connectivityAt',
  'pullStartedAt',
  'pullStoppedAt',
  'startedAt',
  'executionStoppedAt',
  'stoppingAt',
  'stoppedAt',
] as const;

export function renderTask(task: TaskRecord, withTags: boolean) {
  const {
    account: _a,
    region: _r,
    clusterName: _c,
    taskId: _t,
    family: _f,
    networkMode: _n,
    tags,
    ...shown
  } = task;
  const dates = Object.fromEntries(taskDates.map((field) => [field, date(task[field])]));
  return { ...shown, ...dates, tags: withTags ? tags : undefined };
}
