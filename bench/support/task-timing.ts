// Times ECS tasks through the public API, as a client sees them: RunTask sent → DescribeTasks shows RUNNING (polled
// every `pollMs`), and → the container answers on its port (probed at the address DescribeTasks reports). Also the
// agent's own timestamps (startedAt − createdAt, pullStoppedAt − pullStartedAt), which do not depend on polling.

import { setTimeout as delay } from 'node:timers/promises';
import {
  DescribeTasksCommand,
  type ECSClient,
  RunTaskCommand,
  StopTaskCommand,
  type Task,
} from '@aws-sdk/client-ecs';
import { waitForAnswer } from './http-probe.js';

export interface TaskTiming {
  /** RunTask sent → a DescribeTasks answer with lastStatus RUNNING. */
  readonly runningMs: number;
  /** RunTask sent → the container's first 200 on `port`. */
  readonly answeredMs: number;
  /** The agent's startedAt − createdAt. */
  readonly agentMs: number;
  /** The agent's pullStoppedAt − pullStartedAt (resolve; download, verify and unpack unless cached). */
  readonly pullMs: number;
  /** The agent's pullStartedAt − createdAt (the network namespace, the secrets). */
  readonly beforePullMs: number;
  /** The agent's startedAt − pullStoppedAt (the bundle, runc, the report). */
  readonly afterPullMs: number;
  readonly task: Task;
}

export interface TimingOptions {
  readonly pollMs: number;
  readonly probeMs: number;
  readonly port: number;
  /** The subnet the task runs in (EcsWorld.subnet). */
  readonly subnet: string;
  /** A hang guard, not a timing assertion. */
  readonly giveUpMs?: number;
}

/**
 * RunTask (Fargate, awsvpc) of `count` tasks in `subnet` (the default VPC's: ECS refuses subnets EC2 does not have,
 * as on AWS); their ARNs.
 */
export async function runTasks(
  ecs: ECSClient,
  taskDefinition: string,
  subnet: string,
  count = 1,
): Promise<string[]> {
  const networkConfiguration = { awsvpcConfiguration: { subnets: [subnet] } };
  const ran = await ecs.send(
    new RunTaskCommand({ taskDefinition, launchType: 'FARGATE', networkConfiguration, count }),
  );
  const arns = (ran.tasks ?? []).map((task) => task.taskArn!);
  if (arns.length !== count)
    throw new Error(`RunTask started ${arns.length} of ${count}: ${JSON.stringify(ran.failures)}`);
  return arns;
}

/** One task, timed: see TaskTiming. Fails if the task stops instead. */
export async function timeOneTask(
  ecs: ECSClient,
  taskDefinition: string,
  options: TimingOptions,
): Promise<TaskTiming> {
  const sent = performance.now();
  const [arn] = await runTasks(ecs, taskDefinition, options.subnet);
  const stop = new AbortController();
  let answered: Promise<number> | undefined;
  try {
    let runningAt: number | undefined;
    let task: Task | undefined;
    const giveUp = sent + (options.giveUpMs ?? 120_000);
    while (runningAt === undefined) {
      task = await describeOne(ecs, arn!);
      const address = task.containers?.[0]?.networkInterfaces?.[0]?.privateIpv4Address;
      // The address is reported once the task's namespace exists: probing starts then, in parallel.
      if (address && !answered) {
        answered = waitForAnswer(`http://${address}:${options.port}/`, {
          intervalMs: options.probeMs,
          signal: stop.signal,
        });
        answered.catch(() => undefined);
      }
      if (task.lastStatus === 'RUNNING') runningAt = performance.now();
      else if (task.lastStatus === 'STOPPED') throw new Error(`task stopped: ${task.stoppedReason}`);
      else if (performance.now() > giveUp) throw new Error(`task still ${task.lastStatus}`);
      else await delay(options.pollMs);
    }
    if (!answered) throw new Error('a RUNNING task has no address');
    const answeredAt = await answered;
    const running = task!;
    return {
      runningMs: runningAt - sent,
      answeredMs: answeredAt - sent,
      agentMs: since(running.createdAt, running.startedAt),
      pullMs: since(running.pullStartedAt, running.pullStoppedAt),
      beforePullMs: since(running.createdAt, running.pullStartedAt),
      afterPullMs: since(running.pullStoppedAt, running.startedAt),
      task: running,
    };
  } finally {
    stop.abort();
  }
}

/** Milliseconds between two of the agent's timestamps (NaN when one is missing). */
const since = (from: Date | undefined, to: Date | undefined) =>
  from && to ? to.getTime() - from.getTime() : Number.NaN;

/** DescribeTasks of up to 100 ARNs (ECS's limit), in their order. */
export async function describe(ecs: ECSClient, arns: readonly string[]): Promise<Task[]> {
  const tasks: Task[] = [];
  for (let at = 0; at < arns.length; at += 100) {
    const { tasks: page, failures } = await ecs.send(
      new DescribeTasksCommand({ tasks: arns.slice(at, at + 100) }),
    );
    if (failures?.length) throw new Error(`DescribeTasks failures: ${JSON.stringify(failures)}`);
    tasks.push(...(page ?? []));
  }
  return tasks;
}

async function describeOne(ecs: ECSClient, arn: string): Promise<Task> {
  const [task] = await describe(ecs, [arn]);
  if (!task) throw new Error(`DescribeTasks does not know ${arn}`);
  return task;
}

/** Polls until every task is RUNNING; the time that took from `since`. Fails if one stops. */
export async function waitAllRunning(
  ecs: ECSClient,
  arns: readonly string[],
  options: { readonly pollMs: number; readonly since: number; readonly giveUpMs?: number },
): Promise<{ readonly ms: number; readonly tasks: Task[] }> {
  const giveUp = options.since + (options.giveUpMs ?? 300_000);
  for (;;) {
    const tasks = await describe(ecs, arns);
    const stopped = tasks.find((task) => task.lastStatus === 'STOPPED');
    if (stopped) throw new Error(`task stopped: ${stopped.stoppedReason}`);
    if (tasks.every((task) => task.lastStatus === 'RUNNING'))
      return { ms: performance.now() - options.since, tasks };
    if (performance.now() > giveUp) {
      const counts = new Map<string, number>();
      for (const task of tasks) counts.set(task.lastStatus!, (counts.get(task.lastStatus!) ?? 0) + 1);
      throw new Error(`tasks not all RUNNING: ${JSON.stringify(Object.fromEntries(counts))}`);
    }
    await delay(options.pollMs);
  }
}

/** StopTask for each, then waits until all are STOPPED (a hang guard bounds the wait). */
export async function stopAll(ecs: ECSClient, arns: readonly string[]): Promise<void> {
  await Promise.all(arns.map((task) => ecs.send(new StopTaskCommand({ task, reason: 'benchmark done' }))));
  const giveUp = performance.now() + 120_000;
  for (;;) {
    const tasks = await describe(ecs, arns);
    if (tasks.every((task) => task.lastStatus === 'STOPPED')) return;
    if (performance.now() > giveUp) throw new Error('tasks did not stop');
    await delay(50);
  }
}
