import type { ContentStore } from '../../content/index.js';
import type { Persistence } from '../../ports/index.js';
import { BlobRoutes } from './blob-routes.js';
import { listCatalog } from './catalog-route.js';
import { ManifestRoutes } from './manifest-routes.js';
import { MemoryUploadStaging } from './memory-upload-staging.js';
import { checkName } from './names.js';
import { isOciError, OciError } from './oci-errors.js';
import { listReferrers } from './referrers-routes.js';
import { RepositoryStore } from './repository-store.js';
import { receiveBody } from './request-body.js';
import { matchRoute } from './route-table.js';
import {
  apiVersionHeader,
  type IncomingRequest,
  jsonResponse,
  queryParams,
  respond,
  type ServerRequest,
  type ServerResponse,
} from './server-http.js';
import { UploadSessions, type UploadSessionsOptions } from './upload-sessions.js';
import type { UploadStaging } from './upload-staging.js';

/** What a request asks to do: `pull` or `push` on one repository, or the catalog / API root (`repository` undefined). */
export interface RegistryAccess {
  readonly repository: string | undefined;
  readonly action: 'pull' | 'push' | 'delete';
}

/**
 * The server's auth port: resolves when the request may proceed, throws an OciError (UNAUTHORIZED with its
 * challenge headers, or DENIED) when not. The part wires the real one; the default lets everyone in.
 */
export interface RegistryAuthorizer {
  authorize(request: ServerRequest, access: RegistryAccess): Promise<void>;
}

export const allowAll: RegistryAuthorizer = { authorize: async () => {} };

export interface RegistryServerOptions {
  readonly content: ContentStore;
  readonly persistence: Persistence;
  readonly authorizer?: RegistryAuthorizer;
  /**
   * Where unfinished uploads' bytes wait (their metadata is in `persistence`); default in memory, for tests —
   * berth stages on disk, so that uploads survive a restart and never sit in memory.
   */
  readonly staging?: UploadStaging;
  readonly uploads?: UploadSessionsOptions;
  /** Called with failures that are not registry errors (bugs, IO); the client gets a 500. */
  readonly onError?: (error: unknown) => void;
}

export type RegistryHandler = (request: ServerRequest) => Promise<ServerResponse>;

/**
 * The registry API's handler: takes bodies buffered or streamed (mount it with `streamBody`, so that uploads never
 * sit in memory). Every RegistryHandler call fits it too.
 */
export type StreamingRegistryHandler = (request: IncomingRequest) => Promise<ServerResponse>;

/** The OCI distribution API under `/v2/`, as one request → response function. */
export function createRegistryServer(options: RegistryServerOptions): StreamingRegistryHandler {
  const repositories = new RepositoryStore(options.persistence);
  const blobs = new BlobRoutes({
    content: options.content,
    repositories,
    uploads: new UploadSessions(
      {
        persistence: options.persistence,
        staging: options.staging ?? new MemoryUploadStaging(),
        content: options.content,
        ...(options.onError ? { onError: options.onError } : {}),
      },
      options.uploads,
    ),
  });
  const manifests = new ManifestRoutes(options.content, repositories);
  const authorizer = options.authorizer ?? allowAll;

  const route = async (request: ServerRequest): Promise<ServerResponse> => {
    const { method } = request;
    const read = method === 'GET' || method === 'HEAD';
    const unsupported = () => new OciError('UNSUPPORTED', `${method} is not supported here`);
    // Names, references and digests are validated here, before authorization and before any storage is touched.
    const target = matchRoute(request.path);
    switch (target.kind) {
      case 'root':
        if (!read) throw unsupported();
        await authorizer.authorize(request, { repository: undefined, action: 'pull' });
        return jsonResponse(200, {});
      case 'catalog':
        if (!read) throw unsupported();
        await authorizer.authorize(request, { repository: undefined, action: 'pull' });
        return listCatalog(request, repositories, authorizer);
      case 'tags':
        if (!read) throw unsupported();
        await authorizer.authorize(request, { repository: target.name, action: 'pull' });
        return manifests.tags(request, target.name);
      case 'referrers':
        if (!read) throw unsupported();
        await authorizer.authorize(request, { repository: target.name, action: 'pull' });
        return listReferrers(request, target.name, target.digest, repositories);
      case 'manifests': {
        const { name, reference } = target;
        if (!read && method !== 'PUT' && method !== 'DELETE') throw unsupported();
        const action = read ? 'pull' : method === 'PUT' ? 'push' : 'delete';
        await authorizer.authorize(request, { repository: name, action });
        if (read) return manifests.get(request, name, reference);
        if (method === 'PUT') return manifests.put(request, name, reference);
        return manifests.delete(name, reference);
      }
      case 'blobs': {
        const { name, digest } = target;
        if (!read && method !== 'DELETE') throw unsupported();
        await authorizer.authorize(request, { repository: name, action: read ? 'pull' : 'delete' });
        if (read) return blobs.get(request, name, digest);
        return blobs.delete(name, digest);
      }
      case 'uploads': {
        const { name, id: rest } = target;
        await authorizer.authorize(request, { repository: name, action: 'push' });
        if (rest === '') {
          if (method === 'POST') {
            const from = queryParams(request.query).get('from');
            if (from !== null && queryParams(request.query).get('mount') !== null) {
              checkName(from);
              await authorizer.authorize(request, { repository: from, action: 'pull' });
            }
            return blobs.start(request, name);
          }
          throw unsupported();
        }
        if (method === 'GET') return blobs.status(name, rest);
        if (method === 'PATCH') return blobs.patch(request, name, rest);
        if (method === 'PUT') return blobs.finish(request, name, rest);
        if (method === 'DELETE') return blobs.cancel(name, rest);
        throw unsupported();
      }
    }
  };

  return async (request) => {
    try {
      return await route(await receiveBody(request));
    } catch (error) {
      if (isOciError(error)) {
        const headers: Array<[string, string]> = [
          apiVersionHeader,
          ['Content-Type', 'application/json'],
          ...error.headers,
        ];
        return {
          status: error.status,
          headers,
          body: request.method === 'HEAD' ? Buffer.alloc(0) : error.body(),
        };
      }
      options.onError?.(error);
      return respond(
        500,
        [['Content-Type', 'application/json']],
        Buffer.from('{"errors":[{"code":"UNKNOWN","message":"internal error","detail":null}]}'),
      );
    }
  };
}
