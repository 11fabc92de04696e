import { createHash } from 'node:crypto';
import { OciError } from './oci-errors.js';
import type { CoarseRegistryAccess, RegistryAuthorizer } from './registry-access.js';
import type { RegistryUsers } from './registry-users.js';
import { verifyPassword } from './registry-users.js';
import { header, type ServerRequest } from './server-http.js';
import { type TokenService, tokenAllows } from './token-service.js';

export interface BasicAuthorizerOptions {
  /** Read fresh on every request (an uncached Persistence), so `berth registry` changes apply at once. */
  readonly users: RegistryUsers;
  readonly realm?: string;
  /** Failed logins from one address before answers slow down (default 5 within `failureWindowMs`). */
  readonly freeFailures?: number;
  readonly failureWindowMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Bearer mode: tokens from this service are accepted, and challenges name the token endpoint first. */
  readonly tokens?: TokenService;
  /** The token endpoint's path on the same host as the request (default `/token`). */
  readonly tokenPath?: string;
  /** Whether Basic is accepted (default true); false makes a Bearer-only registry. */
  readonly basic?: boolean;
}

const maxDelayMs = 5_000;

/**
 * HTTP Basic against the registry users: no credentials → 401 UNAUTHORIZED with `WWW-Authenticate: Basic`;
 * wrong ones → 401, and after a few failures from one address each further answer is delayed (doubling up to 5 s);
 * authenticated without a grant for the repository → 403 DENIED. The API root and catalog need only a login.
 */
export class BasicAuthorizer implements RegistryAuthorizer {
  private readonly failures = new Map<string, { count: number; since: number }>();
  /** `user \0 sha256(password)` → the stored hash it was verified against, so scrypt runs once per password. */
  private readonly verified = new Map<string, string>();
  private readonly realm: string;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: BasicAuthorizerOptions) {
    this.realm = options.realm ?? 'berth';
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async authorize(request: ServerRequest, access: CoarseRegistryAccess): Promise<void> {
    const authorization = header(request.headers, 'authorization');
    const action = access.action === 'pull' ? 'pull' : 'push';
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (bearer && this.options.tokens) {
      const checked = await this.options.tokens.verify(bearer[1]!);
      if (!checked.ok) throw this.challenge(request, access, 'invalid token', 'invalid_token');
      if (access.repository !== undefined && !tokenAllows(checked.access, access.repository, action)) {
        throw this.challenge(request, access, 'insufficient scope', 'insufficient_scope');
      }
      return;
    }
    const user = this.options.basic === false ? undefined : await this.authenticate(request);
    if (user === undefined) throw this.challenge(request, access, 'authentication required');
    if (access.repository === undefined) return;
    if (!this.options.users.allows(user, access.repository, action)) {
      throw new OciError('DENIED', `user ${user} may not ${action} ${access.repository}`, {
        name: access.repository,
        action,
      });
    }
  }

  /**
   * The user named by valid Basic credentials; undefined when there are none; a 401 (after the slow-down for
   * repeated failures from the address) when they are wrong.
   */
  async authenticate(request: ServerRequest): Promise<string | undefined> {
    const credentials = basicCredentials(header(request.headers, 'authorization'));
    if (!credentials) return undefined;
    const user = this.options.users.get(credentials.username);
    if (!user || !this.check(credentials.username, credentials.password, user.passwordHash)) {
      await this.failed(request.remoteAddress);
      throw new OciError('UNAUTHORIZED', 'invalid username or password', null, [
        ['WWW-Authenticate', `Basic realm="${this.realm}"`],
      ]);
    }
    this.failures.delete(request.remoteAddress);
    return user.name;
  }

  private check(username: string, password: string, stored: string): boolean {
    const key = `${username}\0${createHash('sha256').update(password).digest('hex')}`;
    if (this.verified.get(key) === stored) return true;
    if (!verifyPassword(password, stored)) return false;
    if (this.verified.size > 1000) this.verified.clear();
    this.verified.set(key, stored);
    return true;
  }

  private async failed(address: string): Promise<void> {
    const now = this.now();
    const window = this.options.failureWindowMs ?? 60_000;
    const entry = this.failures.get(address);
    const current =
      entry && now - entry.since < window
        ? { count: entry.count + 1, since: entry.since }
        : { count: 1, since: now };
    if (this.failures.size > 10_000) this.failures.clear();
    this.failures.set(address, current);
    const extra = current.count - (this.options.freeFailures ?? 5);
    if (extra > 0) await this.sleep(Math.min(maxDelayMs, 100 * 2 ** (extra - 1)));
  }

  private challenge(
    request: ServerRequest,
    access: CoarseRegistryAccess,
    message: string,
    error?: string,
  ): OciError {
    const headers: Array<[string, string]> = [];
    const tokens = this.options.tokens;
    if (tokens) {
      const host = header(request.headers, 'host') ?? '127.0.0.1';
      const parts = [
        `realm="http://${host}${this.options.tokenPath ?? '/token'}"`,
        `service="${tokens.service}"`,
      ];
      if (access.repository !== undefined) {
        parts.push(
          `scope="repository:${access.repository}:${access.action === 'pull' ? 'pull' : 'pull,push'}"`,
        );
      }
      if (error !== undefined) parts.push(`error="${error}"`);
      headers.push(['WWW-Authenticate', `Bearer ${parts.join(',')}`]);
    }
    if (this.options.basic !== false) headers.push(['WWW-Authenticate', `Basic realm="${this.realm}"`]);
    return new OciError('UNAUTHORIZED', message, null, headers);
  }
}

export function basicCredentials(
  value: string | undefined,
): { username: string; password: string } | undefined {
  if (value === undefined) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The same request carrying `username:password` as Basic credentials (the OAuth2 password grant's login). */
export function passwordLogin(request: ServerRequest, username: string, password: string): ServerRequest {
  const value = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return { ...request, headers: [['Authorization', value]] };
}
