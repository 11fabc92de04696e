/**
 * The listeners' sockets: one HTTP server per port on 127.0.0.1, opened when a listener claims the port (so a port
 * another process holds, or a port below 1024 without root, is refused while the API can still say so) and closed,
 * connections and all, when no listener uses it any more.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BerthError } from '../../errors/index.js';

/** `client` is the address the request came from (the ALB's X-Forwarded-For), `port` the listener's. */
export type RequestHandler = (
  port: number,
  request: IncomingMessage,
  response: ServerResponse,
  client: string,
) => void;

/** What the proxy asks of whatever accepts its listeners' connections: these sockets, or a native front. */
export interface PortListeners {
  claim(port: number): Promise<unknown>;
  ports(): number[];
  release(port: number): Promise<void>;
  closeAll(): Promise<void>;
}

export class ListenerSockets implements PortListeners {
  readonly #host: string;
  readonly #handle: RequestHandler;
  readonly #servers = new Map<number, Promise<Server>>();

  constructor(host: string, handle: RequestHandler) {
    this.#host = host;
    this.#handle = handle;
  }

  /** Listens on `port` unless already listening; BERTH_PORT_IN_USE when the host refuses. */
  claim(port: number): Promise<Server> {
    let opening = this.#servers.get(port);
    if (!opening) {
      opening = this.#listen(port);
      this.#servers.set(port, opening);
      opening.catch(() => this.#servers.delete(port));
    }
    return opening;
  }

  ports(): number[] {
    return [...this.#servers.keys()];
  }

  /** Stops listening on `port` and ends its connections (keep-alive ones would hold it open). */
  async release(port: number): Promise<void> {
    const opening = this.#servers.get(port);
    if (!opening) return;
    this.#servers.delete(port);
    const server = await opening.catch(() => undefined);
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.ports().map((port) => this.release(port)));
  }

  #listen(port: number): Promise<Server> {
    const server = createServer({ keepAlive: true }, (request, response) =>
      this.#handle(port, request, response, request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? ''),
    );
    return new Promise((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(refused(this.#host, port, error)));
      server.listen(port, this.#host, () => resolve(server));
    });
  }
}

function refused(host: string, port: number, error: NodeJS.ErrnoException): BerthError {
  const why =
    error.code === 'EADDRINUSE'
      ? 'the port is in use by another process'
      : error.code === 'EACCES'
        ? 'permission denied (ports below 1024 need berth up to run as root)'
        : error.message;
  return new BerthError(
    'BERTH_PORT_IN_USE',
    `berth cannot listen on ${host}:${port} for this listener: ${why}`,
    {
      cause: error,
    },
  );
}
