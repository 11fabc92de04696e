// The console (src/console) on its own port of 127.0.0.1. Its own port makes it its own origin: what berth's main
// port serves — registry blobs and manifests whose bytes and media types pushers choose, AWS API answers — can never
// run as a script of the console's origin and read its pages or post its forms. The port listens at start (a listener
// costs nothing); the console's code, and the SDK clients it reads with, load on its first request.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { privateFile } from '../../adapters/state-dir/index.js';
import type { ConsoleServer } from '../../console/index.js';
import { once } from '../../engines/concurrency/index.js';
import { BerthError } from '../../errors/index.js';
import { badInput } from '../cli-error.js';
import type { Part } from './part.js';

interface ConsolePartOptions {
  /** `--console-port`: 0 (default) takes a free port. */
  readonly consolePort: number;
}

/** The console's files in a state dir: its token (0600, kept across restarts) and where it listens (while it runs). */
export function consoleFiles(stateDir: string): { readonly token: string; readonly address: string } {
  return { token: join(stateDir, 'console-token'), address: join(stateDir, 'console.json') };
}

/** The console's token, made on the first start of a state dir. */
export function consoleToken(path: string): string {
  privateFile.createIfAbsent(path, randomBytes(32).toString('base64url'));
  const token = privateFile.read(path, 'BERTH_STATE_INVALID')?.toString('utf8').trim();
  if (!token) throw new BerthError('BERTH_STATE_INVALID', `${path} is empty`);
  return token;
}

export function consolePart(): Part<ConsolePartOptions> {
  return {
    name: 'console',
    options: {
      consolePort: {
        flags: '--console-port <port>',
        description: 'the console’s port on 127.0.0.1 (default: a free one, printed at start)',
        parse: (raw) => {
          const port = Number(raw);
          if (!/^\d{1,5}$/.test(raw) || port > 65535) throw badInput(`--console-port ${raw} is not a port`);
          return port;
        },
      },
    },
    build({ deps }, options) {
      const files = consoleFiles(deps.stateDir.path);
      let server: Server | undefined;
      let url = '';
      // The token and address files are written once the endpoint answers (each write is fsynced): not before
      // berth's first answer. A console request arriving earlier waits for them.
      let filesWritten: () => void = () => undefined;
      const token = new Promise<string>((resolve, reject) => {
        filesWritten = () => {
          try {
            const value = consoleToken(files.token);
            privateFile.replace(files.address, `${JSON.stringify({ pid: process.pid, url })}\n`);
            resolve(value);
            deps.log.info('console listening (open it with: berth console)', { endpoint: url });
          } catch (error) {
            // berth serves on without its console; each console request answers 500 and the log says why.
            deps.log.error('the console could not write its token', error);
            reject(error);
          }
        };
      });
      token.catch(() => undefined);
      let consoleServer: ConsoleServer | undefined;
      const load = once(async () => {
        const [{ createConsoleServer }, { consolePorts }] = await Promise.all([
          import('../../console/index.js'),
          import('./console-ports.js'),
        ]);
        consoleServer = createConsoleServer(consolePorts(deps, await token), {
          onError: (error) => deps.log.error('console request failed', error),
        });
        return consoleServer;
      });
      const handle = (request: IncomingMessage, response: ServerResponse) => {
        load()
          .then((loaded) => loaded.handle(request, response))
          .catch((error: unknown) => {
            deps.log.error('console failed to load', error);
            if (!response.headersSent) response.writeHead(500);
            response.end();
          });
      };
      return {
        start: async () => {
          server = createServer(handle);
          await new Promise<void>((resolve, reject) => {
            server!.once('error', reject);
            server!.listen(options.consolePort ?? 0, '127.0.0.1', resolve);
          });
          url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/console/`;
        },
        // After berth's own listening line, which scripts read first, and after the first answer's turn.
        listening: () => setImmediate(filesWritten),
        stop: async () => {
          consoleServer?.close();
          server?.closeAllConnections();
          await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
          privateFile.remove(files.address);
        },
      };
    },
  };
}
