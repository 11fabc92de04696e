import type { Command } from 'commander';
import { addEcsTargetOptions, type EcsTargetOptions } from './ecs-options.js';
import { runCommand } from './run-command.js';

export interface RunOptions extends EcsTargetOptions {
  count?: string;
  launchType?: string;
  subnet?: string[];
  securityGroup?: string[];
  wait?: boolean;
  json?: boolean;
}

/**
 * `berth run TASKDEF`: RegisterTaskDefinition (for a file) and RunTask, through the ECS API of the running berth (or
 * `--endpoint-url`). Without --wait: the task ARNs, exit 0. With --wait: a line per status until every task is
 * RUNNING (exit 0) or STOPPED (exit 3, with stoppedReason and its likely cause; exit 0 if it ran to completion).
 */
export function addRunCommand(program: Command): void {
  const command = program
    .command('run')
    .description('register a task definition and run it as ECS would (exit 0 started, 2 bad input, 3 failed)')
    .argument(
      '<taskdef>',
      'a task definition JSON file (register-task-definition input), or family[:revision]',
    )
    .option('--count <n>', 'how many tasks to start (default: 1)')
    .option(
      '--launch-type <type>',
      'FARGATE or EC2 (default: FARGATE if the definition requires it, else EC2)',
    )
    .option(
      '--subnet <id>',
      "awsvpc subnet (repeatable; default: the default VPC's first default subnet)",
      collect,
    )
    .option(
      '--security-group <id>',
      "awsvpc security group (repeatable; default: the VPC's default group, as ECS chooses)",
      collect,
    )
    .option('--wait', 'follow the tasks until RUNNING or STOPPED, printing each status')
    .option('--json', 'print the tasks as JSON (DescribeTasks shapes; status lines go to stderr)');
  addEcsTargetOptions(command).action((taskdef: string, options: RunOptions) =>
    runCommand(async () => {
      // Loaded here, not at the top: the AWS SDK would slow every other command's start.
      const { runTask } = await import('./run-task.js');
      process.exitCode = await runTask(taskdef, options);
    }),
  );
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
