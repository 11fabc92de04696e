// A loopback HTTP proxy in front of a real registry that injects the faults the registry itself cannot produce:
// connection resets and truncation mid-body, 429/5xx answers, corrupted bytes, and redirects of blob GETs to another
// host. It also records every request's headers, so tests can prove what was (not) sent. Everything else passes
// through to the registry unchanged.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyAction =
  | { readonly kind: 'pass' }
  | {
      readonly kind: 'respond';
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body?: string;
    }
  /** Forward, then reset the TCP connection (RST) after `bytes` body bytes. */
  | { readonly kind: 'reset-after'; readonly bytes: number }
  /** Forward, then close the connection cleanly after `bytes` body bytes, short of the Content-Length. */
  | { readonly kind: 'truncate-after'; readonly bytes: number }
  /** Forward with one body byte changed (same length): a digest mismatch. */
  | { readonly kind: 'corrupt' }
  /** Forward; when the registry answers 200, answer 307 to `location` instead (after auth was checked). */
  | { readonly kind: 'redirect-if-ok'; readonly location: string }
  /** Forward without the Range header, as a server that ignores ranges (answers 200 with the whole blob). */
  | { readonly kind: 'strip-range' };

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Chooses what to do with a request; `seen` counts earlier requests with the same method and path. */
export type ProxyRule = (request: ProxiedRequest, seen: number) => ProxyAction;

export interface FaultProxy {
  /** `HOST:PORT` to use as the registry host in references. */
  readonly host: string;
  readonly requests: ProxiedRequest[];
  setRule(rule: ProxyRule): void;
  stop(): Promise<void>;
}

export async function startFaultProxy(options: {
  target: string;
  listenHost?: string;
  rule?: ProxyRule;
}): Promise<FaultProxy> {
  const target = new URL(options.target);
  let rule: ProxyRule = options.rule ?? (() => ({ kind: 'pass' }));
  const requests: ProxiedRequest[] = [];
  const counts = new Map<string, number>();

  const server = createServer((req, res) => {
    const info: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: { ...req.headers },
    };
    requests.push(info);
    const key = `${info.method} ${info.path}`;
    const seen = counts.get(key) ?? 0;
    counts.set(key, seen + 1);
    const action = rule(info, seen);
    if (action.kind === 'respond') {
      res.writeHead(action.status, { 'content-type': 'application/json', ...action.headers });
      res.end(action.body ?? '');
      return;
    }
    forward(req, res, target, action);
  });
  await new Promise<void>((resolve) => server.listen(0, options.listenHost ?? '127.0.0.1', resolve));
  const { address, port } = server.address() as AddressInfo;
  return {
    host: `${address}:${port}`,
    requests,
    setRule: (next) => {
      rule = next;
      counts.clear();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function forward(req: IncomingMessage, res: ServerResponse, target: URL, action: ProxyAction): void {
  const headers = { ...req.headers };
  if (action.kind === 'strip-range') delete headers.range;
  const upstream = httpRequest(
    {
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers,
    },
    (answer) => {
      const status = answer.statusCode ?? 502;
      if (action.kind === 'redirect-if-ok' && status === 200) {
        answer.resume();
        res.writeHead(307, { location: action.location, 'content-length': '0' });
        res.end();
        return;
      }
      if (action.kind === 'corrupt' && status === 200) {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          const middle = body.length >> 1;
          if (body.length > 0) body[middle] = (body[middle] ?? 0) ^ 0xff;
          res.writeHead(status, answer.headers);
          res.end(body);
        });
        return;
      }
      res.writeHead(status, answer.headers);
      if ((action.kind === 'reset-after' || action.kind === 'truncate-after') && status < 300) {
        let sent = 0;
        answer.on('data', (chunk: Buffer) => {
          if (sent >= action.bytes) return;
          const part = chunk.subarray(0, action.bytes - sent);
          sent += part.length;
          res.write(part);
          if (sent >= action.bytes) {
            answer.destroy();
            const socket = res.socket;
            // Let the bytes leave before cutting the connection.
            setTimeout(() => {
              if (action.kind === 'reset-after') socket?.resetAndDestroy();
              else socket?.end();
            }, 20);
          }
        });
        return;
      }
      answer.pipe(res);
    },
  );
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}
