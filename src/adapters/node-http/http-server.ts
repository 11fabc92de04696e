import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerOptions,
  type ServerResponse,
} from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { HttpRequest, HttpResponse } from '../../aws/index.js';
import { BerthError } from '../../errors/index.js';
import { classifyClientError, type Refusal, type RequestHead, writeRawResponse } from './client-error.js';
import { declaredLength, readRequest, requestHead } from './read-request.js';
import { bare, noBody, refusal, routeFor, textResponse, tooLargeFor } from './refusals.js';
import { StreamedBody } from './streamed-body.js';
import { closeStream, type StreamableResponse, writeResponse } from './write-response.js';

/** Something that answers requests: the AWS gateway, later the registry server. */
export type HttpHandler = (request: HttpRequest) => Promise<HttpResponse>;

/** A request whose body arrives as a stream (a route with `streamBody`); iterate `body` once. */
export interface StreamedRequest extends Omit<HttpRequest, 'body'> {
  readonly body: StreamedBody;
}

interface RouteBase {
  /** A literal prefix of the raw path: `/v2/` matches `/v2/` and `/v2/library/busybox/manifests/1`. */
  readonly prefix: string;
  /** Overrides the server's body cap for this mount (enforced while streaming too). */
  readonly maxBodyBytes?: number;
  /**
   * Tried before any prefix: a route that claims a request's head gets it whatever its path (the AWS endpoint
   * claims requests signed for a service it serves, so that a path-style bucket named `v2` never reaches `/v2`).
   */
  readonly claims?: (head: RequestHead) => boolean;
  /**
   * The answer to a request of this route refused at the HTTP level (see Refusal); the head is undefined when the
   * parser's packet did not hold the request line. Without it: a bare status (413 with a plain-text body).
   */
  readonly refuse?: (head: RequestHead | undefined, refusal: Refusal) => HttpResponse;
}

/** The handler gets the whole body in memory (at most the cap). */
export interface BufferedRoute extends RouteBase {
  readonly streamBody?: false;
  readonly handler: (request: HttpRequest) => Promise<StreamableResponse>;
}

/** The handler gets the body as a stream: for bodies too large to hold (registry blob uploads). */
export interface StreamedRoute extends RouteBase {
  readonly streamBody: true;
  readonly handler: (request: StreamedRequest) => Promise<StreamableResponse>;
}

/**
 * A handler mounted at a path prefix. The first route whose `claims` accepts the request wins; otherwise the
 * longest matching prefix; mount `/` as the fallback. Any route may answer with a streamed body.
 */
export type Route = BufferedRoute | StreamedRoute;

/**
 * What the access log is told about each answered request; the adapter knows nothing of AWS or registries. Bodies
 * that streamed (a streamed route's request, a streamed response) are given as empty: they were never held.
 */
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
  /**
   * With a streamed route mounted: a connection whose request sends nothing for this long is cut (default 120 s).
   * It replaces the whole-request deadline there, which would cut a large upload that is merely long.
   */
  readonly idleTimeoutMs?: number;
  /**
   * A buffered route's body must have arrived this long after its head (default 120 s), also when a streamed route
   * turned node's whole-request deadline off: a client trickling a byte now and then into an AWS request would
   * otherwise hold its connection and up to the body cap of memory for as long as it likes.
   */
  readonly bodyDeadlineMs?: number;
  /** The whole head must have arrived this long after the connection's request began (default 30 s). */
  readonly headersTimeoutMs?: number;
  readonly onExchange?: (record: ExchangeRecord) => void;
  /**
   * A second listener with TLS on the same host, answering the same routes; its requests carry `tls: true` (the IAM
   * context's aws:SecureTransport). `port` 0 picks a free one.
   */
  readonly tls?: { readonly port: number; readonly cert: Buffer; readonly key: Buffer };
  /**
   * A handler threw (a bug: handlers answer errors themselves; the client got a bare 500), or a streamed response
   * body failed (the connection was cut).
   */
  readonly onHandlerError?: (error: unknown) => void;
}

export interface RunningHttpServer {
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** The TLS listener's port, when there is one. */
  readonly tlsPort?: number;
  /** Stops accepting connections, lets in-flight requests finish, closes idle keep-alive connections. */
  close(): Promise<void>;
}

