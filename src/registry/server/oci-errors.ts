/** The distribution-spec error codes the server answers with, and the HTTP status each goes with. */
export const ociErrorStatus = {
  BLOB_UNKNOWN: 404,
  BLOB_UPLOAD_INVALID: 400,
  BLOB_UPLOAD_UNKNOWN: 404,
  DIGEST_INVALID: 400,
  MANIFEST_BLOB_UNKNOWN: 400,
  MANIFEST_INVALID: 400,
  MANIFEST_UNKNOWN: 404,
  NAME_INVALID: 400,
  NAME_UNKNOWN: 404,
  SIZE_INVALID: 400,
  UNAUTHORIZED: 401,
  DENIED: 403,
  UNSUPPORTED: 405,
  RANGE_INVALID: 416,
  TOOMANYREQUESTS: 429,
} as const;

export type OciErrorCode = keyof typeof ociErrorStatus;

const defaultMessages: Record<OciErrorCode, string> = {
  BLOB_UNKNOWN: 'blob unknown to registry',
  BLOB_UPLOAD_INVALID: 'blob upload invalid',
  BLOB_UPLOAD_UNKNOWN: 'blob upload unknown to registry',
  DIGEST_INVALID: 'provided digest did not match uploaded content',
  MANIFEST_BLOB_UNKNOWN: 'manifest references a manifest or blob unknown to registry',
  MANIFEST_INVALID: 'manifest invalid',
  MANIFEST_UNKNOWN: 'manifest unknown to registry',
  NAME_INVALID: 'invalid repository name',
  NAME_UNKNOWN: 'repository name not known to registry',
  SIZE_INVALID: 'provided length did not match content length',
  UNAUTHORIZED: 'authentication required',
  DENIED: 'requested access to the resource is denied',
  UNSUPPORTED: 'the operation is unsupported',
  RANGE_INVALID: 'invalid content range',
  TOOMANYREQUESTS: 'too many requests',
};

/** A registry error the routes throw; the server turns it into the JSON error body. */
export class OciError extends Error {
  readonly code: OciErrorCode;
  readonly status: number;
  readonly detail: unknown;
  readonly headers: Array<[string, string]>;

  constructor(code: OciErrorCode, message?: string, detail?: unknown, headers: Array<[string, string]> = []) {
    super(message ?? defaultMessages[code]);
    this.name = 'OciError';
    this.code = code;
    this.status = ociErrorStatus[code];
    this.detail = detail ?? null;
    this.headers = headers;
  }

  /** `{"errors":[{"code","message","detail"}]}` */
  body(): Buffer {
    return Buffer.from(
      JSON.stringify({ errors: [{ code: this.code, message: this.message, detail: this.detail }] }),
    );
  }
}

export function isOciError(value: unknown): value is OciError {
  return value instanceof OciError;
}
