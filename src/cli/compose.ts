// The composition root: the only place that reads configuration and the environment and wires ports to adapters.
import { nodeClock } from '../adapters/clock.js';
import { AwsAccessLog, createLogger, type Logger } from '../adapters/logger/index.js';
import { type Route, type RunningHttpServer, startHttpServer } from '../adapters/node-http/index.js';
import { newRequestId, nodeRandom } from '../adapters/random.js';
import { SqlitePersistence } from '../adapters/sqlite/index.js';
import {
  acquireStateLock,
  instanceRecord,
  loadMasterKey,
  loadRootCredentials,
  openStateDir,
  type RootCredentials,
  type StateDir,
} from '../adapters/state-dir/index.js';
import { AddressPool, parseCidr } from '../agent/network/index.js';
import {
  type Authorizer,
  type Caller,
  type CallerIdentity,
  type CredentialLookup,
  createIamAuthorizer,
  gatewayRoute,
  type IdentityResolver,
  type ServiceDefinition,
  ServiceRegistry,
} from '../aws/index.js';
import { arnBuilders } from '../engines/arn/index.js';
import { BerthError } from '../errors/index.js';
import {
  CachingPersistence,
  type Clock,
  createAesSealer,
  type Persistence,
  type Random,
  type Sealer,
} from '../ports/index.js';
import { byteSize } from './byte-size.js';
import { badInput } from './cli-error.js';
import { awsControlPlane, registryPart } from './control-plane/index.js';
import { resolveStateDir } from './state-location.js';

/** The ports every service is built from (DESIGN.md: services never see HTTP, adapters or each other). */
export interface BaseDeps {
  readonly persistence: Persistence;
  readonly sealer: Sealer;
  readonly clock: Clock;
  readonly random: Random;
  readonly accountId: string;
  readonly region: string;
  readonly partition: 'aws';
}

export interface ServiceDeps extends BaseDeps {
  /** IAM evaluation over the identities below; services call it for operations authorized by their handler. */
  readonly authorizer: Authorizer;
}

/** What a part is built from: the services' ports, plus the state dir and the log for parts that keep files. */
export interface PartDeps extends ServiceDeps {
  readonly stateDir: StateDir;
  readonly log: Logger;
  /** berth's own URL (`http://127.0.0.1:PORT`); throws until the server listens, which is after every start(). */
  readonly endpoint: () => string;
  /** The awsvpc task address range (`berth up --task-cidr`); undefined: the network provider's default. */
  readonly taskCidr: string | undefined;
  /** The registry's largest blob (`berth up --registry-max-blob-size`); undefined: the registry's default. */
  readonly registryMaxBlobBytes: number | undefined;
}

/**
 * One part of berth, built from the shared ports: the services it adds to the AWS gateway, the access keys it
 * knows (IAM users' keys, STS sessions), the callers whose identity it knows, and what it mounts beside the
 * gateway (the registry at `/v2/`). The root user is the composition's own and needs no part.
 */
export interface ControlPlanePart {
  readonly services?: readonly ServiceDefinition[];
  readonly credentials?: CredentialLookup;
  readonly identities?: (caller: Caller) => CallerIdentity | undefined | Promise<CallerIdentity | undefined>;
  readonly mounts?: readonly Route[];
  /** Prepares what must be ready before the first request (the task agent's recovery); parts in order. */
  readonly start?: () => Promise<void>;
  /** Ends running work while the endpoint still answers (the agent stops its tasks); called in reverse order. */
  readonly stop?: () => Promise<void>;
  /** Releases what the part holds (connections) once the server has closed; called in reverse order. */
  readonly close?: () => void | Promise<void>;
}

export type PartFactory = (deps: PartDeps) => ControlPlanePart;

export interface Wiring {
  readonly parts: readonly PartFactory[];
}

/** What berth runs. Add a part with one line here. */
export const berthWiring: Wiring = { parts: [awsControlPlane, registryPart()] };

export interface BerthConfig {
  readonly stateDir: string;
  readonly port: number;
  readonly accountId: string;
  readonly region: string;
  /** BERTH_ROOT_ACCESS_KEY_ID / BERTH_ROOT_SECRET_ACCESS_KEY, when set. */
  readonly rootEnv: { readonly accessKeyId?: string; readonly secretAccessKey?: string };
  /** Log to stderr as well as to the state dir's berth.log. */
  readonly logToStderr: boolean;
  /** `--task-cidr`: the awsvpc task address range. */
  readonly taskCidr?: string;
  /** `--registry-max-blob-size`, in bytes. */
  readonly registryMaxBlobBytes?: number;
}

