import { FsContentStore } from '../../adapters/fs-content-store/index.js';
import { FsUploadStaging } from '../../adapters/fs-upload-staging/index.js';
import type { Route } from '../../adapters/node-http/index.js';
import { SqlitePersistence } from '../../adapters/sqlite/index.js';
import type { ContentStore } from '../../content/index.js';
import {
  BasicAuthorizer,
  createRegistryServer,
  createTokenEndpoint,
  defaultMaxBlobBytes,
  type RegistryAuthorizer,
  RegistryUsers,
  TokenService,
} from '../../registry/server/index.js';
import type { ControlPlanePart, PartDeps, PartFactory } from '../compose.js';

export interface RegistryPartOptions {
  /** A content store, or the directory of one; default the state dir's `content/` (shared with the agent's pulls). */
  readonly content?: ContentStore | string;
  /**
   * Who may use the registry: `users` (default) — registry users and grants from the state dir's database, read
   * through a connection of their own, uncached (the services' Persistence caches reads, but `berth registry user …`
   * writes from another process); `open` — everyone may pull and push (tests of the protocol itself).
   */
  readonly access?: 'users' | 'open';
  /** Replaces the login entirely (tests). */
  readonly authorizer?: (deps: PartDeps) => RegistryAuthorizer;
  /** With `users`: which logins the registry takes (default both: Bearer tokens from `/token`, and Basic). */
  readonly modes?: { readonly basic?: boolean; readonly bearer?: boolean };
  /**
   * The largest blob, all its upload's chunks together (skopeo sends a whole layer in one PATCH). Bodies stream to
   * the upload staging on disk, never into memory: this guards the disk. Default `berth up
   * --registry-max-blob-size`, else 32 GiB.
   */
  readonly maxBlobBytes?: number;
  /**
   * The directory where unfinished uploads are staged; default the state dir's `uploads/`. Keep it on the content
   * store's filesystem: a finished upload then moves into the store by a rename.
   */
  readonly uploads?: string;
}

/** The private registry at `/v2/` (and its token endpoint at `/token`) on berth's port. */
export function registryPart(options: RegistryPartOptions = {}): PartFactory {
  return (deps: PartDeps): ControlPlanePart => {
    const content = options.content ?? deps.stateDir.content;
    let opened: Promise<ContentStore> | undefined;
    const open = () =>
      (opened ??= typeof content === 'string' ? FsContentStore.open(content) : Promise.resolve(content));
    const lazy: ContentStore = {
      info: async (digest) => (await open()).info(digest),
      read: (digest, readOptions) => readLazily(open, digest, readOptions),
      ingest: async (expected, source, ingestOptions) =>
        (await open()).ingest(expected, source, ingestOptions),
      adopt: async (blob, path) => (await open()).adopt(blob, path),
      delete: async (digest) => (await open()).delete(digest),
    };
    const mounts: Route[] = [];
    let authorizer = options.authorizer?.(deps);
    let usersStore: SqlitePersistence | undefined;
    if (!authorizer && options.access !== 'open') {
      usersStore = new SqlitePersistence(deps.stateDir.database);
      const users = new RegistryUsers(usersStore);
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
    const maxBlobBytes = options.maxBlobBytes ?? deps.registryMaxBlobBytes ?? defaultMaxBlobBytes;
    const handler = createRegistryServer({
      content: lazy,
      persistence: deps.persistence,
      staging: new FsUploadStaging(options.uploads ?? deps.stateDir.uploads),
      uploads: { maxBlobBytes },
      ...(authorizer ? { authorizer } : {}),
      // A bug or an IO failure: the client gets a 500, the log says what happened (never a body or a header).
      onError: (error) => deps.log.error('registry request failed', error),
    });
    const route: Route = {
      prefix: '/v2',
      handler,
      streamBody: true,
      // No cap on the request itself: the registry bounds what it keeps (the blob limit, 4 MiB per manifest) and
      // reads a refused chunk's rest for a bounded time, so that the client gets its answer (upload-chunk.ts).
      maxBodyBytes: Number.MAX_SAFE_INTEGER,
    };
    return { mounts: [route, ...mounts], close: () => usersStore?.close() };
  };
}

async function* readLazily(
  open: () => Promise<ContentStore>,
  digest: Parameters<ContentStore['read']>[0],
  options: Parameters<ContentStore['read']>[1],
): AsyncIterable<Uint8Array> {
  yield* (await open()).read(digest, options);
}
