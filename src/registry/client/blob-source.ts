import type { BlobSource } from '../../content/index.js';
import type { Descriptor } from '../../engines/oci/index.js';
import { header, statusError } from './read-body.js';
import { redactUrl } from './redact.js';
import { isRegistryError, RegistryError } from './registry-error.js';
import type { RegistrySession } from './registry-session.js';
import { isTransientNetworkCode, retryDelay } from './retry-policy.js';
import { type RetryContext, sendWithRetry } from './send-with-retry.js';
import type { TransportResponse } from './transport.js';

export interface BlobSourceOptions {
  /** Reconnections after a connection broke mid-body; default 5. */
  readonly resumes?: number;
  readonly signal?: AbortSignal;
}

/**
 * The bytes of one blob from `offset` on, for `ContentStore.ingest` (ref registry-protocol §3.2): GET from the registry with
 * `Range: bytes=<offset>-` when resuming; a 206 must start where asked, a 200 to a range request (a redirect target
 * that ignores Range) has its first `offset` bytes discarded. When the connection breaks or the body ends before
 * the descriptor's size, the stream reconnects from where it stopped, with backoff, up to `resumes` times, so the
 * store sees one unbroken stream. Status failures are not retried here beyond the transient ones `sendWithRetry`
 * handles. A descriptor's `urls` are tried only when the registry does not have the blob, and never with
 * credentials (CVE-2020-15157).
 */
export function blobSource(
  session: RegistrySession,
  context: RetryContext,
  descriptor: Descriptor,
  options: BlobSourceOptions = {},
): BlobSource {
  const maxResumes = options.resumes ?? 5;
  return async (start) => {
    let position = start;
    let resumes = 0;
    let { response, skip } = await open(session, context, descriptor, position, options.signal);
    return {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          let broken: unknown;
          try {
            for await (const received of response.body as AsyncIterable<Uint8Array>) {
              let chunk = received;
              if (skip > 0) {
                // A 200 to a range request: the bytes before the offset were verified already.
                const dropped = Math.min(skip, chunk.byteLength);
                skip -= dropped;
                chunk = chunk.subarray(dropped);
                if (chunk.byteLength === 0) continue;
              }
              position += chunk.byteLength;
              yield chunk;
            }
          } catch (error) {
            if (options.signal?.aborted) throw error;
            broken = error;
          }
          if (broken === undefined && position >= descriptor.size) return;
          const code = (broken as { code?: string } | undefined)?.code;
          if (
            broken !== undefined &&
            code !== undefined &&
            !isTransientNetworkCode(code) &&
            code !== 'ECONNRESET'
          ) {
            throw broken;
          }
          resumes++;
          const delay = retryDelay({ ...context.retry, attempts: maxResumes + 1 }, resumes);
          if (delay === undefined) {
            if (broken !== undefined) throw interrupted(descriptor, response.url, position, broken);
            return; // the store reports the short content as a size mismatch
          }
          context.onRetry?.({
            operation: 'blob',
            attempt: resumes,
            delayMs: delay,
            reason: code ?? 'short body',
          });
          await context.sleep(delay);
          ({ response, skip } = await open(session, context, descriptor, position, options.signal));
        }
      },
    };
  };
}

async function open(
  session: RegistrySession,
  context: RetryContext,
  descriptor: Descriptor,
  offset: number,
  signal: AbortSignal | undefined,
): Promise<{ response: TransportResponse; skip: number }> {
  const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
  const url = session.url('blobs', descriptor.digest);
  let response = await session.send({
    method: 'GET',
    url,
    operation: 'blob',
    headers,
    ...(signal ? { signal } : {}),
  });
  if (response.status === 404 && descriptor.urls !== undefined && descriptor.urls.length > 0) {
    const foreign = await openForeign(context, descriptor, headers, signal);
    if (foreign !== undefined) {
      await response.body.dump().catch(() => undefined);
      response = foreign;
    }
  }
  if (response.status !== 200 && response.status !== 206) throw await statusError(response, 'GET', 'blob');
  if (offset === 0 || response.status === 200) return { response, skip: offset };
  const range = header(response, 'content-range') ?? '';
  if (!range.startsWith(`bytes ${offset}-`)) {
    response.body.destroy();
    throw new RegistryError(
      'BERTH_REGISTRY_PROTOCOL',
      `asked ${redactUrl(response.url)} for bytes ${offset}- and got range "${range.slice(0, 64)}"`,
      { operation: 'blob', url: redactUrl(response.url), status: 206 },
    );
  }
  return { response, skip: 0 };
}

/** Descriptor `urls`, tried in order, anonymously: the transport is used without the session's authorizer. */
async function openForeign(
  context: RetryContext,
  descriptor: Descriptor,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<TransportResponse | undefined> {
  for (const text of descriptor.urls ?? []) {
    const url = new URL(text);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') continue;
    const response = await sendWithRetry(context, {
      method: 'GET',
      url,
      operation: 'blob',
      headers,
      ...(signal ? { signal } : {}),
    });
    if (response.status === 200 || response.status === 206) return response;
    await response.body.dump().catch(() => undefined);
  }
  return undefined;
}

function interrupted(descriptor: Descriptor, url: URL, position: number, cause: unknown): RegistryError {
  if (isRegistryError(cause)) return cause;
  const code = (cause as { code?: string }).code ?? 'UNKNOWN';
  return new RegistryError(
    'BERTH_REGISTRY_UNAVAILABLE',
    `reading ${descriptor.digest} from ${redactUrl(url)} broke at byte ${position} of ${descriptor.size} (${code}) and did not resume`,
    {
      operation: 'blob',
      method: 'GET',
      url: redactUrl(url),
      network: { code, detail: 'unexpected EOF' },
      cause,
    },
  );
}
