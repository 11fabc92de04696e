// A Distribution token server for the tests (distribution token.md, oauth.md, jwt.md): GET with Basic or
// anonymously, OAuth2 POST (password and refresh_token grants), ES256 JWTs with an `x5c` chain whose certificate the
// registry trusts through `rootcertbundle` — what Distribution 2.8 demands (reference/registry-protocol.md §5.4).
// The key and the self-signed certificate come from the openssl CLI.

import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importPKCS8, SignJWT } from 'jose';
import { selfSignedCertificate } from './self-signed-certificate.js';

export interface TokenIssuerOptions {
  readonly service: string;
  readonly issuer: string;
  readonly users: Readonly<Record<string, string>>;
  /** Actions `user` (undefined: anonymous) gets on `repository`, out of those asked; default below. */
  readonly grant?: (user: string | undefined, repository: string, asked: readonly string[]) => string[];
  /** What an anonymous request for a repository it may not pull gets: 401 (GHCR) or a token without access. */
  readonly anonymous?: 'deny' | 'empty';
  /** Answer OAuth2 POSTs (else 404, like GCR), to test the GET fallback. */
  readonly post?: boolean;
  readonly expiresIn?: number;
  /** Bind address (default 127.0.0.1). */
  readonly host?: string;
}

export interface TokenRequestRecord {
  readonly method: string;
  readonly basicUser?: string;
  readonly grantType?: string;
  readonly scopes: readonly string[];
  readonly status: number;
}

/** What a running issuer can be told to do differently from now on. */
export interface IssuerBehaviour {
  anonymous?: 'deny' | 'empty';
  post?: boolean;
  /** The next this-many tokens are signed with another issuer name: the registry refuses them (invalid_token). */
  badTokens?: number;
}

export interface RunningTokenIssuer {
  readonly realm: string;
  configure(behaviour: IssuerBehaviour): void;
  readonly certPem: string;
  readonly requests: TokenRequestRecord[];
  /** Refresh tokens handed out, by user, for identity-token tests. */
  issueRefreshToken(user: string): string;
  stop(): Promise<void>;
}

/** Default grant: known users get what they ask; anonymous gets pull on `public/…` repositories only. */
function defaultGrant(user: string | undefined, repository: string, asked: readonly string[]): string[] {
  if (user !== undefined) return [...asked];
  return repository.startsWith('public/') ? asked.filter((a) => a === 'pull') : [];
}

export async function startTokenIssuer(options: TokenIssuerOptions): Promise<RunningTokenIssuer> {
  const { certPem, keyPem } = await selfSignedCertificate('/CN=berth-test-issuer');
  const key = await importPKCS8(keyPem, 'ES256');
  const x5c = [certPem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '')];
  const grant = options.grant ?? defaultGrant;
  const behaviour: IssuerBehaviour = {
    anonymous: options.anonymous ?? 'deny',
    post: options.post ?? true,
    badTokens: 0,
  };
  const refreshTokens = new Map<string, string>();
  const requests: TokenRequestRecord[] = [];

  const issuerName = () => {
    if ((behaviour.badTokens ?? 0) <= 0) return options.issuer;
    behaviour.badTokens = (behaviour.badTokens ?? 0) - 1;
    return 'someone-else';
  };
  const sign = (user: string | undefined, access: { type: string; name: string; actions: string[] }[]) =>
    new SignJWT({ access })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', x5c })
      .setIssuer(issuerName())
      .setAudience(options.service) // a string: 2.8 cannot read an array
      .setSubject(user ?? '')
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${options.expiresIn ?? 300}s`)
      .setJti(randomUUID())
      .sign(key);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://issuer');
    const body = req.method === 'POST' ? await readAll(req) : '';
    const form = new URLSearchParams(body);
    const record = (status: number, extra: Partial<TokenRequestRecord>) =>
      requests.push({ method: req.method ?? '', scopes: [], status, ...extra });
    if (url.pathname !== '/token') return reply(res, 404, { errors: [{ code: 'NOT_FOUND' }] });
    let user: string | undefined;
    let scopes: string[];
    if (req.method === 'POST') {
      const grantType = form.get('grant_type') ?? '';
      scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
      if (behaviour.post === false) {
        record(404, { grantType, scopes });
        return reply(res, 404, { details: 'POST not supported' });
      }
      if (grantType === 'password') {
        user = form.get('username') ?? '';
        if (options.users[user] !== form.get('password')) return deny(res, record, { grantType, scopes });
      } else if (grantType === 'refresh_token') {
        user = refreshTokens.get(form.get('refresh_token') ?? '');
        if (user === undefined) return deny(res, record, { grantType, scopes });
      } else {
        record(400, { grantType, scopes });
        return reply(res, 400, { error: 'unsupported_grant_type' });
      }
    } else {
      scopes = url.searchParams.getAll('scope');
      const basic = basicUser(req.headers.authorization);
      if (basic !== undefined) {
        if (options.users[basic.user] !== basic.password) {
          return deny(res, record, { basicUser: basic.user, scopes });
        }
        user = basic.user;
      }
    }
    const access = scopes.map(parseScope).filter((s) => s !== undefined);
    const granted = access.map((s) => ({ ...s, actions: grant(user, s.name, s.actions) }));
    if (
      user === undefined &&
      behaviour.anonymous !== 'empty' &&
      granted.some((g) => g.actions.length === 0)
    ) {
      return deny(res, record, { scopes });
    }
    const token = await sign(
      user,
      granted.filter((g) => g.actions.length > 0),
    );
    record(200, {
      scopes,
      ...(user === undefined ? {} : { basicUser: user }),
      ...(form.get('grant_type') ? { grantType: form.get('grant_type')! } : {}),
    });
    const answer: Record<string, unknown> = {
      expires_in: options.expiresIn ?? 300,
      issued_at: new Date().toISOString(),
    };
    // POST answers OAuth2's access_token; GET answers both, as Docker Hub does.
    if (req.method === 'POST') answer.access_token = token;
    else Object.assign(answer, { token, access_token: token });
    if (req.method === 'POST' && form.get('access_type') === 'offline' && user !== undefined) {
      answer.refresh_token = issueRefreshToken(user);
    }
    reply(res, 200, answer);
  };

  const issueRefreshToken = (user: string) => {
    const token = randomBytes(18).toString('base64url');
    refreshTokens.set(token, user);
    return token;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => reply(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', resolve));
  const { address, port } = server.address() as AddressInfo;
  return {
    realm: `http://${address}:${port}/token`,
    configure: (next) => Object.assign(behaviour, next),
    certPem,
    requests,
    issueRefreshToken,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function deny(
  res: ServerResponse,
  record: (status: number, extra: Partial<TokenRequestRecord>) => void,
  extra: Partial<TokenRequestRecord>,
): void {
  record(401, extra);
  reply(res, 401, { details: 'incorrect username or password' });
}

function parseScope(text: string): { type: string; name: string; actions: string[] } | undefined {
  const first = text.indexOf(':');
  const last = text.lastIndexOf(':');
  if (first === -1 || first === last) return undefined;
  return {
    type: text.slice(0, first),
    name: text.slice(first + 1, last),
    actions: text.slice(last + 1).split(','),
  };
}

function basicUser(header: string | undefined): { user: string; password: string } | undefined {
  if (!header?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readAll(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 64 * 1024) break;
  }
  return text;
}
