import type { Command } from 'commander';
import { addEcsTargetOptions, type EcsTargetOptions } from './ecs-options.js';
import { runCommand } from './run-command.js';

export interface StopOptions extends EcsTargetOptions {
  reason?: string;
}

/** `berth stop TASK`: StopTask (the cluster is the one in the task ARN unless --cluster says otherwise). */
export function addStopCommand(program: Command): void {
  const command = program
    .command('stop')
    .description('stop a task (exit 0 stopping, 3 failed)')
    .argument('<task>', 'task ARN or id')
    .option('--reason <text>', 'the stoppedReason to record (ECS default: Task stopped by user)');
  addEcsTargetOptions(command).action((task: string, options: StopOptions) =>
    runCommand(async () => {
      // Loaded here, not at the top: the AWS SDK would slow every other command's start.
      const { stopTask } = await import('./stop-task.js');
      process.exitCode = await stopTask(task, options);
    }),
  );
}
