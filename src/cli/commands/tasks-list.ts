import {
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  type ECSClient,
  paginateListTasks,
  type Task,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { exitCodes } from '../cli-error.js';
import { connectEcs, reportEcsFailure } from './ecs-client.js';
import { formatTaskTable } from './task-format.js';
import type { TasksOptions } from './tasks.js';

/** DescribeTasks takes at most 100 tasks per call. */
const describeBatch = 100;

/** The implementation of `berth tasks`, loaded only when the command runs. Returns the exit code. */
export async function listTasks(options: TasksOptions): Promise<number> {
  const { client, endpoint } = connectEcs(options);
  const cluster = options.cluster === undefined ? {} : { cluster: options.cluster };
  let operation = 'ListTasks';
  try {
    // ListTasks lists by desired status: RUNNING (the default, pending tasks included) and STOPPED.
    const arns: string[] = [];
    for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
      for await (const page of paginateListTasks({ client }, { ...cluster, desiredStatus })) {
        arns.push(...(page.taskArns ?? []));
      }
    }
    operation = 'DescribeTasks';
    const tasks: Task[] = [];
    for (let i = 0; i < arns.length; i += describeBatch) {
      const batch = [...new Set(arns.slice(i, i + describeBatch))];
      const described = await client.send(new DescribeTasksCommand({ ...cluster, tasks: batch }));
      tasks.push(...(described.tasks ?? []));
    }
    if (options.json) console.log(JSON.stringify(tasks, null, 2));
    else if (tasks.length === 0) console.error(`no tasks in cluster ${options.cluster ?? 'default'}`);
    else console.log(formatTaskTable(tasks, await definitionsOf(client, tasks)));
    return exitCodes.ok;
  } catch (error) {
    return reportEcsFailure(error, operation, endpoint);
  } finally {
    client.destroy();
  }
}

/**
 * The definitions of the tasks that ECS reports no port bindings for (awsvpc: the address is on the ENI, the ports
 * only in the definition), so that the table shows `address:port`. One that cannot be described is left out.
 */
async function definitionsOf(
  client: ECSClient,
  tasks: readonly Task[],
): Promise<Map<string, TaskDefinition>> {
  const arns = new Set(
    tasks
      .filter((task) => task.containers?.every((c) => (c.networkBindings ?? []).length === 0))
      .flatMap((task) => task.taskDefinitionArn ?? []),
  );
  const definitions = new Map<string, TaskDefinition>();
  for (const arn of arns) {
    const described = await client
      .send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }))
      .catch(() => undefined);
    if (described?.taskDefinition) definitions.set(arn, described.taskDefinition);
  }
  return definitions;
}
