import type { Command } from 'commander';
import { readRunningInstance } from '../state-location.js';
import { runCommand } from './run-command.js';

interface EnvOptions {
  state?: string;
  json?: boolean;
}

/**
 * `berth env`: the environment that points the AWS CLI and SDKs at the running `berth up` of a state dir, as
 * `export` lines for `eval "$(berth env)"`. Exit 3 with a hint when berth is not running there.
 */
export function addEnvCommand(program: Command): void {
  program
    .command('env')
    .description('print export lines for AWS_ENDPOINT_URL and the root credentials of the running berth')
    .option('--state <dir>', 'state directory (default: ~/.berth)')
    .option('--json', 'print the values as JSON')
    .action((options: EnvOptions) => runCommand(() => printEnv(options)));
}

function printEnv(options: EnvOptions): void {
  const instance = readRunningInstance(options.state);
  const values = {
    AWS_ENDPOINT_URL: instance.endpoint,
    AWS_ACCESS_KEY_ID: instance.accessKeyId,
    AWS_SECRET_ACCESS_KEY: instance.secretAccessKey.reveal(),
    AWS_REGION: instance.region,
  };
  if (options.json) {
    console.log(JSON.stringify({ ...values, accountId: instance.accountId, pid: instance.pid }, null, 2));
    return;
  }
  for (const [name, value] of Object.entries(values)) console.log(`export ${name}=${shellQuote(value)}`);
  // A session token left from a real AWS login would ride along with berth's long-term root key and be refused.
  console.log('unset AWS_SESSION_TOKEN');
}

/** Leaves plain values as they are; single-quotes anything a POSIX shell would interpret. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
