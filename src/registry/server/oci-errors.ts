import { type OciErrorCode, ociErrorCodes } from '../../engines/oci/index.js';

export type { OciErrorCode };

/** The HTTP status a code is answered with (engines/oci's error-code table). */
export function ociErrorStatus(code: OciErrorCode): number {
  return ociErrorCodes[code].status;
}

/** One entry of the JSON error body. */
export interface OciErrorEntry {
  readonly code: OciErrorCode;
  readonly message: string;
  readonly detail: unknown;
}

export interface OciErrorOptions {
  /** A status other than the table's, where the spec asks for one (413 for an oversize manifest). */
  readonly status?: number;
  /** Further errors of the same request, listed after this one in the body. */
  readonly also?: readonly OciError[];
}

/** A registry error the routes throw; the server turns it into the JSON error body. */
export class OciError extends Error {
  readonly code: OciErrorCode;
  readonly status: number;
  readonly detail: unknown;
  readonly headers: Array<[string, string]>;
  /** Every error the body lists: this one, then those of `options.also`. */
  readonly entries: readonly OciErrorEntry[];

  constructor(
    code: OciErrorCode,
    message?: string,
    detail?: unknown,
    headers: Array<[string, string]> = [],
    options: OciErrorOptions = {},
  ) {
    super(message ?? ociErrorCodes[code].message);
    this.name = 'OciError';
    this.code = code;
    this.status = options.status ?? ociErrorStatus(code);
    this.detail = detail ?? null;
    this.headers = headers;
    this.entries = [
      { code, message: this.message, detail: this.detail },
      ...(options.also ?? []).flatMap((e) => e.entries),
    ];
  }

  /**
   * Several errors of one request in one body (the spec: a manifest refused for missing content "MUST result in
   * one or more MANIFEST_BLOB_UNKNOWN errors"); the first decides the status and headers.
   */
  static all(errors: readonly [OciError, ...OciError[]]): OciError {
    const [first, ...rest] = errors;
    return new OciError(first.code, first.message, first.detail, first.headers, {
      status: first.status,
      also: rest,
    });
  }

  /** `{"errors":[{"code","message","detail"}, …]}` */
  body(): Buffer {
    return Buffer.from(JSON.stringify({ errors: this.entries }));
  }
}

export function isOciError(value: unknown): value is OciError {
  return value instanceof OciError;
}
