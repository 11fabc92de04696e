import { FsContentStore } from '../../adapters/fs-content-store/index.js';
import type { Route } from '../../adapters/node-http/index.js';
import { SqlitePersistence } from '../../adapters/sqlite/index.js';
import type { ContentStore } from '../../content/index.js';
import {
  BasicAuthorizer,
  createRegistryServer,
  createTokenEndpoint,
  type RegistryAuthorizer,
  RegistryUsers,
  TokenService,
} from '../../registry/server/index.js';
import type { ControlPlanePart, PartFactory, ServiceDeps } from '../compose.js';

/** The largest request body the registry mount buffers (a monolithic blob upload or one PATCH chunk). */
export const maxRegistryBodyBytes = 512 * 1024 * 1024;

export interface RegistryPartOptions {
  /** The state dir's `content/` store (shared with the agent's pulls), or its directory. */
  readonly content: ContentStore | string;
  /**
   * The state dir's database: registry users and grants are read from it through a connection of their own,
   * uncached (the services' Persistence caches reads, but `berth registry user …` writes from another process),
   * and Basic auth is required. Without it (and without `authorizer`) the registry is open to everyone.
   */
  readonly database?: string;
  readonly authorizer?: (deps: ServiceDeps) => RegistryAuthorizer;
  /** With `database`: which logins the registry takes (default both: Bearer tokens from `/token`, and Basic). */
  readonly modes?: { readonly basic?: boolean; readonly bearer?: boolean };
  /** The largest body one request may carry (a monolithic upload or a PATCH chunk); default 512 MiB. */
  readonly maxBodyBytes?: number;
}

/**
 * The private registry at `/v2/` on berth's port: blobs in the shared content store, metadata in Persistence.
 * ServiceDeps does not carry the state dir, so the factory is built with the content store (or its directory).
 */
export function registryPart(options: RegistryPartOptions): PartFactory {
  return (deps: ServiceDeps): ControlPlanePart => {
    let opened: Promise<ContentStore> | undefined;
    const open = () =>
      (opened ??=
        typeof options.content === 'string'
          ? FsContentStore.open(options.content)
          : Promise.resolve(options.content));
    const lazy: ContentStore = {
      info: async (digest) => (await open()).info(digest),
      read: (digest, readOptions) => readLazily(open, digest, readOptions),
      ingest: async (expected, source, ingestOptions) =>
        (await open()).ingest(expected, source, ingestOptions),
      delete: async (digest) => (await open()).delete(digest),
    };
    const mounts: Route[] = [];
    let authorizer = options.authorizer?.(deps);
    if (!authorizer && options.database !== undefined) {
      const users = new RegistryUsers(new SqlitePersistence(options.database));
      const bearer = options.modes?.bearer !== false;
      const tokens = bearer ? new TokenService({ users }) : undefined;
      const login = new BasicAuthorizer({
        users,
        basic: options.modes?.basic !== false,
        ...(tokens ? { tokens, tokenPath: '/token' } : {}),
      });
      authorizer = login;
      if (tokens) mounts.push({ prefix: '/token', handler: createTokenEndpoint(login, tokens) });
    }
    const handler = createRegistryServer({
      content: lazy,
      persistence: deps.persistence,
      ...(authorizer ? { authorizer } : {}),
    });
    const route: Route = {
      prefix: '/v2',
      handler,
      maxBodyBytes: options.maxBodyBytes ?? maxRegistryBodyBytes,
    };
    return { mounts: [route, ...mounts] };
  };
}

async function* readLazily(
  open: () => Promise<ContentStore>,
  digest: Parameters<ContentStore['read']>[0],
  options: Parameters<ContentStore['read']>[1],
): AsyncIterable<Uint8Array> {
  yield* (await open()).read(digest, options);
}
