import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stateDirLayout } from '../../adapters/state-dir/index.js';
import { drainInTimeOrder, type LogLine } from '../../agent/runtime/container-log-reader.js';
import { badInput, exitCodes } from '../cli-error.js';
import { resolveStateDir } from '../state-location.js';
import { printLogLine, stopOnClosedPipe } from './log-printer.js';
import type { LogsOptions } from './logs.js';
import { clusterOfTaskArn } from './task-format.js';
import { isDirectory, logFiles, TaskLogSources } from './task-log-sources.js';
import type { TaskWatch } from './task-watch.js';

/** How often --follow looks for new lines (and asks berth whether the task stopped). */
export const followInterval = 250;

/** ECS task ids; anything else could not name a directory under tasks/. */
const taskIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
/** `arn:<partition>:ecs:<region>:<account>:task/[<cluster>/]<id>`. */
const taskArnPattern = /^arn:[^:]+:ecs:[^:]*:[^:]*:task\/(?:[^/]+\/)?([^/]+)$/;

/** The implementation of `berth logs TASK`, loaded only when the command runs. Returns the exit code. */
export async function showLogs(task: string, options: LogsOptions): Promise<number> {
  const id = taskArnPattern.exec(task)?.[1] ?? task;
  if (!taskIdPattern.test(id)) throw badInput(`${task} is not a task ARN or id`);
  const stateDir = resolveStateDir(options.state);
  const tasksDir = stateDirLayout(stateDir).tasks;
  const dir = join(tasksDir, id);
  const cluster = clusterOfTaskArn(task);
  // A container with the awslogs driver is read through CloudWatch Logs when berth runs: what its stream holds.
  const awslogs = await (await import('./task-awslogs.js')).taskAwslogs(stateDir, id, cluster);
  const logs = new TaskLogSources(dir, options.container, awslogs);
  const watch = options.follow ? await startWatch(stateDir, id, cluster) : undefined;
  // Before the first refresh, count is the number of awslogs streams read.
  if (!isDirectory(dir) && watch === undefined && logs.count === 0) {
    logs.close();
    throw badInput(`no task ${id} in ${tasksDir} (berth keeps each task's container logs there)`);
  }
  stopOnClosedPipe();
  try {
    for (;;) {
      // Asked before reading: every line written before the task stopped is then read in this round.
      const done = watch === undefined || (await watch.stopped());
      await logs.refresh();
      const prefixed =
        options.container === undefined && Math.max(logs.count, watch?.containerCount ?? 0) > 1;
      const emit = (line: LogLine) => printLogLine(line, prefixed);
      await drainInTimeOrder(logs.sources(), emit);
      if (done) {
        logs.finish();
        await drainInTimeOrder(logs.sources(), emit);
        break;
      }
      await sleep(followInterval);
    }
  } finally {
    watch?.close();
    logs.close();
  }
  if (options.container !== undefined && logs.count === 0) {
    const others = logFiles(dir);
    throw badInput(
      `task ${id} has no log of a container named ${options.container}` +
        (others.length === 0 ? ' (no container has written one)' : ` (its containers: ${others.join(', ')})`),
    );
  }
  if (logs.count === 0) console.error(`task ${id} has no container output (no container has started)`);
  return exitCodes.ok;
}

/** The task's watch for --follow; without a berth that knows the task, the logs are printed as they are. */
async function startWatch(
  stateDir: string,
  id: string,
  cluster: string | undefined,
): Promise<TaskWatch | undefined> {
  const { watchTask } = await import('./task-watch.js');
  const watch = await watchTask(stateDir, id, cluster);
  if (watch === undefined) {
    console.error(`berth: not following: no berth running on ${stateDir} knows task ${id}`);
  }
  return watch;
}
