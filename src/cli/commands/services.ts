import type { Command } from 'commander';
import { addEcsTargetOptions, type EcsTargetOptions } from './ecs-options.js';
import { runCommand } from './run-command.js';

export interface ServicesOptions extends EcsTargetOptions {
  json?: boolean;
  wait?: boolean;
}

/** `berth services`: a cluster's services — desired/running/pending, deployments, the last event. */
export function addServicesCommand(program: Command): void {
  const command = program
    .command('services')
    .description("list a cluster's services: desired/running tasks, deployments, last event")
    .option('--json', 'print the DescribeServices service objects as a JSON array')
    .option('--wait', 'print progress until every service is stable (one deployment, running = desired)');
  addEcsTargetOptions(command).action((options: ServicesOptions) =>
    runCommand(async () => {
      // Loaded here, not at the top: the AWS SDK would slow every other command's start.
      const { showServices } = await import('./service-view.js');
      process.exitCode = await showServices(options);
    }),
  );
}
