import type { Command } from 'commander';
import { runCommand } from './run-command.js';

export interface LogsOptions {
  container?: string;
  follow?: boolean;
  state?: string;
}

/**
 * `berth logs TASK`: what a task's containers wrote, read from `<state>/tasks/<task-id>/<container>.log` (whether
 * berth runs or not), stdout lines to stdout and stderr lines to stderr, in time order. A container with the awslogs
 * driver is read from its CloudWatch Logs stream through the running berth (GetLogEvents; every line to stdout, as
 * CloudWatch keeps no stdout/stderr), and from its file when berth does not run. --follow keeps reading until the
 * running berth reports the task STOPPED and everything is drained. Exit 2 for a task berth has no logs of.
 */
export function addLogsCommand(program: Command): void {
  program
    .command('logs')
    .description(
      "print a task's container output (stdout to stdout, stderr to stderr; awslogs containers from their stream)",
    )
    .argument('<task>', 'task ARN or id')
    .option(
      '--container <name>',
      'only this container (default: all, each line prefixed with `<container> | `)',
    )
    .option('-f, --follow', 'keep printing new lines until the task has stopped (or Ctrl-C)')
    .option('--state <dir>', 'state directory (default: ~/.berth); logs are under <state>/tasks/')
    .action((task: string, options: LogsOptions) =>
      runCommand(async () => {
        // Loaded here, not at the top, as every command's implementation is.
        const { showLogs } = await import('./logs-run.js');
        process.exitCode = await showLogs(task, options);
      }),
    );
}
