import type { TokenResponse } from '../../engines/registry-auth/index.js';
import {
  type BearerChallenge,
  basicAuthorization,
  bearerAuthorization,
  bearerChallenge,
  type Challenge,
  formatScopes,
  mergeScopes,
  parseChallenges,
  parseScopes,
  preferredChallenge,
  type RealmPolicy,
  type Scope,
  tokenNeedsRefresh,
} from '../../engines/registry-auth/index.js';
import type { Secret } from '../../errors/index.js';
import { isPasswordCredentials, type Keychain } from './keychain.js';
import { headerValues, readBody } from './read-body.js';
import type { RetryContext } from './send-with-retry.js';
import { sendWithRetry } from './send-with-retry.js';
import { fetchToken } from './token-fetcher.js';
import type { TransportResponse } from './transport.js';

/** What a host asked for at `/v2/` (or later, on a 401). */
type HostAuth =
  | { readonly scheme: 'none' }
  | { readonly scheme: 'unknown' }
  | { readonly scheme: 'basic' }
  | { readonly scheme: 'bearer'; readonly challenge: BearerChallenge; readonly challengedUrl: URL };

export interface AuthorizerOptions extends RetryContext {
  readonly keychain: Keychain;
  readonly realmPolicy?: RealmPolicy;
}

/** After a 401: whether sending again may help, and with which scopes. */
export interface UnauthorizedVerdict {
  readonly retry: boolean;
  /** `discovered`: a scheme was learnt from this 401; `refused`: credentials or a token were turned down. */
  readonly reason?: 'discovered' | 'refused';
  readonly scopes: readonly Scope[];
}

/**
 * Per-host authentication (containerd authorizer.go, ref registry-protocol §1.3–1.5): pings `/v2/` once per host and remembers
 * the challenge; Basic sends the keychain's credentials to the registry host only; Bearer fetches a token from the
 * realm (GET with Basic or anonymous; OAuth2 POST with an identity token, falling back to GET), caches it per host
 * and scope set until shortly before it expires, and single-flights concurrent fetches. A 401 with
 * `invalid_token`/`insufficient_scope` drops the cached token; the session retries once.
 */
export class RegistryAuthorizer {
  readonly #options: AuthorizerOptions;
  readonly #hosts = new Map<string, Promise<HostAuth>>();
  readonly #tokens = new Map<string, TokenResponse>();
  readonly #inflight = new Map<string, Promise<TokenResponse>>();

  constructor(options: AuthorizerOptions) {
    this.#options = options;
  }

  /** The Authorization value for a request to `host` needing `scopes`, or undefined to go anonymously. */
  async authorization(host: string, scopes: readonly Scope[]): Promise<Secret | undefined> {
    const auth = await this.#hostAuth(host);
    if (auth.scheme === 'basic') return this.#basic(host);
    if (auth.scheme !== 'bearer') return undefined;
    const token = await this.#token(host, auth, scopes);
    return bearerAuthorization(token.token);
  }

