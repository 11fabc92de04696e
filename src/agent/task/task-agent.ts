/**
 * berth's ECS agent as the control plane sees it (engines/ecs TaskAgentPort): launch, StopTask, and the two
 * lifecycle calls of `berth up` — recover() at start, close() at exit.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { TaskAgentPort, TaskLaunch } from '../../engines/ecs/index.js';
import type { Sleep, TaskAgentDeps } from './ports.js';
import { TaskRecords } from './task-records.js';
import { TaskReporter } from './task-reporter.js';
import { TaskRun } from './task-run.js';

export interface TaskAgent extends TaskAgentPort {
  /**
   * After a restart of `berth up`: every task the previous process had not finished is reported STOPPED, after the
   * containers and networks it left behind are removed. Call before the first launch.
   */
  recover(): Promise<void>;
  /** Refuses new tasks, stops every running one as StopTask would, and waits until all are STOPPED. */
  close(): Promise<void>;
}

/** The stoppedReason of every task stopped because `berth up` exits. */
export const closingReason = 'berth up is stopping';

/**
 * The stoppedReason of a task found unfinished after a restart. berth's containers are children of the `berth up`
 * process (runc runs in the foreground, there is no shim to re-attach to), so when that process ended, so did the
 * task; the words say so and what berth did about it. No stopCode: none of ECS's codes names a lost host agent.
 */
export const recoveredReason =
  'berth up stopped while this task was running; its containers and network were removed when berth up started again';

const defaultSleep: Sleep = (ms, signal) =>
  delay(ms, undefined, signal === undefined ? {} : { signal }).catch(() => undefined);

export function createTaskAgent(deps: TaskAgentDeps): TaskAgent {
  const withSleep = { ...deps, sleep: deps.sleep ?? defaultSleep };
  const records = new TaskRecords(deps.persistence);
  const runs = new Map<string, TaskRun>();
  let closing = false;

  return {
    launch(task: TaskLaunch): void {
      if (runs.has(task.taskArn)) return; // a repeated launch of a task already in hand
      if (closing) {
        refuse(task, deps);
        return;
      }
      const run = new TaskRun(task, withSleep, records);
      runs.set(task.taskArn, run);
      void run.done.finally(() => runs.delete(task.taskArn));
    },

    stop(taskArn: string, reason: string): void {
      runs.get(taskArn)?.requestStop({ stopCode: 'UserInitiated', reason });
    },

    async recover(): Promise<void> {
      const unfinished = records.list().filter((record) => !runs.has(record.taskArn));
      await deps.runtime.cleanupOrphans();
      await deps.network.cleanupOrphans();
      for (const record of unfinished) {
        const reporter = new TaskReporter(record.taskArn, record.containerNames, deps.sink);
        reporter.stoppedReason = recoveredReason;
        for (const name of record.containerNames) reporter.setContainerStatus(name, 'STOPPED');
        for (const status of ['STOPPING', 'DEPROVISIONING', 'STOPPED'] as const) reporter.moveTo(status);
        records.remove(record.taskArn);
      }
    },

    async close(): Promise<void> {
      closing = true;
      const all = [...runs.values()];
      for (const run of all) run.requestStop({ stopCode: 'UserInitiated', reason: closingReason });
      await Promise.all(all.map((run) => run.done));
    },
  };
}

/** A launch after close(): reported STOPPED at once, so the control plane does not wait for it. */
function refuse(task: TaskLaunch, deps: TaskAgentDeps): void {
  const reporter = new TaskReporter(
    task.taskArn,
    task.containers.map((c) => c.definition.name),
    deps.sink,
  );
  reporter.stopCode = 'TaskFailedToStart';
  reporter.stoppedReason = closingReason;
  for (const container of task.containers) reporter.setContainerStatus(container.definition.name, 'STOPPED');
  for (const status of ['STOPPING', 'DEPROVISIONING', 'STOPPED'] as const) reporter.moveTo(status);
}
