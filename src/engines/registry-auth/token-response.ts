import { BerthError, Secret } from '../../errors/index.js';
import { quote } from '../oci/index.js';

/** A bearer token from a token endpoint, with its expiry worked out. */
export interface TokenResponse {
  readonly token: Secret;
  /** Milliseconds since the epoch, on the clock passed as `now`. */
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** The lifetime used, after the minimum and maximum were applied. */
  readonly expiresInSeconds: number;
  /** Only when the request asked for an offline token (OAuth2 `access_type=offline`). */
  readonly refreshToken?: Secret;
}

/** token.md: default 60 s, and servers should never return less, so less is raised to this. */
export const minimumTokenLifetimeSeconds = 60;
/** A bogus huge `expires_in` must not pin a token forever; refreshing once a day costs nothing. */
export const maximumTokenLifetimeSeconds = 24 * 60 * 60;
/** containers/image caps token bodies at 1 MiB (internal/iolimits), go-containerregistry at 64 KiB. */
export const maxTokenResponseBytes = 1024 * 1024;
/** regclient renews 5 s before expiry (`tokenBuffer`); containerd similarly refreshes early. */
export const tokenRefreshMarginMs = 5_000;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses a token endpoint's JSON answer (distribution token.md, oauth.md). `access_token` is preferred over
 * `token` when both are present (containerd, go-containerregistry and regclient agree); `expires_in` defaults to
 * and is raised to 60 s; `issued_at` (RFC 3339) starts the lifetime when present, else `now` does. An
 * `issued_at` in the future (clock skew) counts as `now`, so a token is never thought to live longer than it does.
 */
export function parseTokenResponse(body: Uint8Array | string, now: number): TokenResponse {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  if (bytes.byteLength > maxTokenResponseBytes) {
    throw invalid(`${bytes.byteLength} bytes is more than the ${maxTokenResponseBytes}-byte limit`);
  }
  const doc = decode(bytes);
  const token = nonEmptyString(doc.access_token, 'access_token') ?? nonEmptyString(doc.token, 'token');
  if (token === undefined) throw invalid('it has neither "access_token" nor "token"');
  const refreshToken = nonEmptyString(doc.refresh_token, 'refresh_token');
  const expiresInSeconds = lifetime(doc.expires_in);
  const issuedAt = Math.min(issuedAtMs(doc.issued_at) ?? now, now);
  return {
    token: new Secret(token),
    issuedAt,
    expiresAt: issuedAt + expiresInSeconds * 1000,
    expiresInSeconds,
    ...(refreshToken === undefined ? {} : { refreshToken: new Secret(refreshToken) }),
  };
}

/** Whether a cached token should be replaced before use: it expires within the margin. */
export function tokenNeedsRefresh(
  token: Pick<TokenResponse, 'expiresAt'>,
  now: number,
  marginMs = tokenRefreshMarginMs,
): boolean {
  return now >= token.expiresAt - marginMs;
}

function decode(bytes: Uint8Array): Readonly<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    // The body may echo credentials back; never quote it.
    throw invalid('it is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid('it is not a JSON object');
  return value as Record<string, unknown>;
}

function nonEmptyString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(`"${field}" must be a string`);
  return value;
}

function lifetime(value: unknown): number {
  if (value === undefined || value === null) return minimumTokenLifetimeSeconds;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw invalid('"expires_in" must be a number of seconds');
  return Math.min(Math.max(value, minimumTokenLifetimeSeconds), maximumTokenLifetimeSeconds);
}

function issuedAtMs(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !rfc3339.test(value)) {
    throw invalid(`"issued_at" ${quote(String(value), 40)} is not an RFC 3339 time`);
  }
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const ms = Date.parse(value.replace(' ', 'T').toUpperCase());
  // Date.parse rolls 30 February over into March; a token server that says so is broken, not early.
  if (Number.isNaN(ms) || month < 1 || month > 12 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) {
    throw invalid(`"issued_at" ${quote(value, 40)} is not a real time`);
  }
  return ms;
}

function invalid(reason: string): BerthError {
  return new BerthError('BERTH_INVALID_TOKEN_RESPONSE', `invalid token response: ${reason}`);
}
