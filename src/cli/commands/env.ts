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
    .description(
      'print export lines for AWS_ENDPOINT_URL (HTTPS), its CA and the root credentials of the running berth',
    )
    .option('--state <dir>', 'state directory (default: ~/.berth)')
    .option('--json', 'print the values as JSON')
    .action((options: EnvOptions) => runCommand(() => printEnv(options)));
}

/**
 * The HTTPS endpoint when berth has one, with its CA: AWS_CA_BUNDLE for the AWS CLI, botocore and the CDK CLI,
 * NODE_EXTRA_CA_CERTS for Node programs (the JavaScript SDK v3 does not read AWS_CA_BUNDLE; Node reads this at
 * start). So requests made with this environment are aws:SecureTransport, as on AWS.
 */
function printEnv(options: EnvOptions): void {
  const instance = readRunningInstance(options.state);
  const tls =
    instance.tlsEndpoint !== undefined && instance.caBundle !== undefined
      ? { AWS_CA_BUNDLE: instance.caBundle, NODE_EXTRA_CA_CERTS: instance.caBundle }
      : {};
  const values = {
    AWS_ENDPOINT_URL: instance.tlsEndpoint ?? instance.endpoint,
    ...tls,
    AWS_ACCESS_KEY_ID: instance.accessKeyId,
    AWS_SECRET_ACCESS_KEY: instance.secretAccessKey.reveal(),
    AWS_REGION: instance.region,
    // AWS CLI v1 and botocore read the region from here only.
    AWS_DEFAULT_REGION: instance.region,
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
