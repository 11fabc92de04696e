import type { Command } from 'commander';
import { addEcsTargetOptions, type EcsTargetOptions } from './ecs-options.js';
import { runCommand } from './run-command.js';

export interface TasksOptions extends EcsTargetOptions {
  json?: boolean;
}

/** `berth tasks`: the cluster's running and stopped tasks (ListTasks + DescribeTasks) as a table, newest first. */
export function addTasksCommand(program: Command): void {
  const command = program
    .command('tasks')
    .description("list a cluster's tasks: id, family:revision, status, address, stopped reason")
    .option('--json', 'print the DescribeTasks task objects as a JSON array');
  addEcsTargetOptions(command).action((options: TasksOptions) =>
    runCommand(async () => {
      // Loaded here, not at the top: the AWS SDK would slow every other command's start.
      const { listTasks } = await import('./tasks-list.js');
      process.exitCode = await listTasks(options);
    }),
  );
}
