/**
 * The HTTP side of ECS's task endpoint (agent/task-endpoint decides every answer): a node:http server on one host
 * address, handing each request's peer address, method and path to `answer` and writing its JSON back. Nothing of
 * a request or an answer is logged: answers carry credentials.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { EndpointAnswer, EndpointRequest } from '../../agent/task-endpoint/index.js';
import { BerthError } from '../../errors/index.js';

export interface TaskEndpointServer {
  readonly port: number;
  /** Stops listening and drops open connections; idempotent. */
  close(): Promise<void>;
}

export function startTaskEndpointServer(
  host: string,
  answer: (request: EndpointRequest) => Promise<EndpointAnswer>,
): Promise<TaskEndpointServer> {
  const server = createServer((request, response) => {
    void respond(request, response, answer);
  });
  // A task's SDK keeps connections open; closing berth must not wait for them.
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new BerthError(
          'BERTH_NETWORK_FAILED',
          `cannot listen on ${host} for the task endpoint (169.254.170.2): ${error.code ?? error.message}`,
          { cause: error },
        ),
      ),
    );
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      resolve({ port: typeof address === 'object' && address ? address.port : 0, close });
    });
  });
}

async function respond(
  request: IncomingMessage,
  response: ServerResponse,
  answer: (request: EndpointRequest) => Promise<EndpointAnswer>,
): Promise<void> {
  let result: EndpointAnswer;
  try {
    result = await answer({
      // The peer as the kernel saw it: tasks reach this server without a proxy in between.
      remoteAddress: request.socket.remoteAddress ?? '',
      method: request.method ?? 'GET',
      path: new URL(request.url ?? '/', 'http://169.254.170.2').pathname,
    });
  } catch {
    result = { status: 500, body: { code: 'InternalServerError', message: 'the task endpoint failed' } };
  }
  const body = JSON.stringify(result.body);
  response.writeHead(result.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}
