/**
 * The catalogue of internal error codes. Every code is documented in docs/errors.md; a test keeps the two in step.
 * A code names one failure a caller may want to handle; its kind says how to classify it.
 */
export const berthErrorCodes = {
  BERTH_INVALID_ARGUMENT: 'invalid-argument',
  BERTH_INVALID_ARN: 'invalid-argument',
  BERTH_MALFORMED_POLICY: 'invalid-argument',
  BERTH_INTERNAL: 'internal',
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
