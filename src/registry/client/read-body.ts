import { redactUrl } from './redact.js';
import {
  codeForStatus,
  maxErrorBodyBytes,
  parseServerErrors,
  RegistryError,
  type RegistryOperation,
  unexpectedStatusText,
} from './registry-error.js';
import type { TransportResponse } from './transport.js';

/**
 * Reads a whole body with a hard cap that does not trust Content-Length (ref registry-protocol §2.2: manifests and configs
 * 4 MiB, token answers 1 MiB, error bodies 64 KiB). Past the cap the connection is dropped and the read fails.
 */
export async function readBody(
  response: TransportResponse,
  maxBytes: number,
  operation: RegistryOperation,
): Promise<Uint8Array> {
  const declared = Number(header(response, 'content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.body.destroy();
    throw tooLarge(response, maxBytes, operation);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      response.body.destroy();
      throw tooLarge(response, maxBytes, operation);
    }
    chunks.push(chunk);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The first value of a header (undici gives arrays for repeated headers). */
export function header(response: Pick<TransportResponse, 'headers'>, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Every value of a header, repeated lines kept apart (WWW-Authenticate may come several times). */
export function headerValues(response: Pick<TransportResponse, 'headers'>, name: string): string[] {
  const value = response.headers[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The error for a response the caller cannot use: the registry's JSON error codes read from at most 64 KiB of body,
 * the message in containerd's words (`unexpected status from GET request to <url>: 404 Not Found`), the URL redacted.
 */
export async function statusError(
  response: TransportResponse & { retryAfterMs?: number },
  method: string,
  operation: RegistryOperation,
): Promise<RegistryError> {
  let body: Uint8Array = new Uint8Array(0);
  if (method !== 'HEAD') {
    body = await readBody(response, maxErrorBodyBytes, operation).catch(() => new Uint8Array(0));
  } else {
    await response.body.dump().catch(() => undefined);
  }
  const serverErrors = parseServerErrors(body);
  const url = redactUrl(response.url);
  // containerd's ErrUnexpectedStatus prints no body (reference ecs-private-auth.md §3.3, the 401 text); the
  // server's codes stay in serverErrors for the callers whose words carry them (the fetcher's 429 text).
  return new RegistryError(
    codeForStatus(response.status),
    unexpectedStatusText(method, url, response.status),
    {
      operation,
      method,
      url,
      status: response.status,
      serverErrors,
      ...(response.retryAfterMs === undefined ? {} : { retryAfterMs: response.retryAfterMs }),
    },
  );
}

function tooLarge(
  response: TransportResponse,
  maxBytes: number,
  operation: RegistryOperation,
): RegistryError {
  return new RegistryError(
    'BERTH_REGISTRY_PROTOCOL',
    `the response from ${redactUrl(response.url)} is larger than the ${maxBytes}-byte limit`,
    { operation, url: redactUrl(response.url), status: response.status },
  );
}
