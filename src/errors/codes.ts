/**
 * The catalogue of internal error codes. Every code is documented in docs/errors.md; a test keeps the two in step.
 * A code names one failure a caller may want to handle; its kind says how to classify it.
 */
export const berthErrorCodes = {
  BERTH_INVALID_ARGUMENT: 'invalid-argument',
  BERTH_INVALID_ARN: 'invalid-argument',
  BERTH_MALFORMED_POLICY: 'invalid-argument',
  BERTH_INVALID_REFERENCE: 'invalid-argument',
  BERTH_INVALID_DIGEST: 'invalid-argument',
  BERTH_DIGEST_MISMATCH: 'failed-precondition',
  BERTH_SIZE_MISMATCH: 'failed-precondition',
  BERTH_BLOB_NOT_FOUND: 'not-found',
  BERTH_INVALID_LAYER: 'invalid-argument',
  BERTH_INVALID_MANIFEST: 'invalid-argument',
  BERTH_UNSUPPORTED_MANIFEST: 'failed-precondition',
  BERTH_INVALID_IMAGE_CONFIG: 'invalid-argument',
  BERTH_INVALID_PLATFORM: 'invalid-argument',
  BERTH_INVALID_CHALLENGE: 'invalid-argument',
  BERTH_INVALID_SCOPE: 'invalid-argument',
  BERTH_INVALID_TOKEN_RESPONSE: 'invalid-argument',
  BERTH_INVALID_REALM: 'permission-denied',
  BERTH_INVALID_CREDENTIALS: 'invalid-argument',
  BERTH_REGISTRY_UNAUTHORIZED: 'unauthenticated',
  BERTH_REGISTRY_DENIED: 'permission-denied',
  BERTH_REGISTRY_NOT_FOUND: 'not-found',
  BERTH_REGISTRY_RATE_LIMITED: 'unavailable',
  BERTH_REGISTRY_UNAVAILABLE: 'unavailable',
  BERTH_REGISTRY_PROTOCOL: 'failed-precondition',
  BERTH_REGISTRY_INSECURE: 'permission-denied',
  BERTH_REGISTRY_USER_EXISTS: 'already-exists',
  BERTH_REGISTRY_USER_NOT_FOUND: 'not-found',
  BERTH_PLATFORM_NOT_FOUND: 'not-found',
  BERTH_SERVICE_ALREADY_REGISTERED: 'already-exists',
  BERTH_ROLE_NOT_ASSUMABLE: 'permission-denied',
  BERTH_RUNTIME_FAILED: 'unavailable',
  BERTH_NETWORK_FAILED: 'unavailable',
  BERTH_SEAL_BROKEN: 'internal',
  BERTH_STATE_LOCKED: 'unavailable',
  BERTH_STATE_INVALID: 'failed-precondition',
  BERTH_MASTER_KEY_INVALID: 'failed-precondition',
  BERTH_NOT_RUNNING: 'unavailable',
  BERTH_PORT_IN_USE: 'unavailable',
  BERTH_LB_DATA_PLANE: 'failed-precondition',
  BERTH_INVALID_TEMPLATE: 'invalid-argument',
  BERTH_INVALID_PLAN: 'invalid-argument',
  BERTH_INTERNAL: 'internal',
  BERTH_TEMPLATE_REJECTED: 'invalid-argument',
} as const satisfies Record<string, ErrorKind>;

export type BerthErrorCode = keyof typeof berthErrorCodes;

/** containerd-style classification: callers branch on the kind, never on message text. */
export type ErrorKind =
  | 'not-found'
  | 'invalid-argument'
  | 'already-exists'
  | 'permission-denied'
  | 'unauthenticated'
  | 'unavailable'
  | 'failed-precondition'
  | 'internal';
