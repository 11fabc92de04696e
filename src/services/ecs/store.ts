import { type Persistence, ScopedCollection } from '../../ports/index.js';
import type {
  ClusterDocument,
  FamilyDocument,
  TaskDefinitionDocument,
  TaskRecord,
} from './domain/documents.js';
import type { ServiceDocument } from './domain/service-documents.js';

export const ecsCollections = {
  clusters: 'ecs.clusters',
  families: 'ecs.families',
  taskDefinitions: 'ecs.task-definitions',
  tasks: 'ecs.tasks',
  services: 'ecs.services',
} as const;

/** Revisions are zero-padded in keys so that key order is revision order (ECS allows 1,000,000 per family). */
const definitionKey = (family: string, revision: number) => `${family}:${String(revision).padStart(9, '0')}`;
const taskKey = (cluster: string, taskId: string) => `${cluster}/${taskId}`;
const serviceKey = (cluster: string, name: string) => `${cluster}/${name}`;

/**
 * ECS's state on the Persistence port, every collection kept per account and region: clusters by name, families by
 * name, task definitions by `family:revision`, tasks by `cluster/taskId` (so one cluster's tasks share a prefix),
 * services by `cluster/name` (a name freed by an INACTIVE service is reused: the new service replaces the old).
 */
export class EcsStore {
  readonly #p: Persistence;
  readonly #clusters: ScopedCollection<ClusterDocument>;
  readonly #families: ScopedCollection<FamilyDocument>;
  readonly #taskDefinitions: ScopedCollection<TaskDefinitionDocument>;
  readonly #tasks: ScopedCollection<TaskRecord>;
  readonly #services: ScopedCollection<ServiceDocument>;

  constructor(persistence: Persistence) {
    this.#p = persistence;
    this.#clusters = new ScopedCollection(persistence, ecsCollections.clusters);
    this.#families = new ScopedCollection(persistence, ecsCollections.families);
    this.#taskDefinitions = new ScopedCollection(persistence, ecsCollections.taskDefinitions);
    this.#tasks = new ScopedCollection(persistence, ecsCollections.tasks);
    this.#services = new ScopedCollection(persistence, ecsCollections.services);
  }

  transaction<T>(fn: () => T): T {
    return this.#p.transaction(fn);
  }

  cluster(account: string, region: string, name: string): ClusterDocument | undefined {
    return this.#clusters.get({ account, region }, name);
  }

  putCluster(cluster: ClusterDocument): void {
    this.#clusters.put(cluster, cluster.clusterName, cluster);
  }

  clusters(account: string, region: string): ClusterDocument[] {
    return this.#clusters.list({ account, region });
  }

  family(account: string, region: string, family: string): FamilyDocument | undefined {
    return this.#families.get({ account, region }, family);
  }

  putFamily(family: FamilyDocument): void {
    this.#families.put(family, family.family, family);
  }

  families(account: string, region: string): FamilyDocument[] {
    return this.#families.list({ account, region });
  }

  taskDefinition(
    account: string,
    region: string,
    family: string,
    revision: number,
  ): TaskDefinitionDocument | undefined {
    return this.#taskDefinitions.get({ account, region }, definitionKey(family, revision));
  }

  putTaskDefinition(document: TaskDefinitionDocument): void {
    const { family, revision } = document.definition;
    this.#taskDefinitions.put(document, definitionKey(family, revision), document);
  }

  /** Every revision of every family (or of one family), in family then revision order. */
  taskDefinitions(account: string, region: string, family?: string): TaskDefinitionDocument[] {
    return this.#taskDefinitions.list({ account, region }, family === undefined ? '' : `${family}:`);
  }

  task(account: string, region: string, cluster: string, taskId: string): TaskRecord | undefined {
    return this.#tasks.get({ account, region }, taskKey(cluster, taskId));
  }

  putTask(task: TaskRecord): void {
    this.#tasks.put(task, taskKey(task.clusterName, task.taskId), task);
  }

  deleteTask(task: TaskRecord): void {
    this.#tasks.delete(task, taskKey(task.clusterName, task.taskId));
  }

  /** One cluster's tasks, or every task of the account and region. */
  tasks(account: string, region: string, cluster?: string): TaskRecord[] {
    return this.#tasks.list({ account, region }, cluster === undefined ? '' : `${cluster}/`);
  }

  /** Every task of every account and region (the agent's reports and `berth up`'s restart). */
  allTasks(): TaskRecord[] {
    return this.#p.list(ecsCollections.tasks);
  }

  service(account: string, region: string, cluster: string, name: string): ServiceDocument | undefined {
    return this.#services.get({ account, region }, serviceKey(cluster, name));
  }

  putService(service: ServiceDocument): void {
    this.#services.put(service, serviceKey(service.clusterName, service.serviceName), service);
  }

  /** One cluster's services in name order. */
  services(account: string, region: string, cluster: string): ServiceDocument[] {
    return this.#services.list({ account, region }, `${cluster}/`);
  }

  /** Every service of every account and region (the scheduler's resumption at start). */
  allServices(): ServiceDocument[] {
    return this.#p.list(ecsCollections.services);
  }
}
