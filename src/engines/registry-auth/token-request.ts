import { Buffer } from 'node:buffer';
import { BerthError, Secret } from '../../errors/index.js';
import { formatScope, formatScopes, type Scope } from './scope.js';

/** What a token request asks for (distribution token.md). */
export interface TokenRequest {
  /** The realm, already checked by `resolveRealm`. */
  readonly realm: URL;
  readonly service?: string;
  readonly scopes: readonly Scope[];
  /** The username when one is known; distribution's client and regclient send it as `account`. */
  readonly account?: string;
}

/** OAuth2 requires a client_id; any stable name will do (docker sends "docker"). */
export const defaultClientId = 'berth';

/**
 * The GET token URL: the realm's own query kept (go-containerregistry), then `service`, one `scope` parameter per
 * scope, and `account`. `offline_token` is never asked for: regclient found OAuth2 implementations that break on
 * it, and a GET never needs a refresh token.
 */
export function tokenRequestUrl(request: TokenRequest): URL {
  const url = new URL(request.realm);
  if (request.service !== undefined) url.searchParams.append('service', request.service);
  for (const scope of request.scopes) url.searchParams.append('scope', formatScope(scope));
  if (request.account !== undefined && request.account !== '')
    url.searchParams.append('account', request.account);
  return url;
}

/** How a POST token request proves who it is (distribution oauth.md). */
export type TokenGrant =
  | { readonly type: 'refresh_token'; readonly refreshToken: Secret }
  | { readonly type: 'password'; readonly username: string; readonly password: Secret };

/**
 * The form body of an OAuth2 token POST, used only when holding a refresh or identity token (§0 item 7): one
 * space-separated `scope` field, `service` and `client_id` always present. `URLSearchParams` percent-encodes `+`
 * in robot names such as Quay's `org+bot`. The body holds a credential, so it comes back as a Secret.
 */
export function tokenRequestForm(
  request: Omit<TokenRequest, 'realm' | 'account'>,
  grant: TokenGrant,
  clientId = defaultClientId,
): Secret {
  const form = new URLSearchParams();
  form.set('grant_type', grant.type);
  form.set('service', request.service ?? '');
  form.set('client_id', clientId);
  if (request.scopes.length > 0) form.set('scope', formatScopes(request.scopes));
  if (grant.type === 'refresh_token') {
    form.set('refresh_token', grant.refreshToken.reveal());
  } else {
    form.set('username', grant.username);
    form.set('password', grant.password.reveal());
  }
  return new Secret(form.toString());
}

/**
 * `Basic base64(utf8(user ":" password))` (RFC 7617). A user-id with ":" cannot be encoded unambiguously.
 * Usernames with `$` or `+` (Quay `$oauthtoken`, Harbor `robot$…`) are normal; ECR's is `AWS`.
 */
export function basicAuthorization(username: string, password: Secret): Secret {
  if (username.includes(':')) {
    throw new BerthError(
      'BERTH_INVALID_CREDENTIALS',
      'a Basic auth username must not contain ":" (RFC 7617)',
    );
  }
  return new Secret(`Basic ${Buffer.from(`${username}:${password.reveal()}`, 'utf8').toString('base64')}`);
}

/** `Bearer <token>`. */
export function bearerAuthorization(token: Secret): Secret {
  return new Secret(`Bearer ${token.reveal()}`);
}
