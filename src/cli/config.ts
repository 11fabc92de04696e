import { badInput } from './cli-error.js';
import { type AnyPart, parsePartOptions, type RawOptions } from './control-plane/index.js';
import { resolveStateDir } from './state-location.js';

export interface BerthConfig {
  readonly stateDir: string;
  readonly port: number;
  /** The HTTPS listener's port: `--tls-port`, else the port after `port`; absent or 0, a free one. */
  readonly tlsPort?: number;
  readonly accountId: string;
  readonly region: string;
  /** BERTH_ROOT_ACCESS_KEY_ID / BERTH_ROOT_SECRET_ACCESS_KEY, when set. */
  readonly rootEnv: { readonly accessKeyId?: string; readonly secretAccessKey?: string };
  /** Log to stderr as well as to the state dir's berth.log. */
  readonly logToStderr: boolean;
  /** The store's `--durability` (`normal` when absent): see adapters/sqlite. */
  readonly durability?: 'normal' | 'full';
  /** Each part's own `berth up` options, parsed, by part name (parts without an entry get their defaults). */
  readonly partOptions?: ReadonlyMap<string, object>;
}

/** `berth up`'s own options; every other option belongs to a part (`--task-cidr`, `--registry-max-blob-size` …). */
export interface CommandOptions extends RawOptions {
  readonly port?: string;
  readonly tlsPort?: string;
  readonly state?: string;
  readonly accountId?: string;
  readonly region?: string;
  readonly durability?: string;
}

/** Command-line options and the environment → BerthConfig, with bad values refused as bad input. */
export function resolveConfig(
  options: CommandOptions,
  parts: readonly AnyPart[],
  env: NodeJS.ProcessEnv = process.env,
): BerthConfig {
  const port = portNumber('--port', options.port ?? '0');
  const tlsPort =
    options.tlsPort !== undefined ? portNumber('--tls-port', options.tlsPort) : port === 0 ? 0 : port + 1;
  if (tlsPort > 65535 || (tlsPort === port && port !== 0))
    throw badInput(`--tls-port must differ from --port and be at most 65535 (give --tls-port)`);
  const accountId = options.accountId ?? '000000000000';
  if (!/^\d{12}$/.test(accountId)) throw badInput(`--account-id must be 12 digits, not '${accountId}'`);
  const region = options.region ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region))
    throw badInput(`--region must be an AWS region name such as us-east-1, not '${region}'`);
  const durability = options.durability ?? 'normal';
  if (durability !== 'normal' && durability !== 'full')
    throw badInput(`--durability must be normal or full, not '${durability}'`);
  return {
    stateDir: resolveStateDir(options.state),
    durability,
    port,
    tlsPort,
    accountId,
    region,
    rootEnv: {
      accessKeyId: env['BERTH_ROOT_ACCESS_KEY_ID'] || undefined,
      secretAccessKey: env['BERTH_ROOT_SECRET_ACCESS_KEY'] || undefined,
    },
    logToStderr: true,
    partOptions: parsePartOptions(parts, options),
  };
}

function portNumber(flag: string, text: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535)
    throw badInput(`${flag} must be a port number from 0 to 65535, not '${text}'`);
  return port;
}
