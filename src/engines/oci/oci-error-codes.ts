/**
 * The registry error codes: one table for berth's registry server (which answers with them) and its registry
 * client (which reads them). `spec` codes are distribution-spec v1.1 "Error Codes" code-1…code-14 with the spec's
 * message text; the spec gives no status per code, so each carries the status CNCF Distribution registers for it
 * (`registry/api/errcode/register.go`). `distribution` codes are Distribution's own, used where the spec has no
 * fitting code; clients treat codes they do not know as UNKNOWN, as Go's errcode package does.
 */
export interface OciErrorCodeInfo {
  readonly status: number;
  readonly message: string;
  readonly source: 'spec' | 'distribution';
}

export const ociErrorCodes = {
  BLOB_UNKNOWN: { status: 404, message: 'blob unknown to registry', source: 'spec' },
  // Distribution registers 404; 400 is what the spec's upload endpoints (end-5, end-6) list for a bad request.
  BLOB_UPLOAD_INVALID: { status: 400, message: 'blob upload invalid', source: 'spec' },
  BLOB_UPLOAD_UNKNOWN: { status: 404, message: 'blob upload unknown to registry', source: 'spec' },
  DIGEST_INVALID: { status: 400, message: 'provided digest did not match uploaded content', source: 'spec' },
  MANIFEST_BLOB_UNKNOWN: {
    status: 400,
    message: 'manifest references a manifest or blob unknown to registry',
    source: 'spec',
  },
  MANIFEST_INVALID: { status: 400, message: 'manifest invalid', source: 'spec' },
  MANIFEST_UNKNOWN: { status: 404, message: 'manifest unknown to registry', source: 'spec' },
  NAME_INVALID: { status: 400, message: 'invalid repository name', source: 'spec' },
  NAME_UNKNOWN: { status: 404, message: 'repository name not known to registry', source: 'spec' },
  SIZE_INVALID: { status: 400, message: 'provided length did not match content length', source: 'spec' },
  UNAUTHORIZED: { status: 401, message: 'authentication required', source: 'spec' },
  DENIED: { status: 403, message: 'requested access to the resource is denied', source: 'spec' },
  UNSUPPORTED: { status: 405, message: 'the operation is unsupported', source: 'spec' },
  TOOMANYREQUESTS: { status: 429, message: 'too many requests', source: 'spec' },
  RANGE_INVALID: { status: 416, message: 'invalid content range', source: 'distribution' },
  PAGINATION_NUMBER_INVALID: {
    status: 400,
    message: 'invalid number of results requested',
    source: 'distribution',
  },
  UNKNOWN: { status: 500, message: 'unknown error', source: 'distribution' },
} as const satisfies Record<string, OciErrorCodeInfo>;

export type OciErrorCode = keyof typeof ociErrorCodes;

/** Whether `value` is a code of the table (own keys only: `constructor` or `__proto__` are not codes). */
export function isOciErrorCode(value: string): value is OciErrorCode {
  return Object.hasOwn(ociErrorCodes, value);
}