const internalError = textResponse(500, 'internal server error\n');
const notFound = textResponse(404, 'not found\n');

/** A request answered: what to write, whether the connection must end after it, and what to log. */
interface Exchange {
  readonly request: HttpRequest | undefined;
  readonly response: StreamableResponse;
  readonly mustClose: boolean;
}

/** Starts node:http on 127.0.0.1 with the given routes; resolves once it is listening. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const routes = [...options.routes].sort((a, b) => b.prefix.length - a.prefix.length);
  const headersTimeoutMs = options.headersTimeoutMs ?? 30_000;
  /** The response each connection is writing, so that a parser error on it never writes a second one. */
  const answering = new WeakMap<Socket, ServerResponse>();
  let closing = false;
  let inFlight = 0;

  /** `sendContinue`: set for `Expect: 100-continue` when the 100 is still owed (streamed routes send it late). */
  const handle = async (req: IncomingMessage, res: ServerResponse, sendContinue?: () => void) => {
    const started = performance.now();
    inFlight++;
    answering.set(req.socket, res);
    try {
      const head = requestHead(req);
      const route = routeFor(routes, head);
      const cap = route?.maxBodyBytes ?? options.maxBodyBytes;
      const exchange = route?.streamBody
        ? await streamedExchange(route, req, head, cap, options, sendContinue)
        : await bufferedExchange(route, req, head, cap, options);
      if (!exchange) return;
      const { request, response } = exchange;
      const failure = await writeResponse(res, response, {
        head: req.method === 'HEAD',
        close: closing || exchange.mustClose,
      });
      if (failure !== undefined) options.onHandlerError?.(failure);
      options.onExchange?.({
        request,
        response: Buffer.isBuffer(response.body) ? (response as HttpResponse) : { ...response, body: noBody },
        method: req.method ?? '',
        path: request?.path ?? head.path,
        durationMs: performance.now() - started,
      });
    } finally {
      if (answering.get(req.socket) === res) answering.delete(req.socket);
      inFlight--;
      if (closing && inFlight === 0) for (const one of servers) one.closeIdleConnections();
    }
  };

  const host = options.host ?? '127.0.0.1';
  const serverOptions: ServerOptions = {
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 65_000,
    // node checks the head and request deadlines on this tick (default 30 s, so a slow head lived up to 60 s).
    connectionsCheckingInterval: Math.max(50, Math.floor(headersTimeoutMs / 4)),
  };
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res);
  };
  const servers: Server[] = [createServer(serverOptions, answer)];
  if (options.tls) {
    const { cert, key } = options.tls;
    servers.push(createTlsServer({ ...serverOptions, cert, key }, answer));
  }
  for (const server of servers) configure(server);
  const [server] = servers as [Server, ...Server[]];
  const listening = await Promise.allSettled(
    servers.map((one, index) =>
      index === 0
        ? listen(one, options.port, host, '--port')
        : listen(one, options.tls!.port, host, '--tls-port'),
    ),
  );
  const failed = listening.find((result) => result.status === 'rejected');
  if (failed) {
    // One listener without the other is not berth: the one that listens closes again.
    for (const one of servers) if (one.listening) one.close();
    throw failed.reason;
  }
  const port = (server.address() as AddressInfo).port;
  const tlsServer = servers[1];
  return {
    port,
    url: `http://${host}:${port}`,
    ...(tlsServer ? { tlsPort: (tlsServer.address() as AddressInfo).port } : {}),
    close: async () => {
      closing = true;
      await Promise.all(servers.map((one) => closeGracefully(one, options.closeGraceMs ?? 10_000)));
    },
  };

  /** The same answers, limits and timeouts on every listener. */
  function configure(server: Server): void {
    // `Expect: 100-continue`: an oversize body is refused (413) before the client sends it; a streamed route's
    // client is asked for the body only when the handler starts reading it (not when it answers 401 first).
    server.on('checkContinue', (req, res) => {
      const route = routeFor(routes, requestHead(req));
      const fits = declaredLength(req) <= (route?.maxBodyBytes ?? options.maxBodyBytes);
      if (fits && route?.streamBody) {
        void handle(req, res, () => res.writeContinue());
        return;
      }
      if (fits) res.writeContinue();
      void handle(req, res);
    });
    // Requests node:http's parser refuses (oversized or malformed headers) are answered by the route they were meant
    // for when their head can be read, as AWS answers them; bytes that are not HTTP get a bare 400. Never a hang: the
    // connection is closed after the answer, and one already answering is cut.
    server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
      const answer = classifyClientError(error);
      if (answer.kind === 'drop' || !socket.writable || answering.get(socket)?.headersSent) {
        socket.destroy();
        return;
      }
      const response =
        answer.kind === 'bare' ? bare(answer.status) : refusal(routes, answer.head, answer.refusal, options);
      writeRawResponse(socket, response);
      options.onExchange?.({
        request: undefined,
        response,
        method: answer.kind === 'refuse' ? (answer.head?.method ?? '') : '',
        path: answer.kind === 'refuse' ? (answer.head?.path ?? '') : '',
        durationMs: 0,
      });
    });
    server.headersTimeout = headersTimeoutMs;
    if (routes.some((r) => r.streamBody)) {
      server.requestTimeout = 0;
      server.timeout = options.idleTimeoutMs ?? 120_000;
    } else {
      server.requestTimeout = 120_000;
    }
  }
}

