/**
 * When and how long to wait before trying a registry request again (reference/registry-protocol.md §3.3):
 * 408 and 429 always, 500/502/503/504 and transient connection failures too, with exponential backoff and jitter,
 * and `Retry-After` honoured when the server sends it. A `Retry-After` longer than `maxRetryAfterMs` ends the
 * retries at once: hammering a rate limit for hours helps nobody, and the error says how long to wait.
 */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/** Sleeps; injected so tests can record the waits instead of sitting through them. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const retryableStatuses = new Set([408, 429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return retryableStatuses.has(status);
}

/** Node and undici codes for a connection that failed or broke, where trying again may well work. */
const transientCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

export function isTransientNetworkCode(code: string | undefined): boolean {
  return code !== undefined && transientCodes.has(code);
}

/**
 * The wait before try number `attempt` + 1 (attempt counts from 1), or undefined when there is no further try.
 * `retryAfterMs` is the server's own request, which wins over the backoff when it is longer.
 */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= policy.attempts) return undefined;
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return undefined;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // ±20 % jitter, so that parallel layer downloads that failed together do not retry in lockstep.
  const backoff = Math.round(exponential * (0.8 + 0.4 * random()));
  return Math.max(backoff, retryAfterMs ?? 0);
}

/**
 * A `Retry-After` value in milliseconds: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when absent
 * or unreadable. A date in the past means "now".
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^[0-9]{1,9}$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
