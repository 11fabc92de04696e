import { STATUS_CODES } from 'node:http';
import { isOciErrorCode, type OciErrorCode } from '../../engines/oci/index.js';
import { BerthError, type BerthErrorCode } from '../../errors/index.js';
import { redactText } from './redact.js';

/** One entry of a registry's JSON error body (distribution-spec "Error Codes"): `{code, message, detail}`. */
export interface RegistryServerError {
  /** A code of engines/oci's table; any other code a registry sends reads as UNKNOWN. */
  readonly code: OciErrorCode;
  readonly message: string;
}

/** What the client was doing when it failed; the ECS text differs by step (reference ecs-private-auth §3.3). */
export type RegistryOperation = 'ping' | 'token' | 'resolve' | 'manifest' | 'blob';

/** How a token was being fetched: containerd words the two failures differently. */
export type TokenFetchKind = 'anonymous' | 'oauth';

/** A transport failure in Go's words (`dial tcp 127.0.0.1:5000: connect: connection refused`). */
export interface NetworkFailure {
  /** Node's code: ECONNREFUSED, ECONNRESET, ETIMEDOUT, ENOTFOUND, UND_ERR_SOCKET, … */
  readonly code: string;
  /** The text after `Head "<url>": `, as Go's net package would print it. */
  readonly detail: string;
}

export interface RegistryErrorDetails {
  readonly operation: RegistryOperation;
  /** The request that failed; the URL is already redacted. */
  readonly method?: string;
  readonly url?: string;
  readonly status?: number;
  readonly serverErrors?: readonly RegistryServerError[];
  readonly tokenFetch?: TokenFetchKind;
  readonly network?: NetworkFailure;
  /** How long the registry asked to wait (Retry-After), when it did. */
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/**
 * A registry client failure with what the agent needs to word the ECS text: the operation, the redacted request,
 * the status and the registry's own error codes. Messages never hold credentials: URLs come redacted, bodies
 * go through `redactText`.
 */
export class RegistryError extends BerthError {
  readonly operation: RegistryOperation;
  readonly method?: string;
  readonly url?: string;
  readonly status?: number;
  readonly serverErrors: readonly RegistryServerError[];
  readonly tokenFetch?: TokenFetchKind;
  readonly network?: NetworkFailure;
  readonly retryAfterMs?: number;

  constructor(code: BerthErrorCode, message: string, details: RegistryErrorDetails) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'RegistryError';
    this.operation = details.operation;
    this.serverErrors = details.serverErrors ?? [];
    if (details.method !== undefined) this.method = details.method;
    if (details.url !== undefined) this.url = details.url;
    if (details.status !== undefined) this.status = details.status;
    if (details.tokenFetch !== undefined) this.tokenFetch = details.tokenFetch;
    if (details.network !== undefined) this.network = details.network;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }
}

export function isRegistryError(value: unknown): value is RegistryError {
  return value instanceof RegistryError;
}

/** `401 Unauthorized`, as Go's `resp.Status` prints it. */
export function statusLine(status: number): string {
  const text = STATUS_CODES[status];
  return text === undefined ? String(status) : `${status} ${text}`;
}

/** containerd's ErrUnexpectedStatus text: `unexpected status from HEAD request to <url>: 401 Unauthorized`. */
export function unexpectedStatusText(method: string, url: string, status: number): string {
  return `unexpected status from ${method} request to ${url}: ${statusLine(status)}`;
}

/** The BERTH code a final (non-retried) status maps to. */
export function codeForStatus(status: number): BerthErrorCode {
  if (status === 401) return 'BERTH_REGISTRY_UNAUTHORIZED';
  if (status === 403) return 'BERTH_REGISTRY_DENIED';
  if (status === 404) return 'BERTH_REGISTRY_NOT_FOUND';
  if (status === 429) return 'BERTH_REGISTRY_RATE_LIMITED';
  if (status >= 500) return 'BERTH_REGISTRY_UNAVAILABLE';
  return 'BERTH_REGISTRY_PROTOCOL';
}

/** Error bodies are read up to this many bytes (containerd keeps 64 KB). */
export const maxErrorBodyBytes = 64 * 1024;

/**
 * The `errors` array of a registry's JSON error body, or [] when the body is not one (ECR answers 401 with the text
 * `Not Authorized`). Messages are redacted and cut to a sane length. A code missing from the error-code table
 * becomes UNKNOWN, as Go's errcode package (containerd, Docker) reads it: the spec asks clients to treat unknown
 * codes so, and it keeps whatever text a registry invents out of berth's messages.
 */
export function parseServerErrors(body: Uint8Array): RegistryServerError[] {
  if (body.byteLength === 0 || body.byteLength > maxErrorBodyBytes) return [];
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return [];
  }
  const list = (doc as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(list)) return [];
  const out: RegistryServerError[] = [];
  for (const entry of list.slice(0, 16)) {
    const { code, message } = (entry ?? {}) as { code?: unknown; message?: unknown };
    if (typeof code !== 'string' || code === '') continue;
    out.push({
      code: isOciErrorCode(code) ? code : 'UNKNOWN',
      message: typeof message === 'string' ? redactText(message).slice(0, 512) : '',
    });
  }
  return out;
}

/**
 * The registry's errors as Go's errcode package prints them: the code lower-cased with `_` as a space
 * (`ErrorCode.Error()`: `manifest unknown: …`, `toomanyrequests: You have reached …`); several are listed after
 * `errors:`.
 */
export function formatServerErrors(errors: readonly RegistryServerError[]): string {
  const one = (e: RegistryServerError) => {
    const code = e.code.toLowerCase().replaceAll('_', ' ');
    return e.message === '' ? code : `${code}: ${e.message}`;
  };
  if (errors.length === 1) return one(errors[0]!);
  return `errors:\n${errors.map(one).join('\n')}\n`;
}
