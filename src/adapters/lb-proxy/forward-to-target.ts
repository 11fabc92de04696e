/**
 * One request forwarded to a target, streamed both ways over kept-alive connections (ref ecs-services-elb-logs
 * §4.7): the ALB's request headers added (X-Forwarded-For appended or created, X-Forwarded-Proto, X-Forwarded-Port,
 * X-Amzn-Trace-Id with a Root, or with `Self=` when the client sent one); a target that refuses, resets or sends
 * garbage is 502; one that does not connect within the connect timeout (10 s on AWS) or goes quiet for the idle
 * timeout is 504.
 */
import { randomFillSync } from 'node:crypto';
import {
  Agent,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
  type ServerResponse,
} from 'node:http';
import { answerError } from './lb-answers.js';

export interface ForwardTimeouts {
  readonly connectMs: number;
  readonly idleMs: number;
}

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

export function forwardToTarget(
  agent: Agent,
  timeouts: ForwardTimeouts,
  incoming: IncomingMessage,
  response: ServerResponse,
  target: { host: string; port: number; listenerPort: number; client: string },
): void {
  let timedOut = false;
  const outgoing = request({
    agent,
    host: target.host,
    port: target.port,
    method: incoming.method,
    path: incoming.url,
    headers: forwardedHeaders(incoming, target),
  });
  // The connect timeout only for a new connection: a kept-alive one is connected already (no timer per request).
  let connect: NodeJS.Timeout | undefined;
  outgoing.on('socket', (socket) => {
    if (!socket.connecting) return;
    connect = setTimeout(() => {
      timedOut = true;
      outgoing.destroy();
    }, timeouts.connectMs);
    socket.once('connect', () => clearTimeout(connect));
  });
  outgoing.setTimeout(timeouts.idleMs, () => {
    timedOut = true;
    outgoing.destroy();
  });
  outgoing.on('response', (answer) => {
    clearTimeout(connect);
    response.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopByHop(answer.headers));
    answer.pipe(response);
    answer.on('error', () => response.destroy());
  });
  outgoing.on('error', () => {
    clearTimeout(connect);
    answerError(response, timedOut ? 504 : 502);
  });
  response.on('close', () => {
    if (!response.writableFinished) outgoing.destroy();
  });
  incoming.pipe(outgoing);
}

export function keepAliveAgent(): Agent {
  return new Agent({ keepAlive: true, maxFreeSockets: 64 });
}

function forwardedHeaders(
  incoming: IncomingMessage,
  { listenerPort, client }: { listenerPort: number; client: string },
): OutgoingHttpHeaders {
  const headers = withoutHopByHop(incoming.headers);
  const before = incoming.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = before ? `${before}, ${client}` : client;
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-port'] = String(listenerPort);
  headers['x-amzn-trace-id'] = traceId(incoming.headers['x-amzn-trace-id']);
  return headers;
}

/** `Root=1-<8 hex epoch seconds>-<24 hex>`; a client's Root is kept and `Self=` added (ALBUG request tracing). */
function traceId(given: string | string[] | undefined): string {
  const id = `1-${Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0')}-${randomHex12()}`;
  const text = Array.isArray(given) ? given[0] : given;
  return text?.includes('Root=') ? `Self=${id};${text}` : `Root=${id}`;
}

// Trace ids need uniqueness, not secrecy: random bytes are drawn 4 KiB at a time rather than one syscall per request.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function randomHex12(): string {
  if (poolAt + 12 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += 12;
  return pool.toString('hex', poolAt - 12, poolAt);
}

function withoutHopByHop(headers: IncomingMessage['headers']): OutgoingHttpHeaders {
  const kept: OutgoingHttpHeaders = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && !hopByHop.has(name)) kept[name] = value;
  }
  return kept;
}
