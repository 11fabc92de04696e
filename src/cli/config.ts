import { badInput } from './cli-error.js';
import { type AnyPart, parsePartOptions, type RawOptions } from './control-plane/index.js';
import { resolveStateDir } from './state-location.js';

export interface BerthConfig {
  readonly stateDir: string;
  readonly port: number;
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
  const port = Number(options.port ?? '0');
  if (!/^\d{1,5}$/.test(options.port ?? '0') || port > 65535)
    throw badInput(`--port must be a port number from 0 to 65535, not '${options.port}'`);
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
