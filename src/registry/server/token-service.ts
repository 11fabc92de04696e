import { randomBytes } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { GrantAction, RegistryUsers } from './registry-users.js';

/** One entry of a token's `access` claim (Docker token spec). */
export interface TokenAccess {
  readonly type: string;
  readonly name: string;
  readonly actions: string[];
}

export interface TokenServiceOptions {
  readonly users: RegistryUsers;
  /** The `service` of challenges and the `aud` of tokens. */
  readonly service?: string;
  readonly lifetimeSeconds?: number;
  readonly now?: () => number;
  /** HS256 key; a fresh random one per process by default (tokens do not survive a restart, by design). */
  readonly key?: Uint8Array;
}

export type TokenCheck =
  | { ok: true; user: string; access: TokenAccess[] }
  | { ok: false; error: 'invalid_token' };

const issuer = 'berth';

/**
 * Issues and verifies berth's registry tokens: short-lived HS256 JWTs whose `access` holds, of the requested
 * `repository:NAME:ACTIONS` scopes, only what the user's grants allow (a push grant includes pull).
 */
export class TokenService {
  readonly service: string;
  private readonly key: Uint8Array;
  private readonly lifetime: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenServiceOptions) {
    this.service = options.service ?? 'berth';
    this.key = options.key ?? randomBytes(32);
    this.lifetime = options.lifetimeSeconds ?? 300;
    this.now = options.now ?? Date.now;
  }

  async issue(
    user: string,
    scopes: readonly string[],
  ): Promise<{ token: string; expiresIn: number; issuedAt: string }> {
    const access: TokenAccess[] = [];
    for (const scope of scopes) {
      const parsed = parseRepositoryScope(scope);
      if (!parsed) continue;
      const granted = parsed.actions.filter(
        (a): a is GrantAction =>
          (a === 'pull' || a === 'push') && this.options.users.allows(user, parsed.name, a),
      );
      if (granted.length > 0) access.push({ type: 'repository', name: parsed.name, actions: granted });
    }
    const seconds = Math.floor(this.now() / 1000);
    const token = await new SignJWT({ access })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(this.service)
      .setSubject(user)
      .setIssuedAt(seconds)
      .setNotBefore(seconds)
      .setExpirationTime(seconds + this.lifetime)
      .sign(this.key);
    return { token, expiresIn: this.lifetime, issuedAt: new Date(seconds * 1000).toISOString() };
  }

  /** A long-lived (1 day) refresh token for the OAuth2 `refresh_token` grant; the user is re-checked on use. */
  async refreshToken(user: string): Promise<string> {
    const seconds = Math.floor(this.now() / 1000);
    return new SignJWT({ refresh: true })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(`${this.service}/refresh`)
      .setSubject(user)
      .setIssuedAt(seconds)
      .setExpirationTime(seconds + 86_400)
      .sign(this.key);
  }

  /** The user a refresh token was issued to, while that user still exists; undefined otherwise. */
  async refreshUser(token: string): Promise<string | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer,
        audience: `${this.service}/refresh`,
        algorithms: ['HS256'],
        currentDate: new Date(this.now()),
      });
      const user = String(payload.sub ?? '');
      return this.options.users.get(user) ? user : undefined;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return undefined;
      throw error;
    }
  }

  async verify(token: string): Promise<TokenCheck> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer,
        audience: this.service,
        algorithms: ['HS256'],
        currentDate: new Date(this.now()),
      });
      const access = Array.isArray(payload['access']) ? (payload['access'] as TokenAccess[]) : [];
      return { ok: true, user: String(payload.sub ?? ''), access };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return { ok: false, error: 'invalid_token' };
      throw error;
    }
  }
}

/** `repository:NAME:a,b` → name and actions; undefined for other scope types or malformed ones. */
export function parseRepositoryScope(scope: string): { name: string; actions: string[] } | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last <= first || scope.slice(0, first) !== 'repository') return undefined;
  const name = scope.slice(first + 1, last);
  const actions = scope
    .slice(last + 1)
    .split(',')
    .filter((a) => a !== '');
  return name === '' ? undefined : { name, actions };
}

export function tokenAllows(access: readonly TokenAccess[], repository: string, action: string): boolean {
  return access.some(
    (a) =>
      a.type === 'repository' &&
      a.name === repository &&
      (a.actions.includes(action) || a.actions.includes('*')),
  );
}