export interface RunningBerth {
  readonly endpoint: string;
  readonly port: number;
  readonly stateDir: string;
  readonly accountId: string;
  readonly region: string;
  readonly rootCredentials: RootCredentials;
  /** Stops accepting, finishes in-flight requests, closes the store and the log, releases the state dir. */
  stop(): Promise<void>;
}

/** The AWS endpoint's body cap: the largest AWS inputs (a 64 KiB SecretBinary, base64 in JSON) fit many times. */
const maxAwsBodyBytes = 1024 * 1024;

export interface CommandOptions {
  port?: string;
  state?: string;
  accountId?: string;
  region?: string;
  taskCidr?: string;
  registryMaxBlobSize?: string;
}

/** Command-line options and the environment → BerthConfig, with bad values refused as bad input. */
export function resolveConfig(options: CommandOptions, env: NodeJS.ProcessEnv = process.env): BerthConfig {
  const port = Number(options.port ?? '0');
  if (!/^\d{1,5}$/.test(options.port ?? '0') || port > 65535)
    throw badInput(`--port must be a port number from 0 to 65535, not '${options.port}'`);
  const accountId = options.accountId ?? '000000000000';
  if (!/^\d{12}$/.test(accountId)) throw badInput(`--account-id must be 12 digits, not '${accountId}'`);
  const region = options.region ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region))
    throw badInput(`--region must be an AWS region name such as us-east-1, not '${region}'`);
  if (options.taskCidr !== undefined) checkTaskCidr(options.taskCidr);
  const maxBlob = options.registryMaxBlobSize;
  return {
    stateDir: resolveStateDir(options.state),
    port,
    accountId,
    region,
    rootEnv: {
      accessKeyId: env['BERTH_ROOT_ACCESS_KEY_ID'] || undefined,
      secretAccessKey: env['BERTH_ROOT_SECRET_ACCESS_KEY'] || undefined,
    },
    logToStderr: true,
    ...(options.taskCidr === undefined ? {} : { taskCidr: options.taskCidr }),
    ...(maxBlob === undefined ? {} : { registryMaxBlobBytes: byteSize(maxBlob, '--registry-max-blob-size') }),
  };
}

function checkTaskCidr(cidr: string): void {
  try {
    new AddressPool(parseCidr(cidr));
  } catch (error) {
    throw badInput(`--task-cidr: ${(error as Error).message}`);
  }
}

