import type { ContentStore } from '../../content/index.js';
import type { Persistence } from '../../ports/index.js';
import { BlobRoutes } from './blob-routes.js';
import { ManifestRoutes } from './manifest-routes.js';
import { checkDigest, checkName } from './names.js';
import { isOciError, OciError } from './oci-errors.js';
import { RepositoryStore } from './repository-store.js';
import {
  apiVersionHeader,
  jsonResponse,
  queryParams,
  respond,
  type ServerRequest,
  type ServerResponse,
} from './server-http.js';
import { UploadSessions, type UploadSessionsOptions } from './upload-sessions.js';

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
  readonly uploads?: UploadSessionsOptions;
  /** Called with failures that are not registry errors (bugs, IO); the client gets a 500. */
  readonly onError?: (error: unknown) => void;
}

export type RegistryHandler = (request: ServerRequest) => Promise<ServerResponse>;

/** The OCI distribution API under `/v2/`, as one request → response function. */
export function createRegistryServer(options: RegistryServerOptions): RegistryHandler {
  const repositories = new RepositoryStore(options.persistence);
  const blobs = new BlobRoutes({
    content: options.content,
    repositories,
    uploads: new UploadSessions(options.uploads),
  });
  const manifests = new ManifestRoutes(options.content, repositories);
  const authorizer = options.authorizer ?? allowAll;

  const route = async (request: ServerRequest): Promise<ServerResponse> => {
    const { method, path } = request;
    const read = method === 'GET' || method === 'HEAD';
    if (path === '/v2/' || path === '/v2') {
      if (!read) throw new OciError('UNSUPPORTED');
      await authorizer.authorize(request, { repository: undefined, action: 'pull' });
      return jsonResponse(200, {});
    }
    if (path === '/v2/_catalog') {
      if (!read) throw new OciError('UNSUPPORTED');
      await authorizer.authorize(request, { repository: undefined, action: 'pull' });
      return catalog(request, repositories.repositories());
    }
    const match = /^\/v2\/(.+?)\/(manifests|blobs\/uploads|blobs|tags)(?:\/(.*))?$/.exec(path);
    if (!match) throw new OciError('NAME_INVALID', 'unrecognised registry path');
    const name = checkName(decodeURIComponent(match[1]!));
    const kind = match[2]!;
    const rest = decodeURIComponent(match[3] ?? '');
    const action = read ? 'pull' : method === 'DELETE' && kind !== 'blobs/uploads' ? 'delete' : 'push';
    const unsupported = () => new OciError('UNSUPPORTED', `${method} is not supported here`);
    if (kind === 'tags') {
      if (rest !== 'list' || !read) throw unsupported();
      await authorizer.authorize(request, { repository: name, action });
      return manifests.tags(request, name);
    }
    if (kind === 'manifests') {
      if (rest === '') throw new OciError('MANIFEST_INVALID', 'manifest reference missing');
      await authorizer.authorize(request, { repository: name, action });
      if (read) return manifests.get(request, name, rest);
      if (method === 'PUT') return manifests.put(request, name, rest);
      if (method === 'DELETE') return manifests.delete(name, rest);
      throw unsupported();
    }
    if (kind === 'blobs') {
      const digest = checkDigest(rest);
      await authorizer.authorize(request, { repository: name, action });
      if (read) return blobs.get(request, name, digest);
      if (method === 'DELETE') return blobs.delete(name, digest);
      throw unsupported();
    }
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
  };

  return async (request) => {
    try {
      return await route(request);
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

function catalog(request: ServerRequest, all: string[]): ServerResponse {
  const query = queryParams(request.query);
  const last = query.get('last');
  const nParam = query.get('n');
  let names = last === null ? all : all.filter((r) => r > last);
  const headers: Array<[string, string]> = [];
  if (nParam !== null) {
    const n = Number(nParam);
    if (!Number.isInteger(n) || n < 0) throw new OciError('UNSUPPORTED', `invalid n ${nParam}`);
    if (names.length > n) {
      names = names.slice(0, n);
      headers.push([
        'Link',
        `</v2/_catalog?n=${n}&last=${encodeURIComponent(names.at(-1) ?? '')}>; rel="next"`,
      ]);
    }
  }
  return jsonResponse(200, { repositories: names }, headers);
}
