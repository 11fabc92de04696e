/**
 * What a registry request asks to do, finer than Distribution's pull/push/delete: the endpoint and, for a push, the
 * upload step. Registry users, grants and Bearer scopes decide on the coarse action (Distribution's scope grammar
 * knows only those three: ref registry-protocol §1.3); ECR decides per endpoint, with a distinct IAM action
 * for each (ref ecr §2.3), which `ecrPermissions` maps.
 */
export type RegistryAction = 'pull' | 'push' | 'delete';

/** Every endpoint, with the coarse action it needs. */
export const registryEndpoints = {
  /** `GET/HEAD /v2/`: a login check; no repository. */
  'api-root': 'pull',
  /** `GET /v2/_catalog`, and the per-repository filter of its answer. */
  catalog: 'pull',
  'tags-list': 'pull',
  referrers: 'pull',
  'manifest-get': 'pull',
  'manifest-head': 'pull',
  'manifest-put': 'push',
  'manifest-delete': 'delete',
  'blob-get': 'pull',
  'blob-head': 'pull',
  'blob-delete': 'delete',
  /** `POST …/blobs/uploads/`: opens an upload session. */
  'upload-start': 'push',
  /** `POST …/blobs/uploads/?digest=`: the whole blob in one request, no session. */
  'upload-monolithic': 'push',
  /** `GET …/blobs/uploads/<id>`: where the session stands (a client asks before resuming). */
  'upload-status': 'push',
  /** `PATCH …/blobs/uploads/<id>`: one chunk. */
  'upload-chunk': 'push',
  /** `PUT …/blobs/uploads/<id>?digest=`: the closing request, with or without a last chunk. */
  'upload-complete': 'push',
  /** `DELETE …/blobs/uploads/<id>`. */
  'upload-cancel': 'push',
  /** `POST …/blobs/uploads/?mount=&from=`, on the repository the blob is mounted into. */
  mount: 'push',
  /** The same request, on the `from` repository the blob is read from. */
  'mount-source': 'pull',
} as const satisfies Record<string, RegistryAction>;

export type RegistryEndpoint = keyof typeof registryEndpoints;

/** The coarse action an endpoint needs, as registry grants and token scopes name it. */
export function registryActionOf(endpoint: RegistryEndpoint): RegistryAction {
  return registryEndpoints[endpoint];
}
