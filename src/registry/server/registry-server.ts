import type { ContentStore } from '../../content/index.js';
import type { Persistence } from '../../ports/index.js';
import type { BlobRedirect } from './blob-download.js';
import { BlobRoutes } from './blob-routes.js';
import { ManifestRoutes } from './manifest-routes.js';
import { MemoryUploadStaging } from './memory-upload-staging.js';
import { isOciError } from './oci-errors.js';
import { allowAll, type RegistryAuthorizer } from './registry-access.js';
import { RepositoryStore } from './repository-store.js';
import { receiveBody } from './request-body.js';
import { matchRoute } from './route-match.js';
import { routeEntry } from './route-table.js';
import {
  apiVersionHeader,
  type IncomingRequest,
  respond,
  type ServerRequest,
  type ServerResponse,
} from './server-http.js';
import { UploadSessions, type UploadSessionsOptions } from './upload-sessions.js';
import type { UploadStaging } from './upload-staging.js';

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
  /** Where blob GETs are redirected (see BlobRoutesDeps.redirect); default: none, every blob is served here. */
  readonly blobRedirect?: BlobRedirect;
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
    ...(options.blobRedirect ? { redirect: options.blobRedirect } : {}),
  });
  const manifests = new ManifestRoutes(options.content, repositories);
  const authorizer = options.authorizer ?? allowAll;

  const context = { manifests, blobs, repositories, authorizer };
  const route = async (request: ServerRequest): Promise<ServerResponse> => {
    // Names, references and digests are validated here, before authorization and before any storage is touched.
    const target = matchRoute(request.path);
    const entry = routeEntry(target, request.method);
    for (const access of entry.access(target, request)) await authorizer.authorize(request, access);
    return entry.handle(context, target, request);
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
