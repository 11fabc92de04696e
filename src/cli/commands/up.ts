import type { Command } from 'commander';
import { runCommand } from './run-command.js';

/** The port `berth up` listens on unless told otherwise; fixed, so that `eval $(berth env)` survives restarts. */
export const defaultPort = 4577;

interface UpOptions {
  port: string;
  state?: string;
  accountId: string;
  region: string;
  taskCidr?: string;
  registryMaxBlobSize?: string;
}

/**
 * `berth up`: the control plane in the foreground on 127.0.0.1. Prints one line once it answers requests, and
 * stops cleanly (in-flight requests finish, exit 0) on SIGINT or SIGTERM.
 */
export function addUpCommand(program: Command): void {
  program
    .command('up')
    .description('run the AWS-compatible endpoint in the foreground on 127.0.0.1 (stop with Ctrl-C)')
    .option('--port <port>', 'TCP port on 127.0.0.1 (0 picks a free one)', String(defaultPort))
    .option('--state <dir>', 'state directory (default: ~/.berth)')
    .option('--account-id <id>', 'the account the endpoint serves', '000000000000')
    .option('--region <region>', 'the region the endpoint serves', 'us-east-1')
    .option('--task-cidr <cidr>', 'awsvpc task addresses, on a host bridge (default 10.213.0.0/16)')
    .option(
      '--registry-max-blob-size <size>',
      'the largest blob the registry takes, e.g. 512MiB, 2GiB or bytes (default 32GiB)',
    )
    .action((options: UpOptions) => runCommand(() => up(options)));
}

async function up(options: UpOptions): Promise<void> {
  // Loaded when up runs: other commands need none of the services.
  const { compose, resolveConfig } = await import('../compose.js');
  const config = resolveConfig(options);
  const running = await compose(config);
  // Signals that arrive while stopping get the default behaviour (exit at once): a second Ctrl-C forces it.
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  process.stdout.write(
    `berth: listening on ${running.endpoint} (account ${running.accountId}, region ${running.region}, ` +
      `state ${running.stateDir})\n`,
  );
  await signalled;
  await running.stop();
  process.exitCode = 0;
}
