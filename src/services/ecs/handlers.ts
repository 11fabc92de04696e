import type { JsonInputReader, OperationSpec } from '../../aws/index.js';
import { handledJsonOperation } from '../../aws/index.js';
import type { Clusters } from './clusters.js';
import { readRunTaskRequest, readStrategyItem } from './input/read-run-task.js';
import { readCreateService, readUpdateService } from './input/read-service.js';
import { readTaskDefinitionRequest } from './input/read-task-definition.js';
import { keyValueList, string, tagList } from './input/shape.js';
import type { ResourceTags } from './resource-tags.js';
import type { Services } from './services.js';
import type { TaskDefinitions } from './task-definitions.js';
import type { TaskRunner } from './task-runner.js';
import type { Tasks } from './tasks.js';

export interface EcsParts {
  readonly clusters: Clusters;
  readonly definitions: TaskDefinitions;
  readonly runner: TaskRunner;
  readonly tasks: Tasks;
  readonly tags: ResourceTags;
  readonly services: Services;
}

const maxResults = { min: 1, max: 100 } as const;
const strings = (r: JsonInputReader, member: string) => r.list(member, (value) => string(value) ?? '');
/** A required list left out: the front end's validation error, read as empty so reading goes on. */
const missing = (r: JsonInputReader, member: string): [] => {
  r.fail(member, 'null', 'Member must not be null');
  return [];
};

/**
 * ECS's operations (AWS JSON 1.1, `AmazonEC2ContainerServiceV20141113`): each reads its input — wrong JSON types are
 * SerializationException, enum and length constraints ValidationException — then hands over to the part that owns
 * the resource. Every operation authorizes itself: most need ECS condition keys (`ecs:cluster`, request tags) or a
 * resource the gateway cannot name alone.
 */
