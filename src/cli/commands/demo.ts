import type { Command } from 'commander';
import { runCommand } from './run-command.js';

interface DemoCommandOptions {
  state?: string;
  taskCidr?: string;
}

/**
 * `berth demo`: the ECS private-registry walkthrough, offline, in one command, every step printed with its AWS CLI
 * equivalent. Exit 0 when every step behaved as on AWS, 3 when one did not (or the demo cannot run here).
 */
export function addDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'run the ECS private-registry walkthrough offline: a private image, its secret, the execution role, a Fargate task',
    )
    .option(
      '--state <dir>',
      'keep the demo state in this new or empty directory (default: a temporary one, removed)',
    )
    .option('--task-cidr <cidr>', 'awsvpc task addresses, on a host bridge (default 10.213.0.0/16)')
    .action((options: DemoCommandOptions) =>
      runCommand(async () => {
        // Loaded here, not at the top: the services and the AWS SDK would slow every other command's start.
        const { runDemo } = await import('../demo/run-demo.js');
        process.exitCode = await runDemo(options);
      }),
    );
}
