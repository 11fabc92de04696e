import type { Command } from 'commander';
import { badInput } from '../cli-error.js';
import { runCommand } from './run-command.js';

export interface LogsOptions {
  container?: string;
  follow?: boolean;
  state?: string;
  service?: string;
  cluster?: string;
}

/**
 * `berth logs TASK`: what a task's containers wrote, read from `<state>/tasks/<task-id>/<container>.log` (whether
 * berth runs or not), stdout lines to stdout and stderr lines to stderr, in time order. A container with the awslogs
 * driver is read from its CloudWatch Logs stream through the running berth (GetLogEvents; every line to stdout, as
 * CloudWatch keeps no stdout/stderr), and from its file when berth does not run. --follow keeps reading until the
 * running berth reports the task STOPPED and everything is drained. Exit 2 for a task berth has no logs of.
 * `berth logs --service NAME`: the same for every task of a service, each line led by its task id (service-logs-run.ts).
 */
export function addLogsCommand(program: Command): void {
  program
    .command('logs')
    .description(
      "print a task's container output (stdout to stdout, stderr to stderr; awslogs containers from their stream)",
    )
    .argument('[task]', 'task ARN or id (or --service)')
    .option(
      '--service <name>',
      'all tasks of this service (name or ARN; berth must run): each line led by `<task id>/<container> | `; with --follow, tasks it starts later too, until it is INACTIVE',
    )
    .option('--cluster <cluster>', "the service's cluster (default: default)")
    .option(
      '--container <name>',
      'only this container (default: all, each line prefixed with `<container> | `)',
    )
    .option('-f, --follow', 'keep printing new lines until the task has stopped (or Ctrl-C)')
    .option('--state <dir>', 'state directory (default: ~/.berth); logs are under <state>/tasks/')
    .action((task: string | undefined, options: LogsOptions) =>
      runCommand(async () => {
        if ((task === undefined) === (options.service === undefined))
          throw badInput('give a task, or --service NAME (not both)');
        if (options.service !== undefined) {
          const { showServiceLogs } = await import('./service-logs-run.js');
          process.exitCode = await showServiceLogs(options.service, options);
          return;
        }
        if (options.cluster !== undefined) throw badInput('--cluster goes with --service');
        // Loaded here, not at the top, as every command's implementation is.
        const { showLogs } = await import('./logs-run.js');
        process.exitCode = await showLogs(task as string, options);
      }),
    );
}
