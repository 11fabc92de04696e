import type { Command } from 'commander';
import { declarePartOptions } from '../control-plane/part-options.js';
import { berthWiring } from '../wiring.js';
import { runCommand } from './run-command.js';

/** The port `berth up` listens on unless told otherwise; fixed, so that `eval $(berth env)` survives restarts. */
export const defaultPort = 4577;

/** berth up's own options; each part declares its own (`--task-cidr`, `--registry-max-blob-size` …). */
interface UpOptions {
  port: string;
  tlsPort?: string;
  state?: string;
  accountId: string;
  region: string;
  durability: string;
  [partOption: string]: unknown;
}

/**
 * `berth up`: the control plane in the foreground on 127.0.0.1. Prints one line once it answers requests, and
 * stops cleanly (in-flight requests finish, exit 0) on SIGINT or SIGTERM.
 */
export function addUpCommand(program: Command): void {
  const up = program
    .command('up')
    .description('run the AWS-compatible endpoint in the foreground on 127.0.0.1 (stop with Ctrl-C)')
    .option('--port <port>', 'TCP port on 127.0.0.1 (0 picks a free one)', String(defaultPort))
    .option('--tls-port <port>', 'HTTPS port on 127.0.0.1 (default: --port + 1; 0 picks a free one)')
    .option('--state <dir>', 'state directory (default: ~/.berth)')
    .option('--account-id <id>', 'the account the endpoint serves', '000000000000')
    .option('--region <region>', 'the region the endpoint serves', 'us-east-1')
    .option(
      '--durability <level>',
      'normal: acknowledged writes survive a killed berth; full: also an OS crash or power loss (an fsync per write)',
      'normal',
    );
  declarePartOptions(up, berthWiring.parts);
  up.action((options: UpOptions) => runCommand(() => runUp(options)));
}

async function runUp(options: UpOptions): Promise<void> {
  // Loaded when up runs: other commands need none of the composition.
  const { compose, resolveConfig } = await import('../compose.js');
  const config = resolveConfig(options, berthWiring.parts);
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