export function ecsOperations({
  clusters,
  definitions,
  runner,
  tasks,
  tags,
  services,
}: EcsParts): Record<string, OperationSpec> {
  return {
    CreateCluster: handledJsonOperation(
      (r, input) => ({
        clusterName: r.string('clusterName'),
        tags: tagList(r),
        settings: keyValueList(input['settings']),
        configuration: input['configuration'],
        capacityProviders: strings(r, 'capacityProviders'),
        defaultCapacityProviderStrategy: r.list('defaultCapacityProviderStrategy', readStrategyItem),
      }),
      (ctx, request) => clusters.create(ctx, request),
    ),
    DescribeClusters: handledJsonOperation(
      (r) => ({ clusters: strings(r, 'clusters'), include: strings(r, 'include') ?? [] }),
      (ctx, request) => clusters.describe(ctx, request.clusters, request.include),
    ),
    ListClusters: handledJsonOperation(
      (r) => ({ maxResults: r.integer('maxResults', maxResults), nextToken: r.string('nextToken') }),
      (ctx, request) => clusters.list(ctx, request.maxResults, request.nextToken),
    ),
    DeleteCluster: handledJsonOperation(
      (r) => r.string('cluster', { required: true }),
      (ctx, cluster) => clusters.delete(ctx, cluster),
    ),
    PutClusterCapacityProviders: handledJsonOperation(
      (r) => ({
        cluster: r.string('cluster', { required: true }),
        capacityProviders: strings(r, 'capacityProviders') ?? missing(r, 'capacityProviders'),
        strategy:
          r.list('defaultCapacityProviderStrategy', readStrategyItem) ??
          missing(r, 'defaultCapacityProviderStrategy'),
      }),
      (ctx, request) =>
        clusters.putCapacityProviders(ctx, request.cluster, request.capacityProviders, request.strategy),
    ),
    RegisterTaskDefinition: handledJsonOperation(
      (r, input) => readTaskDefinitionRequest(r, input),
      (ctx, { request, tags: given }) => definitions.register(ctx, request, given),
    ),
    DescribeTaskDefinition: handledJsonOperation(
      (r) => ({
        taskDefinition: r.string('taskDefinition', { required: true }),
        include: strings(r, 'include') ?? [],
      }),
      (ctx, request) => definitions.describe(ctx, request.taskDefinition, request.include),
    ),
    ListTaskDefinitions: handledJsonOperation(
      (r) => ({
        familyPrefix: r.string('familyPrefix'),
        status: (r.string('status', { enum: ['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS'] }) ??
          'ACTIVE') as 'ACTIVE',
        sort: (r.string('sort', { enum: ['ASC', 'DESC'] }) ?? 'ASC') as 'ASC' | 'DESC',
        maxResults: r.integer('maxResults', maxResults),
        nextToken: r.string('nextToken'),
      }),
      (ctx, request) => definitions.list(ctx, request),
    ),
    ListTaskDefinitionFamilies: handledJsonOperation(
      (r) => ({
        familyPrefix: r.string('familyPrefix'),
        status: (r.string('status', { enum: ['ACTIVE', 'INACTIVE', 'ALL'] }) ?? 'ACTIVE') as 'ACTIVE',
        maxResults: r.integer('maxResults', maxResults),
        nextToken: r.string('nextToken'),
      }),
      (ctx, request) => definitions.listFamilies(ctx, request),
    ),
    DeregisterTaskDefinition: handledJsonOperation(
      (r) => r.string('taskDefinition', { required: true }),
      (ctx, taskDefinition) => definitions.deregister(ctx, taskDefinition),
    ),
    RunTask: handledJsonOperation(
      (r, input) => readRunTaskRequest(r, input),
      (ctx, request) => runner.run(ctx, request),
    ),
    DescribeTasks: handledJsonOperation(
      (r) => ({
        cluster: r.string('cluster'),
        tasks: strings(r, 'tasks') ?? [],
        include: strings(r, 'include') ?? [],
      }),
      (ctx, request) => tasks.describe(ctx, request.cluster, request.tasks, request.include),
    ),
    ListTasks: handledJsonOperation(
      (r) => ({
        cluster: r.string('cluster'),
        family: r.string('family'),
        startedBy: r.string('startedBy'),
        serviceName: r.string('serviceName'),
        containerInstance: r.string('containerInstance'),
        desiredStatus: (r.string('desiredStatus', { enum: ['RUNNING', 'PENDING', 'STOPPED'] }) ??
          'RUNNING') as 'RUNNING',
        launchType: r.string('launchType', { enum: ['EC2', 'FARGATE', 'EXTERNAL'] }),
        maxResults: r.integer('maxResults', maxResults),
        nextToken: r.string('nextToken'),
      }),
      (ctx, request) => tasks.list(ctx, request),
    ),
    StopTask: handledJsonOperation(
      (r) => ({
        cluster: r.string('cluster'),
        task: r.string('task', { required: true }),
        // "Up to 255 characters are allowed in this message" ([DOC] API_StopTask).
        reason: r.string('reason', { max: 255 }),
      }),
      (ctx, request) => tasks.stop(ctx, request.cluster, request.task, request.reason),
    ),
    CreateService: handledJsonOperation(readCreateService, (ctx, request) => services.create(ctx, request)),
    UpdateService: handledJsonOperation(readUpdateService, (ctx, request) => services.update(ctx, request)),
    DeleteService: handledJsonOperation(
      (r) => ({
        cluster: r.string('cluster'),
        service: r.string('service', { required: true }),
        force: r.boolean('force') ?? false,
      }),
      (ctx, request) => services.delete(ctx, request.cluster, request.service, request.force),
    ),
    DescribeServices: handledJsonOperation(
      (r) => ({
        cluster: r.string('cluster'),
        services: strings(r, 'services') ?? [],
        include: strings(r, 'include') ?? [],
      }),
      (ctx, request) => services.describe(ctx, request.cluster, request.services, request.include),
    ),
    ListServices: handledJsonOperation(
      (r) => ({
        cluster: r.string('cluster'),
        maxResults: r.integer('maxResults', maxResults),
        nextToken: r.string('nextToken'),
        launchType: r.string('launchType', { enum: ['EC2', 'FARGATE', 'EXTERNAL'] }),
        schedulingStrategy: r.string('schedulingStrategy', { enum: ['REPLICA', 'DAEMON'] }),
      }),
      (ctx, request) => services.list(ctx, request),
    ),
    TagResource: handledJsonOperation(
      (r) => ({
        resourceArn: r.string('resourceArn', { required: true }),
        tags: tagList(r) ?? [],
      }),
      (ctx, request) => tags.tag(ctx, request.resourceArn, request.tags),
    ),
    UntagResource: handledJsonOperation(
      (r) => ({
        resourceArn: r.string('resourceArn', { required: true }),
        tagKeys: strings(r, 'tagKeys') ?? [],
      }),
      (ctx, request) => tags.untag(ctx, request.resourceArn, request.tagKeys),
    ),
    ListTagsForResource: handledJsonOperation(
      (r) => r.string('resourceArn', { required: true }),
      (ctx, resourceArn) => tags.list(ctx, resourceArn),
    ),
  };
}
