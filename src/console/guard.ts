// Who may see the console: the holder of the token in the state dir (0600). The printed URL carries it once; the
// first visit trades it for a session cookie (HttpOnly, SameSite=Strict) and a redirect to the URL without it, so the
// token leaves the address bar and the history. Each session has its own CSRF token, which every POST must carry.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const sessionCookie = 'berth_console';

export interface Session {
  readonly id: string;
  readonly csrf: string;
}

/** Sessions live as long as the `berth up` that made them: a restart asks for the token again. */
export class ConsoleGuard {
  readonly #token: Buffer;
  readonly #sessions = new Map<string, Session>();

  constructor(token: string) {
    this.#token = digest(token);
  }

  /** Whether `candidate` is the console's token (compared in constant time). */
  tokenMatches(candidate: string): boolean {
    return timingSafeEqual(digest(candidate), this.#token);
  }

  open(): Session {
    const session = {
      id: randomBytes(32).toString('base64url'),
      csrf: randomBytes(32).toString('base64url'),
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The session of a request's Cookie header, if it has a live one. */
  session(cookieHeader: string | undefined): Session | undefined {
    for (const part of (cookieHeader ?? '').split(';')) {
      const [name, value] = part.trim().split('=', 2);
      if (name === sessionCookie && value) {
        const session = this.#sessions.get(value);
        if (session) return session;
      }
    }
    return undefined;
  }

  /** Whether a POST's CSRF token is its session's. */
  csrfMatches(session: Session, candidate: string | undefined): boolean {
    return candidate !== undefined && timingSafeEqual(digest(candidate), digest(session.csrf));
  }
}

/** The cookie a new session is given: not readable by scripts, never sent by another site's request. */
export function sessionCookieHeader(session: Session): string {
  return `${sessionCookie}=${session.id}; Path=/console/; HttpOnly; SameSite=Strict`;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Headers on every console response: a CSP that allows only the console's own script and style (no inline script,
 * nothing from another origin, no framing), no caching of account data, no sniffing, no referrer.
 */
export const securityHeaders: readonly [string, string][] = [
  [
    'content-security-policy',
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
      "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  ],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['referrer-policy', 'no-referrer'],
  ['cache-control', 'no-store'],
  ['cross-origin-opener-policy', 'same-origin'],
  ['cross-origin-resource-policy', 'same-origin'],
];
