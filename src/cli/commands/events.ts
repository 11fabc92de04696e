import type { Command } from 'commander';
import { addEcsTargetOptions, type EcsTargetOptions } from './ecs-options.js';
import { runCommand } from './run-command.js';

export interface EventsOptions extends EcsTargetOptions {
  follow?: boolean;
}

/** `berth events SERVICE`: the service's events, oldest first; `--follow` prints new ones until it is stable. */
export function addEventsCommand(program: Command): void {
  const command = program
    .command('events')
    .argument('<service>', 'service name or ARN')
    .description("a service's events (the scheduler's messages), oldest first")
    .option('--follow', 'keep printing new events until the service is stable');
  addEcsTargetOptions(command).action((service: string, options: EventsOptions) =>
    runCommand(async () => {
      const { showEvents } = await import('./service-view.js');
      process.exitCode = await showEvents(service, options);
    }),
  );
}
