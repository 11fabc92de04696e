// An in-process test harness made reachable over real loopback HTTP: its SDK request handler (the one the harness's
// clients use in-process) behind the node-http adapter, for code under test that makes its own HTTP requests — the
// agent's Secrets Manager client.
import { type RunningHttpServer, startHttpServer } from '../adapters/node-http/index.js';
import type { HttpRequest } from '../aws/index.js';

/** The shape of the harness clients' `config.requestHandler`. */
export interface SdkHandler {
  handle(request: object): Promise<{
    response: { statusCode: number; headers: Record<string, string>; body: Uint8Array };
  }>;
}

export function serveSdkHandler(handler: SdkHandler): Promise<RunningHttpServer> {
  return startHttpServer({
    port: 0,
    maxBodyBytes: 1 << 20,
    routes: [
      {
        prefix: '/',
        handler: async (request: HttpRequest) => {
          const { response } = await handler.handle({
            method: request.method,
            path: request.path,
            query: Object.fromEntries(new URLSearchParams(request.query)),
            headers: Object.fromEntries(request.headers),
            body: request.body,
          });
          return {
            status: response.statusCode,
            headers: Object.entries(response.headers),
            body: Buffer.from(response.body),
          };
        },
      },
    ],
  });
}
