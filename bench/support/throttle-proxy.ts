// A TCP proxy that limits the bytes coming back from the target to one shared rate, like a single network link
// between a host and a registry: for benchmarks of pulls that wait on the network rather than on the CPU.

import type { AddressInfo } from 'node:net';
import { connect, createServer, type Socket } from 'node:net';

export interface ThrottleProxy {
  /** `127.0.0.1:PORT`, to use instead of the target's host in references. */
  readonly host: string;
  stop(): Promise<void>;
}

/** Proxies `127.0.0.1:<new port>` to `target` (`HOST:PORT`), answers at most `megabytesPerSecond` (10⁶ B/s). */
export async function startThrottleProxy(target: string, megabytesPerSecond: number): Promise<ThrottleProxy> {
  const [targetHost, targetPort] = target.split(':') as [string, string];
  const bytesPerMs = (megabytesPerSecond * 1e6) / 1000;
  const sockets = new Set<Socket>();
  // When the link is free again: every chunk, whatever its connection, waits for those before it.
  let linkFreeAt = 0;
  const server = createServer((client) => {
    const upstream = connect(Number(targetPort), targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      upstream.pause();
      const now = performance.now();
      linkFreeAt = Math.max(now, linkFreeAt) + chunk.length / bytesPerMs;
      setTimeout(() => client.write(chunk, () => upstream.resume()), linkFreeAt - now);
    });
    upstream.on('end', () => {
      // After the last delayed write.
      setTimeout(() => client.end(), Math.max(0, linkFreeAt - performance.now()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