/** Starts berth: state dir, store, credentials, services, gateway, HTTP server; resolves once it listens. */
export async function compose(config: BerthConfig, wiring: Wiring = berthWiring): Promise<RunningBerth> {
  const dir = openStateDir(config.stateDir);
  const lock = acquireStateLock(dir.lock, dir.path);
  let persistence: Persistence | undefined;
  let logger: Logger | undefined;
  let server: RunningHttpServer | undefined;
  const parts: ControlPlanePart[] = [];
  const stop = async () => {
    for (const part of [...parts].reverse()) {
      await Promise.resolve(part.stop?.()).catch((error: unknown) =>
        logger?.error('a part failed to stop', error),
      );
    }
    if (server) {
      await server.close();
      instanceRecord.remove(dir.instance);
    }
    for (const part of [...parts].reverse()) {
      await Promise.resolve(part.close?.()).catch((error: unknown) =>
        logger?.error('a part failed to close', error),
      );
    }
    if (server) logger?.info('stopped', { stateDir: dir.path });
    persistence?.close();
    await logger?.close();
    lock.release();
  };
  try {
    const sealer = createAesSealer(loadMasterKey(dir.masterKey, nodeRandom));
    // Documents are read far more often than written: the services read through a cache, which is sound because
    // no other process writes what they read (the state-dir lock keeps a second `berth up` out; `berth registry`
    // writes only registry users and grants, which the registry reads through a connection of its own).
    persistence = new CachingPersistence(new SqlitePersistence(dir.database));
    const { accountId, region } = config;
    const root = loadRootCredentials({
      env: config.rootEnv,
      file: dir.rootCredentials,
      sealer,
      random: nodeRandom,
      now: nodeClock.now(),
    });
    logger = createLogger({ file: dir.log, stderr: config.logToStderr });
    const log = logger;
    const base: BaseDeps = {
      persistence,
      sealer,
      clock: nodeClock,
      random: nodeRandom,
      accountId,
      region,
      partition: 'aws',
    };
    // The authorizer asks the parts' identity sources, which exist only once the parts are built: it resolves
    // lazily, at request time.
    const identitySources: NonNullable<ControlPlanePart['identities']>[] = [rootIdentity(accountId)];
    const authorizer = createIamAuthorizer(firstIdentity(identitySources));
    let endpoint: string | undefined;
    const deps: PartDeps = {
      ...base,
      authorizer,
      stateDir: dir,
      log,
      endpoint: () => {
        if (endpoint === undefined)
          throw new BerthError('BERTH_INTERNAL', 'the endpoint is not listening yet');
        return endpoint;
      },
      taskCidr: config.taskCidr,
      registryMaxBlobBytes: config.registryMaxBlobBytes,
    };
    for (const build of wiring.parts) parts.push(build(deps));
    for (const part of parts) await part.start?.();
    for (const part of parts) if (part.identities) identitySources.push(part.identities);
    const credentials = firstCredentials([
      rootCredentialLookup(root, accountId),
      ...parts.flatMap((part) => (part.credentials ? [part.credentials] : [])),
    ]);
    const registry = new ServiceRegistry();
    for (const part of parts) for (const service of part.services ?? []) registry.register(service);

    const accessLog = new AwsAccessLog(registry, log);
    const gateway = gatewayRoute({
      registry,
      verifier: accessLog.verifier({ credentials, clock: () => nodeClock.now() }),
      authorizer,
      clock: () => nodeClock.now(),
      newRequestId,
      // Like a regional AWS endpoint: requests signed for another region are refused with AWS's scope error.
      acceptRegion: (signed) => signed === region,
      onInternalError: (error, requestId) => log.error('internal failure', error, { requestId }),
    });
    server = await startHttpServer({
      port: config.port,
      maxBodyBytes: maxAwsBodyBytes,
      routes: [{ prefix: '/', ...gateway }, ...parts.flatMap((part) => part.mounts ?? [])],
      onExchange: (exchange) => accessLog.record(exchange),
      onHandlerError: (error) => log.error('handler failure', error),
    });
    endpoint = server.url;
    const running: RunningBerth = {
      endpoint: server.url,
      port: server.port,
      stateDir: dir.path,
      accountId,
      region,
      rootCredentials: root,
      stop: once(stop),
    };
    instanceRecord.write(
      dir.instance,
      {
        pid: process.pid,
        endpoint: server.url,
        accountId,
        region,
        accessKeyId: root.accessKeyId,
        secretAccessKey: root.secretAccessKey,
        startedAt: nodeClock.now().toISOString(),
      },
      sealer,
    );
    log.info('listening', {
      endpoint: server.url,
      stateDir: dir.path,
      accountId,
      region,
      accessKeyId: root.accessKeyId,
      credentialSource: root.source,
    });
    return running;
  } catch (error) {
    // Undo what was set up; the failure to start is what the user needs to see, not a failure to clean up.
    await stop().catch(() => undefined);
    throw error;
  }
}

/** The root user's key: full access in its account, no policies (reference §1.7). */
function rootCredentialLookup(root: RootCredentials, accountId: string): CredentialLookup {
  const stored = {
    secretAccessKey: root.secretAccessKey,
    principal: { arn: arnBuilders.accountRoot('aws', accountId), accountId, userId: accountId },
  };
  return async (accessKeyId) => (accessKeyId === root.accessKeyId ? stored : undefined);
}

function rootIdentity(accountId: string): (caller: Caller) => CallerIdentity | undefined {
  const arn = arnBuilders.accountRoot('aws', accountId);
  const identity: CallerIdentity = {
    principal: { type: 'root', arn, account: accountId },
    identityPolicies: [],
  };
  return (caller) => (caller.principal.arn === arn ? identity : undefined);
}

function firstCredentials(lookups: readonly CredentialLookup[]): CredentialLookup {
  return async (accessKeyId) => {
    for (const lookup of lookups) {
      const found = await lookup(accessKeyId);
      if (found) return found;
    }
    return undefined;
  };
}

function firstIdentity(
  sources: ReadonlyArray<NonNullable<ControlPlanePart['identities']>>,
): IdentityResolver {
  return async (caller) => {
    for (const source of sources) {
      const identity = await source(caller);
      if (identity) return identity;
    }
    // Authentication succeeded, so some credential source knows this caller: a wiring bug, not a denial.
    throw new BerthError('BERTH_INTERNAL', `no identity source knows the caller ${caller.principal.arn}`);
  };
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
