import { join } from 'node:path';
// The composition root: how berth starts what wiring.ts lists — open the state, build the parts, serve. The only
// place, with config.ts, that reads configuration and the environment and wires ports to adapters.

import { nodeRandom } from '../adapters/random.js';
import { instanceRecord, type RootCredentials } from '../adapters/state-dir/index.js';
import { createIamAuthorizer } from '../aws/index.js';
import { once } from '../engines/concurrency/index.js';
import { BerthError } from '../errors/index.js';
import { systemClock } from '../ports/index.js';
import type { BerthConfig } from './config.js';
import {
  buildParts,
  CallerDirectory,
  type PartDeps,
  type PartInstance,
  rootCaller,
} from './control-plane/index.js';
import { openState } from './open-state.js';
import { serve } from './serve.js';

import { berthWiring, type Wiring } from './wiring.js';

export { type BerthConfig, type CommandOptions, resolveConfig } from './config.js';
export { awsParts, berthWiring, type Wiring } from './wiring.js';

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

/** Starts berth: state dir, parts, gateway, HTTP server; resolves once it listens. */
export async function compose(config: BerthConfig, wiring: Wiring = berthWiring): Promise<RunningBerth> {
  const state = await openState(config);
  const { log, dir } = state;
  const parts: PartInstance[] = [];
  let endpoint: string | undefined;
  let secureEndpoint: { url: string; caPath: string } | undefined;
  let closeServer: (() => Promise<void>) | undefined;
  const stop = once(async () => {
    for (const part of [...parts].reverse()) {
      await Promise.resolve(part.stop?.()).catch((error: unknown) =>
        log.error('a part failed to stop', error),
      );
    }
    await closeServer?.();
    for (const part of [...parts].reverse()) {
      await Promise.resolve(part.close?.()).catch((error: unknown) =>
        log.error('a part failed to close', error),
      );
    }
    if (closeServer) log.info('stopped', { stateDir: dir.path });
    await state.close();
  });
  try {
    const { accountId, region } = config;
    // The authorizer asks the parts' identity sources, which exist only once the parts are built: it resolves
    // lazily, at request time. Root comes first, so that root's requests load no part.
    const callers = new CallerDirectory([rootCaller(state.root, accountId)]);
    const authorizer = createIamAuthorizer(callers.identity);
    const deps: PartDeps = {
      persistence: state.persistence,
      sealer: state.sealer,
      clock: systemClock,
      random: nodeRandom,
      accountId,
      region,
      partition: 'aws',
      authorizer,
      stateDir: dir,
      log,
      endpoint: () => endpoint ?? throwNotListening(),
      secureEndpoint: () => secureEndpoint ?? throwNotListening(),
    };
    parts.push(...buildParts(wiring.parts, deps, config.partOptions).parts);
    for (const part of parts) await part.start?.();
    for (const part of parts) callers.add(part);
    const server = await serve(config, state, parts, { credentials: callers.credentials, authorizer });
    endpoint = server.url;
    // `localhost`, as serve() records it: the name the certificate and path-style S3 clients expect.
    secureEndpoint = { url: `https://localhost:${server.tlsPort}`, caPath: join(dir.tls, 'ca.pem') };
    for (const part of parts) part.listening?.();
    closeServer = async () => {
      await server.close();
      instanceRecord.remove(dir.instance);
    };
    return {
      endpoint: server.url,
      port: server.port,
      stateDir: dir.path,
      accountId,
      region,
      rootCredentials: state.root,
      stop,
    };
  } catch (error) {
    // Undo what was set up; the failure to start is what the user needs to see, not a failure to clean up.
    await stop().catch(() => undefined);
    throw error;
  }
}

function throwNotListening(): never {
  throw new BerthError('BERTH_INTERNAL', 'the endpoint is not listening yet');
}
