import type { Command } from 'commander';

/** Where `berth run`, `tasks` and `stop` send their ECS calls (see ecs-client.ts for the order of choice). */
export interface EcsTargetOptions {
  cluster?: string;
  state?: string;
  endpointUrl?: string;
}

/** The options every ECS-calling command takes. Kept apart from ecs-client.ts so that adding them loads no SDK. */
export function addEcsTargetOptions(command: Command): Command {
  return command
    .option('--cluster <cluster>', 'cluster name or ARN (default: default)')
    .option('--state <dir>', 'talk to the berth running on this state directory (default: ~/.berth)')
    .option(
      '--endpoint-url <url>',
      'talk to this ECS endpoint instead (credentials and region from the AWS environment)',
    );
}
