// The console as one request handler for its own HTTP server (console-part.ts listens): built on the first request,
// so that nothing of the console, nor the SDK clients it reads with, loads in a `berth up` nobody opens it on.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConsoleApp } from './console-app.js';
import type { ConsoleDeps } from './console-deps.js';
import { ConsoleGuard } from './guard.js';
import { sendHtml } from './http-kit.js';
import { LiveFeed } from './live-feed.js';
import { route } from './routes.js';
import { messagePage } from './views/message-view.js';
import { overviewMain } from './views/overview-view.js';

export interface ConsoleServer {
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
  close(): void;
}

export interface ConsoleServerOptions {
  /** The live feed's polling period (default 200 ms). */
  readonly pollMs?: number;
  /** Told of a request the console failed to answer (a bug, or berth stopping). */
  readonly onError?: (error: unknown) => void;
}

export function createConsoleServer(deps: ConsoleDeps, options: ConsoleServerOptions = {}): ConsoleServer {
  const guard = new ConsoleGuard(deps.token);
  let app: ConsoleApp | undefined;
  let feed: LiveFeed | undefined;
  const routes = {
    guard,
    app: () => (app ??= new ConsoleApp(deps)),
    feed: () => (feed ??= new LiveFeed(() => routes.app().ecs.overview(), overviewMain, options.pollMs)),
  };
  return {
    async handle(request, response) {
      // Only the names a browser on this machine uses: a page on another site that rebinds its name to 127.0.0.1
      // reaches the port under its own name and is refused.
      if (!/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(request.headers.host ?? '')) {
        response.writeHead(421, { 'content-type': 'text/plain' });
        response.end('misdirected request\n');
        return;
      }
      try {
        await route(routes, request, response);
      } catch (error) {
        // AWS's answer to a read (ClusterNotFoundException for a cluster in the URL that is not there): shown as is.
        if ((error as { $fault?: string }).$fault === 'client' && !response.headersSent) {
          const { name, message } = error as Error;
          return sendHtml(response, 404, messagePage('Not found', `${name}: ${message}`));
        }
        options.onError?.(error);
        if (!response.headersSent) {
          sendHtml(
            response,
            500,
            messagePage(
              'The console failed',
              `${(error as Error).name}: the request could not be answered; berth’s log has the details.`,
            ),
          );
        } else response.end();
      }
    },
    close() {
      feed?.stop();
      app?.close();
    },
  };
}
