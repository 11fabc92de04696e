import { type Persistence, ScopedCollection } from '../../ports/index.js';
import type {
  ClusterDocument,
  FamilyDocument,
  TaskDefinitionDocument,
  TaskRecord,
} from './domain/documents.js';

export const ecsCollections = {
  clusters: 'ecs.clusters',
  families: 'ecs.families',
  taskDefinitions: 'ecs.task-definitions',
  tasks: 'ecs.tasks',
} as const;

/** Revisions are zero-padded in keys so that key order is revision order (ECS allows 1,000,000 per family). */
const definitionKey = (family: string, revision: number) => `${family}:${String(revision).padStart(9, '0')}`;
const taskKey = (cluster: string, taskId: string) => `${cluster}/${taskId}`;

/**
 * ECS's state on the Persistence port, every collection kept per account and region: clusters by name, families by
 * name, task definitions by `family:revision`, tasks by `cluster/taskId` (so one cluster's tasks share a prefix).
 */
export class EcsStore {
  readonly #p: Persistence;
  readonly #clusters: ScopedCollection<ClusterDocument>;
  readonly #families: ScopedCollection<FamilyDocument>;
  readonly #taskDefinitions: ScopedCollection<TaskDefinitionDocument>;
  readonly #tasks: ScopedCollection<TaskRecord>;

  constructor(persistence: Persistence) {
    this.#p = persistence;
    this.#clusters = new ScopedCollection(persistence, ecsCollections.clusters);
    this.#families = new ScopedCollection(persistence, ecsCollections.families);
    this.#taskDefinitions = new ScopedCollection(persistence, ecsCollections.taskDefinitions);
    this.#tasks = new ScopedCollection(persistence, ecsCollections.tasks);
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
}
