import type { Route } from '../../adapters/node-http/index.js';
import type { ContentStore } from '../../content/index.js';
import { once } from '../../engines/concurrency/index.js';
import type { Persistence } from '../../ports/index.js';
import type { BlobRedirect, RegistryAuthorizer, RegistryHandler } from '../../registry/server/index.js';
import { byteSize } from '../byte-size.js';
import { ecrLayersPort, ecrPort } from './ecr-part.js';
import type { Part, PartDeps } from './part.js';

export interface RegistrySetup {
  /** A content store, or the directory of one; default the state dir's `content/` (shared with the agent's pulls). */
  readonly content?: ContentStore | string;
  /**
   * Who may use the registry: `users` (default) — registry users and grants from the state dir's database, read
   * through a connection of their own, uncached (the services' Persistence caches reads, but `berth registry user …`
   * writes from another process), and beside them ECR's repositories with `AWS:<token>` logins (the ECR part's
   * port, loaded on the first ECR login); `open` — everyone may pull and push (tests of the protocol itself).
   */
  readonly access?: 'users' | 'open';
  /** Replaces the login entirely (tests). */
  readonly authorizer?: (deps: PartDeps) => RegistryAuthorizer;
  /** With `users`: which logins the registry takes (default both: Bearer tokens from `/token`, and Basic). */
  readonly modes?: { readonly basic?: boolean; readonly bearer?: boolean };
  /**
   * The largest blob, all its upload's chunks together (skopeo sends a whole layer in one PATCH). Bodies stream to
   * the upload staging on disk, never into memory: this guards the disk. Default `berth up
   * --registry-max-blob-size`, else the registry's (32 GiB).
   */
  readonly maxBlobBytes?: number;
  /**
   * The directory where unfinished uploads are staged; default the state dir's `uploads/`. Keep it on the content
   * store's filesystem: a finished upload then moves into the store by a rename.
   */
  readonly uploads?: string;
}

interface RegistryPartOptions {
  /** `--registry-max-blob-size`, in bytes. */
  readonly registryMaxBlobSize: number;
}

/**
 * The private registry at `/v2/` (and its token endpoint at `/token`) on berth's port. Its server, stores and login
 * are built on its first request: a `berth up` that serves only AWS APIs never loads them.
 */
export function registryPart(setup: RegistrySetup = {}): Part<RegistryPartOptions> {
  const withUsers = !setup.authorizer && setup.access !== 'open';
  return {
    name: 'registry',
    requires: withUsers ? [ecrPort, ecrLayersPort] : [],
    options: {
      registryMaxBlobSize: {
        flags: '--registry-max-blob-size <size>',
        description: 'the largest blob the registry takes, e.g. 512MiB, 2GiB or bytes (default 32GiB)',
        parse: (raw) => byteSize(raw, '--registry-max-blob-size'),
      },
    },
    build({ deps, need }, options) {
      const bearer = setup.modes?.bearer !== false;
      let usersStore: Persistence | undefined;
      const load = once(async () => {
        const [
          server,
          { FsContentStore },
          { FsUploadStaging },
          { SqlitePersistence },
          { ecrAwareAuthorizer },
          { parseEcrRegistryName },
        ] = await Promise.all([
          import('../../registry/server/index.js'),
          import('../../adapters/fs-content-store/index.js'),
          import('../../adapters/fs-upload-staging/index.js'),
          import('../../adapters/sqlite/index.js'),
          import('./ecr-registry-authorizer.js'),
          import('../../engines/ecr/index.js'),
        ]);
        const content = setup.content ?? deps.stateDir.content;
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
        let authorizer = setup.authorizer?.(deps);
        let token: RegistryHandler | undefined;
        if (withUsers) {
          usersStore = new SqlitePersistence(deps.stateDir.database);
          const users = new server.RegistryUsers(usersStore);
          const tokens = bearer ? new server.TokenService({ users }) : undefined;
          const login = new server.BasicAuthorizer({
            users,
            basic: setup.modes?.basic !== false,
            ...(tokens ? { tokens, tokenPath: '/token' } : {}),
          });
          authorizer = ecrAwareAuthorizer(login, async () => (await need(ecrPort)).registry);
          if (tokens) token = server.createTokenEndpoint(login, tokens);
        }
        // ECR's blob GETs redirect to its signed layer URLs, as ECR's do to S3 (ecr-layer-urls.ts).
        const blobRedirect: BlobRedirect | undefined = withUsers
          ? async (repository, digest) =>
              parseEcrRegistryName(repository) ? (await need(ecrLayersPort)).url(digest) : undefined
          : undefined;
        const maxBlobBytes = setup.maxBlobBytes ?? options.registryMaxBlobSize;
        const registry = server.createRegistryServer({
          content: lazy,
          persistence: deps.persistence,
          staging: new FsUploadStaging(setup.uploads ?? deps.stateDir.uploads),
          uploads: maxBlobBytes === undefined ? {} : { maxBlobBytes },
          ...(authorizer ? { authorizer } : {}),
          ...(blobRedirect ? { blobRedirect } : {}),
          // A bug or an IO failure: the client gets a 500, the log says what happened (never a body or a header).
          onError: (error) => deps.log.error('registry request failed', error),
        });
        return { registry, token };
      });
      const route: Route = {
        prefix: '/v2',
        handler: async (request) => (await load()).registry(request),
        streamBody: true,
        // No cap on the request itself: the registry bounds what it keeps (the blob limit, 4 MiB per manifest) and
        // reads a refused chunk's rest for a bounded time, so that the client gets its answer (upload-chunk.ts).
        maxBodyBytes: Number.MAX_SAFE_INTEGER,
      };
      const tokenRoute: Route = {
        prefix: '/token',
        handler: async (request) => (await load()).token!(request),
      };
      return {
        mounts: withUsers && bearer ? [route, tokenRoute] : [route],
        close: () => usersStore?.close(),
      };
    },
  };
}

async function* readLazily(
  open: () => Promise<ContentStore>,
  digest: Parameters<ContentStore['read']>[0],
  options: Parameters<ContentStore['read']>[1],
): AsyncIterable<Uint8Array> {
  yield* (await open()).read(digest, options);
}
