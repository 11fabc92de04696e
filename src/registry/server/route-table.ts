import type { RegistryEndpoint } from '../../engines/registry-auth/index.js';
import type { BlobRoutes } from './blob-routes.js';
import { listCatalog } from './catalog-route.js';
import type { ManifestRoutes } from './manifest-routes.js';
import { checkName } from './names.js';
import { OciError } from './oci-errors.js';
import { listReferrers } from './referrers-routes.js';
import { type RegistryAccess, type RegistryAuthorizer, registryAccess } from './registry-access.js';
import type { RepositoryStore } from './repository-store.js';
import type { RegistryRoute } from './route-match.js';
import { jsonResponse, queryParams, type ServerRequest, type ServerResponse } from './server-http.js';

/** What the handlers work with. */
export interface RouteContext {
  readonly manifests: ManifestRoutes;
  readonly blobs: BlobRoutes;
  readonly repositories: RepositoryStore;
  readonly authorizer: RegistryAuthorizer;
}

type RouteKind = RegistryRoute['kind'];
type RouteOf<K extends RouteKind> = Extract<RegistryRoute, { kind: K }>;

/** One (route kind × method): what it asks of the authorizer, each access in turn, and what then answers it. */
export interface RouteEntry<R extends RegistryRoute = RegistryRoute> {
  readonly access: (route: R, request: ServerRequest) => readonly RegistryAccess[];
  readonly handle: (context: RouteContext, route: R, request: ServerRequest) => Promise<ServerResponse>;
}

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type RouteTable = { readonly [K in RouteKind]: Readonly<Partial<Record<Method, RouteEntry<RouteOf<K>>>>> };

/** An entry whose one access is `endpoint` on the route's repository (none for the root and the catalog). */
function on<R extends RegistryRoute>(
  endpoint: RegistryEndpoint,
  handle: RouteEntry<R>['handle'],
): RouteEntry<R> {
  return { access: (route) => [registryAccess('name' in route ? route.name : undefined, endpoint)], handle };
}

/**
 * `POST …/blobs/uploads/`: a mount (`?mount=&from=`) also reads the `from` repository, whose name is checked before
 * anything is authorized, as the path's are; `?digest=` is the whole blob at once; else a session opens. A mount
 * that cannot be made falls back to that upload, so a mount with `?digest=` asks for the monolithic upload too (a
 * session start is what `mount` itself grants).
 */
function uploadStartAccess(route: RouteOf<'uploads'>, request: ServerRequest): RegistryAccess[] {
  const query = queryParams(request.query);
  const upload = registryAccess(
    route.name,
    query.get('digest') === null ? 'upload-start' : 'upload-monolithic',
  );
  const from = query.get('from');
  if (from === null || query.get('mount') === null) return [upload];
  const mount = [registryAccess(route.name, 'mount'), registryAccess(checkName(from), 'mount-source')];
  return upload.endpoint === 'upload-monolithic' ? [...mount, upload] : mount;
}

type Handle<K extends RouteKind> = RouteEntry<RouteOf<K>>['handle'];

const apiRoot = on<RouteOf<'root'>>('api-root', async () => jsonResponse(200, {}));
const catalog = on<RouteOf<'catalog'>>('catalog', (c, _, request) =>
  listCatalog(request, c.repositories, c.authorizer),
);
const tagsList = on<RouteOf<'tags'>>('tags-list', (c, route, request) =>
  c.manifests.tags(request, route.name),
);
const referrers = on<RouteOf<'referrers'>>('referrers', async (c, route, request) =>
  listReferrers(request, route.name, route.digest, c.repositories),
);
const getManifest: Handle<'manifests'> = (c, route, request) =>
  c.manifests.get(request, route.name, route.reference);
const getBlob: Handle<'blobs'> = (c, route, request) => c.blobs.get(request, route.name, route.digest);

/**
 * The distribution API as data: every endpoint a (route kind × method) reaches. A method a route does not list is
 * 405 UNSUPPORTED, before authorization (the method alone decides it). HEAD of a manifest or blob is its own
 * endpoint, since ECR authorizes a blob HEAD (a push-time existence check) differently from a GET (ref ecr §2.3).
 */
export const routeTable: RouteTable = {
  root: { GET: apiRoot, HEAD: apiRoot },
  catalog: { GET: catalog, HEAD: catalog },
  tags: { GET: tagsList, HEAD: tagsList },
  referrers: { GET: referrers, HEAD: referrers },
  manifests: {
    GET: on('manifest-get', getManifest),
    HEAD: on('manifest-head', getManifest),
    PUT: on('manifest-put', (c, route, request) => c.manifests.put(request, route.name, route.reference)),
    DELETE: on('manifest-delete', (c, route) => c.manifests.delete(route.name, route.reference)),
  },
  blobs: {
    GET: on('blob-get', getBlob),
    HEAD: on('blob-head', getBlob),
    DELETE: on('blob-delete', (c, route) => c.blobs.delete(route.name, route.digest)),
  },
  uploads: {
    POST: { access: uploadStartAccess, handle: (c, route, request) => c.blobs.start(request, route.name) },
  },
  upload: {
    GET: on('upload-status', (c, route) => c.blobs.status(route.name, route.id)),
    PATCH: on('upload-chunk', (c, route, request) => c.blobs.patch(request, route.name, route.id)),
    PUT: on('upload-complete', (c, route, request) => c.blobs.finish(request, route.name, route.id)),
    DELETE: on('upload-cancel', (c, route) => c.blobs.cancel(route.name, route.id)),
  },
};

/** The entry for a matched route and a method; 405 UNSUPPORTED when the route has no such method. */
export function routeEntry(route: RegistryRoute, method: string): RouteEntry {
  const methods: Readonly<Record<string, RouteEntry<never>>> = routeTable[route.kind];
  // Own properties only: a method is never looked up on Object.prototype.
  const entry = Object.hasOwn(methods, method) ? methods[method] : undefined;
  if (entry === undefined) throw new OciError('UNSUPPORTED', `${method} is not supported here`);
  // The table is keyed by kind, so the entry found takes exactly this route's shape.
  return entry as unknown as RouteEntry;
}
