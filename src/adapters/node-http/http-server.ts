import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpRequest, HttpResponse } from '../../aws/index.js';
import { BerthError } from '../../errors/index.js';
import { declaredLength, readRequest } from './read-request.js';

/** Something that answers requests: the AWS gateway, later the registry server. */
export type HttpHandler = (request: HttpRequest) => Promise<HttpResponse>;

/** A handler mounted at a path prefix. The longest matching prefix wins; mount `/` last as the fallback. */
export interface Route {
  /** A literal prefix of the raw path: `/v2/` matches `/v2/` and `/v2/library/busybox/manifests/1`. */
  readonly prefix: string;
  readonly handler: HttpHandler;
  /** Overrides the server's body cap for this mount. */
  readonly maxBodyBytes?: number;
}

/** What the access log is told about each answered request; the adapter knows nothing of AWS or registries. */
export interface ExchangeRecord {
  readonly request: HttpRequest | undefined;
  readonly response: HttpResponse;
  readonly method: string;
  readonly path: string;
  readonly durationMs: number;
}

export interface HttpServerOptions {
  readonly routes: readonly Route[];
  /** 0 picks a free port. The server listens on 127.0.0.1 only. */
  readonly port: number;
  readonly host?: string;
  /** Requests with a larger body get 413 and the connection is closed; the rest of the body is never buffered. */
  readonly maxBodyBytes: number;
  /** Idle keep-alive connections are closed after this long (default 65 s, longer than SDK agents keep them). */
  readonly keepAliveTimeoutMs?: number;
  /** How long `close()` waits for in-flight requests before cutting their connections (default 10 s). */
  readonly closeGraceMs?: number;
  readonly onExchange?: (record: ExchangeRecord) => void;
  /** A handler threw (a bug: handlers answer errors themselves); the client got a bare 500. */
  readonly onHandlerError?: (error: unknown) => void;
}

export interface RunningHttpServer {
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Stops accepting connections, lets in-flight requests finish, closes idle keep-alive connections. */
  close(): Promise<void>;
}

const internalError = textResponse(500, 'internal server error\n');
const tooLarge = textResponse(413, 'request body too large\n');
const notFound = textResponse(404, 'not found\n');

/** Starts node:http on 127.0.0.1 with the given routes; resolves once it is listening. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const routes = [...options.routes].sort((a, b) => b.prefix.length - a.prefix.length);
  let closing = false;
  let inFlight = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    inFlight++;
    let request: HttpRequest | undefined;
    let response: HttpResponse;
    try {
      const route = routeFor(routes, rawPath(req));
      const read = await readRequest(req, route?.maxBodyBytes ?? options.maxBodyBytes);
      if (!read.ok && read.failure === 'aborted') return;
      if (read.ok) {
        request = read.request;
        response = await dispatch(route, request, options);
      } else {
        response = tooLarge;
      }
      // A body left unread (413) cannot be skipped on a kept-alive connection, so that connection ends here.
      const mustClose = closing || !read.ok;
      write(res, response, req.method === 'HEAD', mustClose);
      options.onExchange?.({
        request,
        response,
        method: req.method ?? '',
        path: request?.path ?? rawPath(req),
        durationMs: performance.now() - started,
      });
    } finally {
      inFlight--;
      if (closing && inFlight === 0) server.closeIdleConnections();
    }
  };

  const server: Server = createServer(
    { keepAliveTimeout: options.keepAliveTimeoutMs ?? 65_000 },
    (req, res) => {
      void handle(req, res);
    },
  );
  // `Expect: 100-continue`: an oversize body is refused (413) before the client sends it.
  server.on('checkContinue', (req, res) => {
    const cap = routeFor(routes, rawPath(req))?.maxBodyBytes ?? options.maxBodyBytes;
    if (declaredLength(req) <= cap) res.writeContinue();
    void handle(req, res);
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;

  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port, host);
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://${host}:${port}`,
    close: () => {
      closing = true;
      return new Promise<void>((resolve) => {
        const grace = setTimeout(() => server.closeAllConnections(), options.closeGraceMs ?? 10_000);
        grace.unref();
        server.close(() => {
          clearTimeout(grace);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}

function routeFor(routes: readonly Route[], path: string): Route | undefined {
  return routes.find((r) => path.startsWith(r.prefix));
}

function rawPath(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const mark = url.indexOf('?');
  return mark < 0 ? url : url.slice(0, mark);
}

async function dispatch(
  route: Route | undefined,
  request: HttpRequest,
  options: HttpServerOptions,
): Promise<HttpResponse> {
  if (!route) return notFound;
  try {
    return await route.handler(request);
  } catch (error) {
    options.onHandlerError?.(error);
    return internalError;
  }
}

function write(res: ServerResponse, response: HttpResponse, head: boolean, close: boolean): void {
  if (res.headersSent || res.destroyed) return;
  const flat: string[] = [];
  let declared: string | undefined;
  for (const [name, value] of response.headers) {
    const lower = name.toLowerCase();
    if (lower === 'content-length') declared = value;
    if (lower === 'content-length' || lower === 'connection' || lower === 'transfer-encoding') continue;
    flat.push(name, value);
  }
  // A HEAD answer describes the body a GET would send (a registry blob's size) without sending it.
  const length =
    head && response.body.length === 0 && declared !== undefined ? declared : response.body.length;
  flat.push('Content-Length', String(length));
  if (close) flat.push('Connection', 'close');
  res.writeHead(response.status, flat);
  res.end(response.body);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(
          new BerthError(
            'BERTH_PORT_IN_USE',
            `port ${port} on ${host} is in use (choose another with --port)`,
          ),
        );
      } else {
        reject(error);
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function textResponse(status: number, text: string): HttpResponse {
  return {
    status,
    headers: [['Content-Type', 'text/plain; charset=utf-8']],
    body: Buffer.from(text),
  };
}
