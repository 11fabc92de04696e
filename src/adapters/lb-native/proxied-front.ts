/**
 * berth's proxy behind haproxy: haproxy holds the listener ports and hands berth the requests it does not serve
 * itself over a unix socket in the state dir (mode 0600, so only berth's user can speak to it) that starts every
 * connection with a PROXY protocol v1 line. The line gives what a client of the port would have given: its address
 * (X-Forwarded-For) and the listener port; a client cannot forge it, since haproxy writes it on its own connection.
 * A port is claimed by binding it for a moment: the host's refusal (in use, below 1024 without root) is reported
 * while the API can still say so, before haproxy binds it for good.
 */
import { chmodSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { ListenerSockets, type PortListeners, type RequestHandler } from '../lb-proxy/index.js';

interface Origin {
  readonly client: string;
  readonly port: number;
}

export class ProxiedFront implements PortListeners {
  readonly #host: string;
  readonly #socketPath: string;
  readonly #ports = new Set<number>();
  readonly #origins = new WeakMap<Socket, Origin>();
  readonly #http: HttpServer;
  #server?: Promise<Server>;

  constructor(host: string, handle: RequestHandler, socketPath: string) {
    this.#host = host;
    this.#socketPath = socketPath;
    this.#http = createHttpServer({ keepAlive: true }, (request, response) => {
      const origin = this.#origins.get(request.socket)!;
      handle(origin.port, request, response, origin.client);
    });
  }

  async claim(port: number): Promise<void> {
    if (this.#ports.has(port)) return;
    const probe = new ListenerSockets(this.#host, () => undefined);
    await probe.claim(port);
    await probe.release(port);
    this.#ports.add(port);
  }

  ports(): number[] {
    return [...this.#ports];
  }

  /** The port is haproxy's to let go of, at its next configuration. */
  async release(port: number): Promise<void> {
    this.#ports.delete(port);
  }

  /** Listens on the unix socket, once. */
  listen(): Promise<Server> {
    this.#server ??= new Promise((resolve, reject) => {
      rmSync(this.#socketPath, { force: true });
      const server = createServer((socket) => this.#accept(socket));
      server.once('error', reject);
      server.listen(this.#socketPath, () => {
        chmodSync(this.#socketPath, 0o600);
        resolve(server);
      });
    });
    return this.#server;
  }

  async closeAll(): Promise<void> {
    this.#ports.clear();
    const server = await this.#server?.catch(() => undefined);
    this.#http.closeAllConnections();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  /** Reads the PROXY line (at most 107 bytes), then hands the rest of the connection to the HTTP server. */
  #accept(socket: Socket): void {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n');
      if (end < 0) {
        if (head.length > 107) socket.destroy();
        return;
      }
      socket.off('data', onData);
      const origin = parseProxyLine(head.subarray(0, end).toString('latin1'));
      if (!origin) {
        socket.destroy();
        return;
      }
      this.#origins.set(socket, origin);
      socket.unshift(head.subarray(end + 2));
      this.#http.emit('connection', socket);
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
  }
}

/** `PROXY TCP4 <source> <destination> <source port> <destination port>` (TCP6 alike). */
function parseProxyLine(line: string): Origin | undefined {
  const [word, family, source, , , destinationPort] = line.split(' ');
  if (word !== 'PROXY' || (family !== 'TCP4' && family !== 'TCP6') || !source) return undefined;
  const port = Number(destinationPort);
  return Number.isInteger(port) && port > 0 ? { client: source, port } : undefined;
}
