import { type BasicAuthorizer, passwordLogin } from './basic-authorizer.js';
import { isOciError } from './oci-errors.js';
import type { RegistryHandler } from './registry-server.js';
import { jsonResponse, queryParams, type ServerResponse } from './server-http.js';
import type { TokenService } from './token-service.js';

/**
 * The Docker token endpoint: GET with Basic credentials (`?service=&scope=…`), or OAuth2 POST (form body,
 * `grant_type=password` with username/password, or `grant_type=refresh_token`). The JWT holds, of the scopes asked
 * for, what the user's grants allow. Anonymous GETs get a token with no access; wrong credentials get 401.
 */
export function createTokenEndpoint(login: BasicAuthorizer, tokens: TokenService): RegistryHandler {
  return async (request) => {
    try {
      if (request.method === 'GET') {
        const query = queryParams(request.query);
        const bad = checkService(query.get('service'), tokens);
        if (bad) return bad;
        const user = (await login.authenticate(request)) ?? '';
        const issued = await tokens.issue(user, user === '' ? [] : scopesOf(query));
        return jsonResponse(200, {
          token: issued.token,
          access_token: issued.token,
          expires_in: issued.expiresIn,
          issued_at: issued.issuedAt,
        });
      }
      if (request.method !== 'POST') return oauthError(405, 'invalid_request', 'use GET or POST');
      const form = new URLSearchParams(request.body.toString('utf8'));
      const bad = checkService(form.get('service'), tokens);
      if (bad) return bad;
      let user: string | undefined;
      const grant = form.get('grant_type');
      if (grant === 'password') {
        user = await login.authenticate(
          passwordLogin(request, form.get('username') ?? '', form.get('password') ?? ''),
        );
      } else if (grant === 'refresh_token') {
        user = await tokens.refreshUser(form.get('refresh_token') ?? '');
        if (user === undefined) return oauthError(401, 'invalid_grant', 'invalid refresh token');
      } else {
        return oauthError(400, 'unsupported_grant_type', `unsupported grant_type ${grant ?? '(none)'}`);
      }
      if (user === undefined) return oauthError(401, 'invalid_grant', 'invalid username or password');
      const issued = await tokens.issue(user, scopesOf(form));
      return jsonResponse(200, {
        access_token: issued.token,
        expires_in: issued.expiresIn,
        issued_at: issued.issuedAt,
        ...(form.get('access_type') === 'offline' || grant === 'refresh_token'
          ? { refresh_token: await tokens.refreshToken(user) }
          : {}),
      });
    } catch (error) {
      if (isOciError(error)) {
        return {
          status: error.status,
          headers: [['Content-Type', 'application/json'], ...error.headers],
          body: error.body(),
        };
      }
      throw error;
    }
  };
}

function scopesOf(params: URLSearchParams): string[] {
  return params
    .getAll('scope')
    .flatMap((s) => s.split(' '))
    .filter((s) => s !== '');
}

function checkService(service: string | null, tokens: TokenService): ServerResponse | undefined {
  return service !== null && service !== tokens.service
    ? oauthError(400, 'invalid_request', `unknown service ${service}`)
    : undefined;
}

function oauthError(status: number, error: string, description: string): ServerResponse {
  return jsonResponse(status, { error, error_description: description });
}
