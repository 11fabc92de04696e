// `berth logs --follow` asks the running berth whether the task has stopped. Loaded only when following.
import {
  ClusterNotFoundException,
  DescribeTasksCommand,
  type ECSClient,
  paginateListClusters,
  type Task,
} from '@aws-sdk/client-ecs';
import { isBerthError } from '../../errors/index.js';
import { connectEcs } from './ecs-client.js';

export interface TaskWatch {
  /** How many containers the task has (so that output is prefixed before the second one has written). */
  readonly containerCount: number;
  /** Whether the task is STOPPED — or gone, or berth with it: then nothing more will be written either. */
  stopped(): Promise<boolean>;
  close(): void;
}

/**
 * Watches task `id` through the berth running on the state dir (`stateDir`, absolute). Undefined when berth does not
 * run there, or does not know the task. The cluster is the one given, else `default`, else searched.
 */
export async function watchTask(
  stateDir: string,
  id: string,
  cluster?: string,
): Promise<TaskWatch | undefined> {
  let client: ECSClient;
  try {
    client = connectEcs({ state: stateDir }).client;
  } catch (error) {
    if (isBerthError(error) && error.code === 'BERTH_NOT_RUNNING') return undefined;
    throw error;
  }
  const found = await findTask(client, id, cluster).catch(() => undefined);
  if (found === undefined) {
    client.destroy();
    return undefined;
  }
  return {
    containerCount: found.task.containers?.length ?? 0,
    async stopped() {
      try {
        const task = await describe(client, id, found.cluster);
        return task === undefined || task.lastStatus === 'STOPPED';
      } catch (error) {
        console.error(`berth: stopped following: ${(error as Error).message}`);
        return true;
      }
    },
    close: () => client.destroy(),
  };
}

/** Task `id` in `cluster`, else in `default`, else in any cluster. */
export async function findTask(
  client: ECSClient,
  id: string,
  cluster: string | undefined,
): Promise<{ task: Task; cluster: string } | undefined> {
  const first = cluster ?? 'default';
  const task = await describe(client, id, first);
  if (task !== undefined || cluster !== undefined) return task && { task, cluster: first };
  for await (const page of paginateListClusters({ client }, {})) {
    for (const arn of page.clusterArns ?? []) {
      const other = await describe(client, id, arn);
      if (other !== undefined) return { task: other, cluster: arn };
    }
  }
  return undefined;
}

async function describe(client: ECSClient, id: string, cluster: string): Promise<Task | undefined> {
  try {
    return (await client.send(new DescribeTasksCommand({ cluster, tasks: [id] }))).tasks?.[0];
  } catch (error) {
    if (error instanceof ClusterNotFoundException) return undefined;
    throw error;
  }
}