/** Stops accepting, lets in-flight requests finish (cut after `graceMs`), closes idle keep-alive connections. */
function closeGracefully(server: Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const grace = setTimeout(() => server.closeAllConnections(), graceMs);
    grace.unref();
    server.close(() => {
      clearTimeout(grace);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Reads the whole body (up to the cap), then asks the handler; undefined when the client left mid-body. */
async function bufferedExchange(
  route: BufferedRoute | undefined,
  req: IncomingMessage,
  head: RequestHead,
  cap: number,
  options: HttpServerOptions,
): Promise<Exchange | undefined> {
  const deadline = setTimeout(() => req.socket.destroy(), options.bodyDeadlineMs ?? 120_000);
  const read = await readRequest(req, cap, head).finally(() => clearTimeout(deadline));
  if (!read.ok && read.failure === 'aborted') return undefined;
  // A body left unread (413) cannot be skipped on a kept-alive connection, so that connection ends here.
  if (!read.ok) return { request: undefined, response: tooLargeFor(route, head, options), mustClose: true };
  const response = route ? await dispatch(() => route.handler(read.request), options) : notFound;
  return { request: read.request, response, mustClose: false };
}

/** Asks the handler with the body as a stream; undefined when the client left mid-body (no one to answer). */
async function streamedExchange(
  route: StreamedRoute,
  req: IncomingMessage,
  head: RequestHead,
  cap: number,
  options: HttpServerOptions,
  sendContinue: (() => void) | undefined,
): Promise<Exchange | undefined> {
  const tooLarge = () => tooLargeFor(route, head, options);
  if (declaredLength(req) > cap) return { request: undefined, response: tooLarge(), mustClose: true };
  const body = new StreamedBody(req, cap, sendContinue);
  let response = await dispatch(() => route.handler({ ...head, body }), options);
  if (body.state === 'aborted') {
    await discard(response);
    return undefined;
  }
  if (body.state === 'too-large') {
    await discard(response);
    response = tooLarge();
  }
  // Body bytes still on their way cannot be skipped on a kept-alive connection.
  return { request: { ...head, body: noBody }, response, mustClose: !body.drained };
}

async function dispatch(
  call: () => Promise<StreamableResponse>,
  options: HttpServerOptions,
): Promise<StreamableResponse> {
  try {
    return await call();
  } catch (error) {
    options.onHandlerError?.(error);
    return internalError;
  }
}

/** Releases a streamed answer that will not be sent. */
async function discard(response: StreamableResponse): Promise<void> {
  if (!Buffer.isBuffer(response.body)) await closeStream(response.body);
}

function listen(server: Server, port: number, host: string, flag: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(
          new BerthError(
            'BERTH_PORT_IN_USE',
            `port ${port} on ${host} is in use (choose another with ${flag})`,
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
