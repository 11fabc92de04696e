import {
  type BearerChallenge,
  basicAuthorization,
  maxTokenResponseBytes,
  parseTokenResponse,
  type RealmPolicy,
  resolveRealm,
  type Scope,
  type TokenResponse,
  tokenRequestForm,
  tokenRequestUrl,
} from '../../engines/registry-auth/index.js';
import { isBerthError } from '../../errors/index.js';
import { isPasswordCredentials, type RegistryCredentials } from './keychain.js';
import { readBody, statusError } from './read-body.js';
import { redactUrl } from './redact.js';
import { RegistryError, type TokenFetchKind } from './registry-error.js';
import { type RetryContext, sendWithRetry } from './send-with-retry.js';

export interface TokenFetch {
  readonly challenge: BearerChallenge;
  /** The URL that was challenged: a relative realm resolves against it, and the realm policy compares hosts. */
  readonly challengedUrl: URL;
  readonly scopes: readonly Scope[];
  readonly credentials: RegistryCredentials | undefined;
  readonly realmPolicy?: RealmPolicy;
}

/** Statuses after which a token server that refused the OAuth2 POST may still serve GET (containerd's list). */
const postFallbackStatuses = new Set([400, 401, 404, 405]);

/**
 * Fetches a bearer token (distribution token.md, oauth.md; ref registry-protocol §0 item 7). With a username and password:
 * GET with Basic credentials and `account`; with an identity (refresh) token: OAuth2 POST, falling back to an
 * anonymous GET when the server refuses POST; without credentials: anonymous GET. The realm is checked first
 * (`resolveRealm`: no https→http, no embedded credentials, no private address the registry does not share).
 */
export async function fetchToken(context: RetryContext, fetch: TokenFetch): Promise<TokenResponse> {
  const kind: TokenFetchKind = fetch.credentials === undefined ? 'anonymous' : 'oauth';
  try {
    return await fetchWith(context, fetch, kind);
  } catch (error) {
    // Connection failures and refusals get the same "failed to fetch … token" frame as bad statuses.
    if (
      error instanceof RegistryError &&
      error.tokenFetch === undefined &&
      error.code !== 'BERTH_REGISTRY_PROTOCOL'
    ) {
      throw tokenError(error, kind);
    }
    throw error;
  }
}

async function fetchWith(
  context: RetryContext,
  fetch: TokenFetch,
  kind: TokenFetchKind,
): Promise<TokenResponse> {
  let realm: URL;
  try {
    realm = resolveRealm(fetch.challenge.realm, fetch.challengedUrl, fetch.realmPolicy);
  } catch (error) {
    if (!isBerthError(error)) throw error;
    throw new RegistryError('BERTH_REGISTRY_INSECURE', `failed to fetch ${kind} token: ${error.message}`, {
      operation: 'token',
      tokenFetch: kind,
      cause: error,
    });
  }
  const request = {
    realm,
    scopes: fetch.scopes,
    ...(fetch.challenge.service === undefined ? {} : { service: fetch.challenge.service }),
  };
  const credentials = fetch.credentials;
  if (credentials !== undefined && !isPasswordCredentials(credentials)) {
    const form = tokenRequestForm(request, {
      type: 'refresh_token',
      refreshToken: credentials.identityToken,
    });
    const response = await sendWithRetry(context, {
      method: 'POST',
      url: realm,
      operation: 'token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form,
    });
    if (response.status === 200)
      return parse(await readBody(response, maxTokenResponseBytes, 'token'), context, realm);
    if (!postFallbackStatuses.has(response.status)) throw await statusError(response, 'POST', 'token');
    await response.body.dump().catch(() => undefined);
  }
  // No `account` parameter: containerd (what Fargate runs) sends none, and the URL appears in ECS texts.
  const url = tokenRequestUrl(request);
  const authorization =
    credentials !== undefined && isPasswordCredentials(credentials)
      ? basicAuthorization(credentials.username, credentials.password)
      : undefined;
  const response = await sendWithRetry(context, {
    method: 'GET',
    url,
    operation: 'token',
    headers: { accept: 'application/json' },
    ...(authorization === undefined ? {} : { authorization }),
  });
  if (response.status !== 200) throw await statusError(response, 'GET', 'token');
  return parse(await readBody(response, maxTokenResponseBytes, 'token'), context, url);
}

function parse(body: Uint8Array, context: RetryContext, url: URL): TokenResponse {
  try {
    return parseTokenResponse(body, context.clock.now().getTime());
  } catch (error) {
    if (!isBerthError(error)) throw error;
    throw new RegistryError('BERTH_REGISTRY_PROTOCOL', `${error.message} (from ${redactUrl(url)})`, {
      operation: 'token',
      url: redactUrl(url),
      cause: error,
    });
  }
}

/** containerd's wording: `failed to fetch anonymous token: …` / `failed to fetch oauth token: …`. */
function tokenError(error: RegistryError, kind: TokenFetchKind): RegistryError {
  return new RegistryError(error.code, `failed to fetch ${kind} token: ${error.message}`, {
    operation: 'token',
    tokenFetch: kind,
    ...(error.method === undefined ? {} : { method: error.method }),
    ...(error.url === undefined ? {} : { url: error.url }),
    ...(error.status === undefined ? {} : { status: error.status }),
    serverErrors: error.serverErrors,
    ...(error.network === undefined ? {} : { network: error.network }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    cause: error,
  });
}
