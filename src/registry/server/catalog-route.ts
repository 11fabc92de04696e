import { isOciError } from './oci-errors.js';
import { nextPageLink, pageRequest, takePage } from './pagination.js';
import { type RegistryAuthorizer, registryAccess } from './registry-access.js';
import type { RepositoryStore } from './repository-store.js';
import { jsonResponse, type ServerRequest, type ServerResponse } from './server-http.js';

/**
 * `GET /v2/_catalog[?n=&last=]` (Distribution's API; not in the OCI spec): the repositories the caller may pull,
 * ASCIIbetical, paginated with `Link` like the tags list. The authorizer decides per repository, so a registry
 * user sees their own namespace and their grants, and everyone sees everything on an open registry. The caller
 * must already be allowed the catalog itself.
 */
export async function listCatalog(
  request: ServerRequest,
  repositories: RepositoryStore,
  authorizer: RegistryAuthorizer,
): Promise<ServerResponse> {
  const page = pageRequest(request.query);
  const result = await takePage(repositories.repositories(), page, (repository) =>
    mayPull(authorizer, request, repository),
  );
  return jsonResponse(200, { repositories: result.items }, nextPageLink('/v2/_catalog', page, result));
}

async function mayPull(
  authorizer: RegistryAuthorizer,
  request: ServerRequest,
  repository: string,
): Promise<boolean> {
  try {
    await authorizer.authorize(request, registryAccess(repository, 'catalog'));
    return true;
  } catch (error) {
    // A refusal hides the repository; anything else (a bug, IO) still fails the request.
    if (isOciError(error) && (error.code === 'DENIED' || error.code === 'UNAUTHORIZED')) return false;
    throw error;
  }
}
