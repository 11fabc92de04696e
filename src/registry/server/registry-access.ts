import {
  type RegistryAction,
  type RegistryEndpoint,
  registryActionOf,
} from '../../engines/registry-auth/index.js';
import type { ServerRequest } from './server-http.js';

/**
 * What a request asks to do, on one repository (`undefined` for the API root and the catalog itself): the coarse
 * `action` that registry grants and token scopes decide on, and the `endpoint` with its upload step, from which an
 * ECR authorizer takes the IAM action (engines/registry-auth `ecrPermissions`) without looking at the URL again.
 */
export interface RegistryAccess {
  readonly repository: string | undefined;
  readonly action: RegistryAction;
  readonly endpoint: RegistryEndpoint;
}

/** The part of an access that authorizers deciding on pull/push/delete read (registry users, Bearer scopes). */
export type CoarseRegistryAccess = Pick<RegistryAccess, 'repository' | 'action'>;

export function registryAccess(repository: string | undefined, endpoint: RegistryEndpoint): RegistryAccess {
  return { repository, action: registryActionOf(endpoint), endpoint };
}

/**
 * The server's auth port: resolves when the request may proceed, throws an OciError (UNAUTHORIZED with its
 * challenge headers, or DENIED) when not. The part wires the real one; the default lets everyone in.
 */
export interface RegistryAuthorizer {
  authorize(request: ServerRequest, access: RegistryAccess): Promise<void>;
}

export const allowAll: RegistryAuthorizer = { authorize: async () => {} };
