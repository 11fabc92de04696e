/**
 * A published port of a bridge-mode task: a TCP listener in the host's namespace that forwards each connection to
 * the task's address (the job docker-proxy does for Docker's bridge network, without NAT rules).
 */
import { connect, createServer, type Socket } from 'node:net';
import { BerthError } from '../../errors/index.js';

export interface TcpProxyTarget {
  readonly listenHost: string;
  /** 0: a free port chosen by the kernel. */
  readonly listenPort: number;
  readonly targetHost: string;
  readonly targetPort: number;
  /** Names the mapping in errors, e.g. `container "web" port 80/tcp`. */
  readonly describe: string;
  /** What to do when the port cannot be listened on; default: the advice for a task's hostPort. */
  readonly advice?: string;
}

export interface TcpProxy {
  /** The port actually listened on. */
  readonly port: number;
  /** Stops listening and drops open connections; idempotent. */
  close(): Promise<void>;
}

export function startTcpProxy(target: TcpProxyTarget): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = createServer((client) => {
    const upstream = connect(target.targetPort, target.targetHost);
    track(client);
    track(upstream);
    // A failure on either side ends both: the client sees a reset, as it would from the task itself.
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.resetAndDestroy());
    client.pipe(upstream).pipe(client);
  });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, target)));
    server.listen({ host: target.listenHost, port: target.listenPort, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : target.listenPort;
      resolve({ port, close });
    });
  });
}

function listenError(error: NodeJS.ErrnoException, target: TcpProxyTarget): BerthError {
  const where = `${target.listenHost}:${target.listenPort}`;
  const reason =
    error.code === 'EADDRINUSE'
      ? `host port ${where} is already in use`
      : error.code === 'EACCES'
        ? `host port ${where} needs privileges berth does not have`
        : `cannot listen on host port ${where} (${error.code ?? error.message})`;
  return new BerthError(
    'BERTH_NETWORK_FAILED',
    `${reason} (${target.describe}): ${target.advice ?? 'choose another hostPort, or 0 for a free one'}`,
    { cause: error },
  );
}