  /**
   * Learns from a 401 (its challenge, else the ping's) and says whether another try may succeed: a first Bearer or
   * Basic challenge where none was known, or a Bearer token the registry refused (dropped from the cache).
   */
  async unauthorized(
    host: string,
    scopes: readonly Scope[],
    response: TransportResponse,
  ): Promise<UnauthorizedVerdict> {
    const known = await this.#hostAuth(host);
    const challenge = preferredChallenge(challengesOf(response));
    const stay = { retry: false, scopes };
    if (challenge?.scheme === 'bearer') {
      const parsed = safeBearer(challenge);
      if (parsed === undefined) return stay;
      const extra = parsed.scope === undefined ? [] : safeScopes(parsed.scope);
      const merged = mergeScopes([...scopes, ...extra]);
      if (known.scheme !== 'bearer') {
        this.#hosts.set(
          host,
          Promise.resolve({ scheme: 'bearer', challenge: parsed, challengedUrl: response.url }),
        );
        return { retry: true, reason: 'discovered', scopes: merged };
      }
      this.#tokens.delete(tokenKey(host, scopes));
      this.#tokens.delete(tokenKey(host, merged));
      return { retry: true, reason: 'refused', scopes: merged };
    }
    if (challenge?.scheme === 'basic' && known.scheme !== 'basic') {
      this.#hosts.set(host, Promise.resolve({ scheme: 'basic' }));
      return { retry: (await this.#basic(host)) !== undefined, reason: 'discovered', scopes };
    }
    if (challenge === undefined && known.scheme === 'bearer') {
      // gcr.io once answered 401 without a challenge: the ping's challenge still applies (ref registry-protocol §1.4).
      this.#tokens.delete(tokenKey(host, scopes));
      return { retry: true, reason: 'refused', scopes };
    }
    return stay;
  }

  /** Forgets everything learnt about a host (tests, credential rotation). */
  forget(host: string): void {
    this.#hosts.delete(host);
    for (const key of [...this.#tokens.keys()]) if (key.startsWith(`${host} `)) this.#tokens.delete(key);
  }

  #hostAuth(host: string): Promise<HostAuth> {
    let auth = this.#hosts.get(host);
    if (auth === undefined) {
      auth = this.#ping(host);
      this.#hosts.set(host, auth);
      auth.catch(() => this.#hosts.delete(host));
    }
    return auth;
  }

  async #ping(host: string): Promise<HostAuth> {
    const url = new URL('/v2/', this.#options.transport.baseUrl(host));
    const response = await sendWithRetry(this.#options, { method: 'GET', url, operation: 'ping' });
    await readBody(response, 64 * 1024, 'ping').catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { scheme: 'none' };
    if (response.status !== 401) return { scheme: 'unknown' };
    const challenge = preferredChallenge(challengesOf(response));
    if (challenge?.scheme === 'basic') return { scheme: 'basic' };
    const parsed = challenge === undefined ? undefined : safeBearer(challenge);
    // The /v2/ challenge's scope is a placeholder on GHCR; the scope is always built from the reference.
    return parsed === undefined
      ? { scheme: 'unknown' }
      : { scheme: 'bearer', challenge: parsed, challengedUrl: url };
  }

  async #basic(host: string): Promise<Secret | undefined> {
    const credentials = await this.#options.keychain(host);
    if (credentials === undefined || !isPasswordCredentials(credentials)) return undefined;
    return basicAuthorization(credentials.username, credentials.password);
  }

  async #token(
    host: string,
    auth: Extract<HostAuth, { scheme: 'bearer' }>,
    scopes: readonly Scope[],
  ): Promise<TokenResponse> {
    const key = tokenKey(host, scopes);
    const cached = this.#tokens.get(key);
    const now = this.#options.clock.now().getTime();
    if (cached !== undefined && !tokenNeedsRefresh(cached, now)) return cached;
    let pending = this.#inflight.get(key);
    if (pending === undefined) {
      pending = (async () => {
        const credentials = await this.#options.keychain(host);
        const token = await fetchToken(this.#options, {
          challenge: auth.challenge,
          challengedUrl: auth.challengedUrl,
          scopes: mergeScopes(scopes),
          credentials,
          ...(this.#options.realmPolicy === undefined ? {} : { realmPolicy: this.#options.realmPolicy }),
        });
        this.#tokens.set(key, token);
        return token;
      })().finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, pending);
    }
    return pending;
  }
}

function tokenKey(host: string, scopes: readonly Scope[]): string {
  return `${host} ${formatScopes(mergeScopes(scopes))}`;
}

/** All challenges of a response: repeated header lines parsed one by one, each may hold several. */
function challengesOf(response: TransportResponse): Challenge[] {
  const out: Challenge[] = [];
  for (const line of headerValues(response, 'www-authenticate')) {
    try {
      out.push(...parseChallenges(line));
    } catch {
      // A malformed line is ignored; the others may still say enough.
    }
  }
  return out;
}

function safeBearer(challenge: Challenge): BearerChallenge | undefined {
  try {
    return bearerChallenge(challenge);
  } catch {
    return undefined;
  }
}

function safeScopes(text: string): Scope[] {
  try {
    return parseScopes(text);
  } catch {
    return [];
  }
}
