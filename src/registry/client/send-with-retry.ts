import type { Clock } from '../../ports/index.js';
import { header } from './read-body.js';
import { isRegistryError } from './registry-error.js';
import {
  isRetryableStatus,
  isTransientNetworkCode,
  parseRetryAfter,
  type RetryPolicy,
  retryDelay,
  type Sleep,
} from './retry-policy.js';
import type { RegistryTransport, TransportRequest, TransportResponse } from './transport.js';

/** What a retrying sender needs besides the transport. */
export interface RetryContext {
  readonly transport: RegistryTransport;
  readonly retry: RetryPolicy;
  readonly sleep: Sleep;
  readonly clock: Clock;
  /** Told of each retry (for progress output and tests); the URL is not included, the operation is. */
  readonly onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  readonly operation: string;
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
}

/**
 * Sends a request, trying again after 408/429/5xx answers and transient connection failures, with backoff and
 * `Retry-After` honoured (ref registry-protocol §3.3). The last answer is returned as is when the tries run out, so the caller
 * words the error; a connection failure on the last try is thrown. `retryAfterMs` of the final answer, if any, is
 * attached for the error.
 */
export async function sendWithRetry(
  context: RetryContext,
  request: TransportRequest,
): Promise<TransportResponse & { retryAfterMs?: number }> {
  for (let attempt = 1; ; attempt++) {
    let response: TransportResponse;
    try {
      response = await context.transport.request(request);
    } catch (error) {
      const code = isRegistryError(error) ? error.network?.code : undefined;
      const delay = isTransientNetworkCode(code) ? retryDelay(context.retry, attempt) : undefined;
      if (delay === undefined || request.signal?.aborted) throw error;
      context.onRetry?.({ operation: request.operation, attempt, delayMs: delay, reason: code! });
      await context.sleep(delay);
      continue;
    }
    if (!isRetryableStatus(response.status)) return response;
    const retryAfterMs = parseRetryAfter(header(response, 'retry-after'), context.clock.now().getTime());
    const delay = retryDelay(context.retry, attempt, retryAfterMs);
    if (delay === undefined || request.signal?.aborted) {
      return retryAfterMs === undefined ? response : Object.assign(response, { retryAfterMs });
    }
    await response.body.dump().catch(() => undefined);
    context.onRetry?.({
      operation: request.operation,
      attempt,
      delayMs: delay,
      reason: String(response.status),
    });
    await context.sleep(delay);
  }
}
