import { Command } from 'commander';

/** The `berth` command tree. Each subcommand lives in its own file and is added here. */
export function buildProgram(): Command {
  const program = new Command('berth')
    .description('Amazon ECS private-registry authentication, end to end, on one machine')
    .version('0.1.0');
  return program;
}
