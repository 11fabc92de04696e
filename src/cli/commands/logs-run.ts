import { once } from 'node:events';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stateDirLayout } from '../../adapters/state-dir/index.js';
import {
  ContainerLogReader,
  drainInTimeOrder,
  type LogLine,
} from '../../agent/runtime/container-log-reader.js';
import { badInput, exitCodes } from '../cli-error.js';
import { resolveStateDir } from '../state-location.js';
import type { LogsOptions } from './logs.js';
import { clusterOfTaskArn } from './task-format.js';
import type { TaskWatch } from './task-watch.js';

/** How often --follow looks for new lines (and asks berth whether the task stopped). */
const followInterval = 250;

/** ECS task ids; anything else could not name a directory under tasks/. */
const taskIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
/** `arn:<partition>:ecs:<region>:<account>:task/[<cluster>/]<id>`. */
const taskArnPattern = /^arn:[^:]+:ecs:[^:]*:[^:]*:task\/(?:[^/]+\/)?([^/]+)$/;

/** The implementation of `berth logs`, loaded only when the command runs. Returns the exit code. */
export async function showLogs(task: string, options: LogsOptions): Promise<number> {
  const id = taskArnPattern.exec(task)?.[1] ?? task;
  if (!taskIdPattern.test(id)) throw badInput(`${task} is not a task ARN or id`);
  const stateDir = resolveStateDir(options.state);
  const tasksDir = stateDirLayout(stateDir).tasks;
  const dir = join(tasksDir, id);
  const cluster = clusterOfTaskArn(task);
  // A container with the awslogs driver is read through CloudWatch Logs when berth runs: what its stream holds.
  const awslogs = await (await import('./task-awslogs.js')).taskAwslogs(stateDir, id, cluster);
  const streams = [...awslogs.sources.values()].filter(
    (source) => options.container === undefined || source.container === options.container,
  );
  const watch = options.follow ? await startWatch(stateDir, id, cluster) : undefined;
  if (!isDirectory(dir) && watch === undefined && streams.length === 0) {
    awslogs.close();
    throw badInput(`no task ${id} in ${tasksDir} (berth keeps each task's container logs there)`);
  }
  stopOnClosedPipe();
  const readers = new Map<string, ContainerLogReader>();
  try {
    for (;;) {
      // Asked before reading: every line written before the task stopped is then read in this round.
      const done = watch === undefined || (await watch.stopped());
      addNewReaders(dir, options.container, readers, awslogs.sources);
      await Promise.all(streams.map((source) => source.fetch()));
      const sources = [...readers.values(), ...streams];
      const prefixed =
        options.container === undefined && Math.max(sources.length, watch?.containerCount ?? 0) > 1;
      const emit = (line: LogLine) => print(line, prefixed);
      await drainInTimeOrder(sources, emit);
      if (done) {
        // Nothing more will be written: a last line without its newline is shown too.
        for (const reader of readers.values()) reader.finish();
        await drainInTimeOrder(sources, emit);
        break;
      }
      await sleep(followInterval);
    }
  } finally {
    watch?.close();
    awslogs.close();
    for (const reader of readers.values()) reader.close();
  }
  if (options.container !== undefined && readers.size === 0 && streams.length === 0) {
    const others = logFiles(dir);
    throw badInput(
      `task ${id} has no log of a container named ${options.container}` +
        (others.length === 0 ? ' (no container has written one)' : ` (its containers: ${others.join(', ')})`),
    );
  }
  if (readers.size === 0 && streams.length === 0)
    console.error(`task ${id} has no container output (no container has started)`);
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

/** Readers of the containers' log files, but for those read from their awslogs stream. */
export function addNewReaders(
  dir: string,
  only: string | undefined,
  readers: Map<string, ContainerLogReader>,
  awslogs: ReadonlyMap<string, unknown>,
): void {
  for (const container of logFiles(dir)) {
    if (readers.has(container) || awslogs.has(container) || (only !== undefined && container !== only))
      continue;
    readers.set(container, new ContainerLogReader(container, join(dir, `${container}.log`)));
  }
}

/** The containers with a log file in the task's directory (none while it does not exist yet). */
export function logFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => name.endsWith('.log'))
    .map((name) => name.slice(0, -'.log'.length))
    .sort();
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

/** One log line, as its own line(s), on the stream it was written to. */
async function print(line: LogLine, prefixed: boolean): Promise<void> {
  const out = line.stream === 'stderr' ? process.stderr : process.stdout;
  const text = line.text.endsWith('\n') ? line.text.slice(0, -1) : line.text;
  const prefix = prefixed ? `${line.container} | ` : '';
  const lines = text.split('\n').map((part) => `${prefix}${part}\n`);
  // Respect the pipe's pace (a large log into `less`), rather than buffering it all in memory.
  if (!out.write(lines.join(''))) await once(out, 'drain');
}

/** `berth logs … | head`: a closed pipe ends the command quietly, as it ends `cat`. */
function stopOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(exitCodes.ok);
    });
  }
}
