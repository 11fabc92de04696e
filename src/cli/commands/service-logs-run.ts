// `berth logs --service NAME`: what every task of a service writes, in time order across tasks, each line led by
// `<task id>/<container> | `. The tasks are the service's current ones (ListTasks by serviceName); with --follow, tasks
// the scheduler starts later join as they appear, and a task leaving the service is read until ECS reports it
// STOPPED (so its last lines, e.g. what it prints on SIGTERM, are shown). --follow ends when the service is INACTIVE
// and its last task has stopped. Needs the berth running on the state dir: only ECS knows a service's tasks.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  type ECSClient,
  paginateListTasks,
  type Service,
} from '@aws-sdk/client-ecs';
import { stateDirLayout } from '../../adapters/state-dir/index.js';
import { drainInTimeOrder, type LogLine } from '../../agent/runtime/container-log-reader.js';
import { exitCodes } from '../cli-error.js';
import { resolveStateDir } from '../state-location.js';
import { connectEcs, reportEcsFailure } from './ecs-client.js';
import { printLogLine, stopOnClosedPipe } from './log-printer.js';
import type { LogsOptions } from './logs.js';
import { followInterval } from './logs-run.js';
import { taskAwslogs } from './task-awslogs.js';
import { TaskLogSources } from './task-log-sources.js';

/** DescribeTasks takes at most 100 tasks per call. */
const describeBatch = 100;

export async function showServiceLogs(service: string, options: LogsOptions): Promise<number> {
  const stateDir = resolveStateDir(options.state);
  const tasksDir = stateDirLayout(stateDir).tasks;
  const { client, endpoint } = connectEcs({ state: stateDir });
  const followed = new Map<string, TaskLogSources>();
  const emit = (line: LogLine) => printLogLine(line, true);
  const drain = (tasks: Iterable<TaskLogSources>) =>
    drainInTimeOrder(
      [...tasks].flatMap((task) => task.sources()),
      emit,
    );
  try {
    const found = await describeService(client, options.cluster, service);
    if (found === undefined) {
      console.error(`berth: no service ${service} in cluster ${options.cluster ?? 'default'}`);
      return exitCodes.failure;
    }
    const cluster = found.clusterArn!;
    const name = found.serviceName!;
    stopOnClosedPipe();
    for (;;) {
      const inactive = (await describeService(client, cluster, name))?.status === 'INACTIVE';
      const current = await serviceTasks(client, cluster, name);
      // Asked before reading: every line a leaving task wrote before it stopped is then read in this round.
      const leaving = [...followed.keys()].filter((id) => !current.includes(id));
      const stopped = options.follow ? await stoppedTasks(client, cluster, leaving) : [];
      for (const id of current) {
        if (followed.has(id)) continue;
        const label = (container: string) => (options.container === undefined ? `${id}/${container}` : id);
        const awslogs = await taskAwslogs(stateDir, id, cluster, label);
        followed.set(id, new TaskLogSources(join(tasksDir, id), options.container, awslogs, label));
      }
      await Promise.all([...followed.values()].map((task) => task.refresh()));
      await drain(followed.values());
      const ended = options.follow ? stopped.map((id) => followed.get(id)!) : [...followed.values()];
      for (const task of ended) task.finish();
      await drain(ended);
      for (const id of options.follow ? stopped : [...followed.keys()]) {
        followed.get(id)!.close();
        followed.delete(id);
      }
      if (!options.follow) {
        if (current.length === 0) console.error(`service ${name} has no running tasks`);
        return exitCodes.ok;
      }
      if (inactive && followed.size === 0) return exitCodes.ok;
      await sleep(followInterval);
    }
  } catch (error) {
    return reportEcsFailure(error, 'berth logs --service', endpoint);
  } finally {
    for (const task of followed.values()) task.close();
    client.destroy();
  }
}

async function describeService(
  client: ECSClient,
  cluster: string | undefined,
  service: string,
): Promise<Service | undefined> {
  const out = await client.send(
    new DescribeServicesCommand({ ...(cluster === undefined ? {} : { cluster }), services: [service] }),
  );
  return out.services?.[0];
}

/** The ids of the service's tasks whose desired status is RUNNING. */
async function serviceTasks(client: ECSClient, cluster: string, serviceName: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of paginateListTasks({ client }, { cluster, serviceName }))
    ids.push(...(page.taskArns ?? []).map((arn) => arn.split('/').pop()!));
  return ids;
}

/** Which of these tasks are STOPPED, or gone: nothing more will be written by them. */
async function stoppedTasks(client: ECSClient, cluster: string, ids: readonly string[]): Promise<string[]> {
  const stopped: string[] = [];
  for (let i = 0; i < ids.length; i += describeBatch) {
    const batch = ids.slice(i, i + describeBatch);
    const { tasks = [] } = await client.send(new DescribeTasksCommand({ cluster, tasks: batch }));
    const known = new Map(tasks.map((task) => [task.taskArn!.split('/').pop()!, task.lastStatus]));
    stopped.push(...batch.filter((id) => (known.get(id) ?? 'STOPPED') === 'STOPPED'));
  }
  return stopped;
}
