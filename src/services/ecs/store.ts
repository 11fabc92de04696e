import type { Persistence } from '../../ports/index.js';
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
const revisionKey = (revision: number) => String(revision).padStart(9, '0');

/**
 * ECS's state on the Persistence port, every key starting `${account}/${region}/`: clusters by name, families by
 * name, task definitions by `family:revision`, tasks by `cluster/taskId` (so one cluster's tasks share a prefix).
 */
export class EcsStore {
  readonly #p: Persistence;

  constructor(persistence: Persistence) {
    this.#p = persistence;
  }

  transaction<T>(fn: () => T): T {
    return this.#p.transaction(fn);
  }

  cluster(account: string, region: string, name: string): ClusterDocument | undefined {
    return this.#p.get(ecsCollections.clusters, `${account}/${region}/${name}`);
  }

  putCluster(cluster: ClusterDocument): void {
    this.#p.put(
      ecsCollections.clusters,
      `${cluster.account}/${cluster.region}/${cluster.clusterName}`,
      cluster,
    );
  }

  clusters(account: string, region: string): ClusterDocument[] {
    return this.#p.list(ecsCollections.clusters, { prefix: `${account}/${region}/` });
  }

  family(account: string, region: string, family: string): FamilyDocument | undefined {
    return this.#p.get(ecsCollections.families, `${account}/${region}/${family}`);
  }

  putFamily(family: FamilyDocument): void {
    this.#p.put(ecsCollections.families, `${family.account}/${family.region}/${family.family}`, family);
  }

  families(account: string, region: string): FamilyDocument[] {
    return this.#p.list(ecsCollections.families, { prefix: `${account}/${region}/` });
  }

  taskDefinition(
    account: string,
    region: string,
    family: string,
    revision: number,
  ): TaskDefinitionDocument | undefined {
    return this.#p.get(
      ecsCollections.taskDefinitions,
      `${account}/${region}/${family}:${revisionKey(revision)}`,
    );
  }

  putTaskDefinition(document: TaskDefinitionDocument): void {
    const { family, revision } = document.definition;
    const key = `${document.account}/${document.region}/${family}:${revisionKey(revision)}`;
    this.#p.put(ecsCollections.taskDefinitions, key, document);
  }

  /** Every revision of every family (or of one family), in family then revision order. */
  taskDefinitions(account: string, region: string, family?: string): TaskDefinitionDocument[] {
    const prefix = `${account}/${region}/${family === undefined ? '' : `${family}:`}`;
    return this.#p.list(ecsCollections.taskDefinitions, { prefix });
  }

  task(account: string, region: string, cluster: string, taskId: string): TaskRecord | undefined {
    return this.#p.get(ecsCollections.tasks, `${account}/${region}/${cluster}/${taskId}`);
  }

  putTask(task: TaskRecord): void {
    this.#p.put(
      ecsCollections.tasks,
      `${task.account}/${task.region}/${task.clusterName}/${task.taskId}`,
      task,
    );
  }

  deleteTask(task: TaskRecord): void {
    this.#p.delete(ecsCollections.tasks, `${task.account}/${task.region}/${task.clusterName}/${task.taskId}`);
  }

  /** One cluster's tasks, or every task of the account and region. */
  tasks(account: string, region: string, cluster?: string): TaskRecord[] {
    const prefix = `${account}/${region}/${cluster === undefined ? '' : `${cluster}/`}`;
    return this.#p.list(ecsCollections.tasks, { prefix });
  }

  /** Every task of every account and region (the agent's reports and `berth up`'s restart). */
  allTasks(): TaskRecord[] {
    return this.#p.list(ecsCollections.tasks);
  }
}
