// The console's reads of ECS and ELBv2, as root through berth's public API: every call is one an `aws ecs …` user
// could make. Only the fields the views show are copied out (models.ts).
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  type ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
  type Service,
  type Task,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import {
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  awslogsDestinations,
  clusterOfTaskArn,
  endpointUrl,
  familyRevisionOf,
  taskEndpoints,
  taskIdOf,
} from '../cli/commands/task-format.js';
import type {
  ClusterRow,
  DeploymentRow,
  Overview,
  ServiceDetail,
  ServiceRow,
  TargetRow,
  TaskDetail,
  TaskRow,
} from './models.js';

/** DescribeTasks takes up to 100 tasks, DescribeServices up to 10 (ref ecs-services-elb-logs). */
const taskBatch = 100;
const serviceBatch = 10;

export class EcsReader {
  readonly #ecs: ECSClient;
  readonly #elb: () => ElasticLoadBalancingV2Client;

  constructor(ecs: ECSClient, elb: () => ElasticLoadBalancingV2Client) {
    this.#ecs = ecs;
    this.#elb = elb;
  }

  async clusterArns(): Promise<string[]> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.#ecs.send(new ListClustersCommand({ nextToken }));
      arns.push(...(page.clusterArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return arns;
  }

  async overview(): Promise<Overview> {
    const clusterArns = await this.clusterArns();
    // One round of calls after ListClusters, all at once: the live feed reads this every few hundred milliseconds.
    const [described, services, tasks] = await Promise.all([
      clusterArns.length === 0
        ? []
        : this.#ecs
            .send(new DescribeClustersCommand({ clusters: clusterArns }))
            .then((r) => r.clusters ?? []),
      Promise.all(clusterArns.map((arn) => this.services(arn))),
      Promise.all(clusterArns.map((arn) => this.tasks(arn))),
    ]);
    const clusters: ClusterRow[] = described.map((c) => ({
      name: c.clusterName ?? '?',
      status: c.status ?? '?',
      running: c.runningTasksCount ?? 0,
      pending: c.pendingTasksCount ?? 0,
      // Counted from the services listed, which the page shows beside it.
      services:
        services[clusterArns.indexOf(c.clusterArn ?? '')]?.filter((s) => s.status === 'ACTIVE').length ?? 0,
    }));
    return { clusters, services: services.flat(), tasks: newestFirst(tasks.flat()) };
  }

  /** A cluster's services, described. */
  async services(cluster: string): Promise<ServiceRow[]> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.#ecs.send(new ListServicesCommand({ cluster, nextToken }));
      arns.push(...(page.serviceArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    const batches: Promise<ServiceRow[]>[] = [];
    for (let i = 0; i < arns.length; i += serviceBatch) {
      const services = arns.slice(i, i + serviceBatch);
      batches.push(
        this.#ecs
          .send(new DescribeServicesCommand({ cluster, services }))
          .then((page) => (page.services ?? []).map((s) => serviceRow(s, cluster))),
      );
    }
    return (await Promise.all(batches)).flat();
  }

  /** The tasks ECS lists in a cluster (running and stopped; of one service when named), described. */
  async tasks(cluster: string, serviceName?: string): Promise<TaskRow[]> {
    return (await this.#describeTasks(cluster, await this.#taskArns(cluster, serviceName))).map(taskRow);
  }

  async service(cluster: string, name: string): Promise<ServiceDetail | undefined> {
    const described = await this.#ecs.send(
      new DescribeServicesCommand({ cluster, services: [name], include: ['TAGS'] }),
    );
    const service = described.services?.[0];
    if (!service) return undefined;
    const clusterName = nameOf(service.clusterArn ?? cluster);
    const [tasks, targets] = await Promise.all([
      this.tasks(clusterName, service.serviceName),
      this.#targets(service),
    ]);
    return {
      service: serviceRow(service, clusterName),
      definition: familyRevisionOf(service.taskDefinition),
      deployments: (service.deployments ?? []).map(deploymentRow),
      events: (service.events ?? []).map((e) => ({ at: e.createdAt, message: e.message ?? '' })),
      tasks: newestFirst(tasks),
      targets,
    };
  }

  async task(cluster: string, id: string): Promise<TaskDetail | undefined> {
    const task = (await this.#describeTasks(cluster, [id]))[0];
    if (!task) return undefined;
    const definition = task.taskDefinitionArn
      ? (await this.#ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: task.taskDefinitionArn })))
          .taskDefinition
      : undefined;
    return taskDetail(task, definition);
  }

  async #taskArns(cluster: string, serviceName?: string): Promise<string[]> {
    const listed = await Promise.all(
      (['RUNNING', 'STOPPED'] as const).map(async (desiredStatus) => {
        const arns: string[] = [];
        let nextToken: string | undefined;
        do {
          const page = await this.#ecs.send(
            new ListTasksCommand({ cluster, desiredStatus, nextToken, serviceName }),
          );
          arns.push(...(page.taskArns ?? []));
          nextToken = page.nextToken;
        } while (nextToken);
        return arns;
      }),
    );
    return listed.flat();
  }

  async #describeTasks(cluster: string, tasks: readonly string[]): Promise<Task[]> {
    const batches: Promise<Task[]>[] = [];
    for (let i = 0; i < tasks.length; i += taskBatch) {
      const batch = tasks.slice(i, i + taskBatch);
      batches.push(
        this.#ecs.send(new DescribeTasksCommand({ cluster, tasks: batch })).then((page) => page.tasks ?? []),
      );
    }
    return (await Promise.all(batches)).flat();
  }

  /** The health of the targets behind the service's load balancers (none without one). */
  async #targets(service: Service): Promise<TargetRow[]> {
    const groups = (service.loadBalancers ?? []).flatMap((lb) => lb.targetGroupArn ?? []);
    const rows = await Promise.all(
      groups.map(async (targetGroupArn) => {
        const health = await this.#elb().send(
          new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }),
        );
        return (health.TargetHealthDescriptions ?? []).map((d) => ({
          targetGroupArn,
          id: d.Target?.Id ?? '?',
          port: d.Target?.Port,
          state: d.TargetHealth?.State ?? '?',
          reason: d.TargetHealth?.Reason,
          description: d.TargetHealth?.Description,
        }));
      }),
    );
    return rows.flat();
  }
}

function nameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function newestFirst(tasks: TaskRow[]): TaskRow[] {
  return tasks.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
}

function serviceRow(s: Service, cluster: string): ServiceRow {
  const primary = s.deployments?.find((d) => d.status === 'PRIMARY');
  return {
    arn: s.serviceArn ?? '',
    name: s.serviceName ?? '?',
    cluster: nameOf(cluster),
    status: s.status ?? '?',
    desired: s.desiredCount ?? 0,
    running: s.runningCount ?? 0,
    pending: s.pendingCount ?? 0,
    rollout: primary?.rolloutState,
  };
}

function deploymentRow(d: NonNullable<Service['deployments']>[number]): DeploymentRow {
  return {
    id: d.id ?? '?',
    status: d.status ?? '?',
    definition: familyRevisionOf(d.taskDefinition),
    desired: d.desiredCount ?? 0,
    running: d.runningCount ?? 0,
    pending: d.pendingCount ?? 0,
    failed: d.failedTasks ?? 0,
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason,
    createdAt: d.createdAt,
  };
}

export function taskRow(t: Task): TaskRow {
  const arn = t.taskArn ?? '';
  return {
    arn,
    id: taskIdOf(arn),
    cluster: clusterOfTaskArn(arn) ?? nameOf(t.clusterArn ?? 'default'),
    definition: familyRevisionOf(t.taskDefinitionArn),
    lastStatus: t.lastStatus ?? '?',
    desiredStatus: t.desiredStatus ?? '?',
    group: t.group,
    launchType: t.launchType,
    createdAt: t.createdAt,
    stoppedAt: t.stoppedAt,
    stopCode: t.stopCode,
    stoppedReason: t.stoppedReason,
  };
}

/** The lifecycle's timestamps ECS reports, in order (ref ecs-private-auth §1.8). */
const steps: readonly [string, keyof Task][] = [
  ['PROVISIONING (created)', 'createdAt'],
  ['connectivity', 'connectivityAt'],
  ['PENDING: pull started', 'pullStartedAt'],
  ['PENDING: pull stopped', 'pullStoppedAt'],
  ['RUNNING', 'startedAt'],
  ['stopping', 'stoppingAt'],
  ['execution stopped', 'executionStoppedAt'],
  ['STOPPED', 'stoppedAt'],
];

function taskDetail(task: Task, definition: TaskDefinition | undefined): TaskDetail {
  const id = taskIdOf(task.taskArn ?? '');
  const timeline = steps.flatMap(([step, key]) => {
    const at = task[key];
    return at instanceof Date ? [{ step, at }] : [];
  });
  const environment = (definition?.containerDefinitions ?? []).flatMap((c) => [
    ...(c.environment ?? []).map((e) => ({
      container: c.name ?? '?',
      name: e.name ?? '?',
      value: e.value ?? '',
    })),
    // A secret-sourced variable: where it comes from, never its value (berth never fetches it for the console).
    ...(c.secrets ?? []).map((s) => ({
      container: c.name ?? '?',
      name: s.name ?? '?',
      valueFrom: s.valueFrom ?? '',
    })),
  ]);
  return {
    task: taskRow(task),
    definitionArn: task.taskDefinitionArn,
    executionRoleArn: definition?.executionRoleArn,
    taskRoleArn: definition?.taskRoleArn,
    timeline,
    containers: (task.containers ?? []).map((c) => ({
      name: c.name ?? '?',
      image: c.image ?? '?',
      imageDigest: c.imageDigest,
      lastStatus: c.lastStatus ?? '?',
      exitCode: c.exitCode,
      reason: c.reason,
      health: c.healthStatus,
    })),
    endpoints: taskEndpoints(task, definition).map((e) => ({ container: e.container, url: endpointUrl(e) })),
    environment,
    awslogs: awslogsDestinations(definition, id).map((d) => d.container),
  };
}
