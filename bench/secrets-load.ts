// The load side of bench/secrets.ts, in its own process so that client and server each have a core. A real SDK
// client would spend more CPU than the server it measures, so this one signs with AWS's own SigV4 signer
// (@smithy/signature-v4) once per 100 ms window and sends the signed request over CONCURRENCY keep-alive
// connections in closed loops for DURATION_MS. SigV4 allows a signed request to be replayed within the clock-skew
// window, and berth still verifies every signature, authorizes and decrypts on every request.
//
// The connections are plain sockets writing the request bytes prepared once per window and reading responses
// by Content-Length (both servers measured always send it): an HTTP client library (undici) took about 150 µs of
// CPU per request here, as much as the server under test, on a machine with two cores for both. Prints latencies
// as JSON; any status but 200, or a body without a SecretString, is a failure.
import { connect, type Socket } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { ClientSha256 } from '../src/testing/sigv4-signing.js';
import { envNumber } from './bench-kit.js';

const { ENDPOINT, REGION, SECRET_ID, AKID, SECRET, TOKEN } = process.env as Record<string, string>;
const concurrency = envNumber('CONCURRENCY', 8);
const durationMs = envNumber('DURATION_MS', 5000);
const url = new URL(ENDPOINT!);
const body = JSON.stringify({ SecretId: SECRET_ID });
const signer = new SignatureV4({
  service: 'secretsmanager',
  region: REGION!,
  sha256: ClientSha256,
  credentials: { accessKeyId: AKID!, secretAccessKey: SECRET!, sessionToken: TOKEN },
});

let signed: { bytes: Buffer; at: number } | undefined;
/** The whole request (head and body) as signed for the current 100 ms window. */
async function requestBytes(): Promise<Buffer> {
  const now = performance.now();
  if (signed && now - signed.at < 100) return signed.bytes;
  const request = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: {
      host: url.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'secretsmanager.GetSecretValue',
    },
    body,
  });
  let head = 'POST / HTTP/1.1\r\n';
  for (const [name, value] of Object.entries(request.headers as Record<string, string>))
    head += `${name}: ${value}\r\n`;
  head += `content-length: ${Buffer.byteLength(body)}\r\n\r\n`;
  signed = { bytes: Buffer.from(head + body), at: now };
  return signed.bytes;
}

interface Response {
  readonly status: number;
  readonly body: string;
}

/** One keep-alive connection with one request in flight at a time. */
class Connection {
  readonly #socket: Socket;
  #pending: Buffer = Buffer.alloc(0);
  #waiting: { resolve(response: Response): void; reject(error: Error): void } | undefined;

  constructor() {
    this.#socket = connect(Number(url.port), url.hostname);
    this.#socket.setNoDelay(true);
    this.#socket.on('data', (chunk: Buffer) => this.#read(chunk));
    this.#socket.on('error', (error) => this.#fail(error));
    this.#socket.on('close', () => this.#fail(new Error('the server closed the connection')));
  }

  send(bytes: Buffer): Promise<Response> {
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.#socket.write(bytes);
    });
  }

  close(): void {
    this.#waiting = undefined;
    this.#socket.destroy();
  }

  #read(chunk: Buffer): void {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const headEnd = this.#pending.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = this.#pending.toString('latin1', 0, headEnd);
    const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head)?.[1];
    if (length === undefined) {
      this.#fail(new Error(`a response without Content-Length: ${head}`));
      return;
    }
    const end = headEnd + 4 + Number(length);
    if (this.#pending.length < end) return;
    const response = {
      status: Number(head.slice(9, 12)),
      body: this.#pending.toString('utf8', headEnd + 4, end),
    };
    this.#pending = this.#pending.subarray(end);
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.resolve(response);
  }

  #fail(error: Error): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.reject(error);
  }
}

const connections = Array.from({ length: concurrency }, () => new Connection());
async function once(connection: Connection): Promise<void> {
  const response = await connection.send(await requestBytes());
  if (response.status !== 200 || !response.body.includes('"SecretString"'))
    throw new Error(`${response.status} ${response.body}`);
}

for (let i = 0; i < 200; i++) await once(connections[i % concurrency]!); // warm-up: connections, caches, JIT

const latencies: number[] = [];
let failures = 0;
let firstFailure: string | undefined;
const end = performance.now() + durationMs;
const started = performance.now();
await Promise.all(
  connections.map(async (connection) => {
    while (performance.now() < end) {
      const t = performance.now();
      try {
        await once(connection);
        latencies.push(performance.now() - t);
      } catch (error) {
        failures++;
        firstFailure ??= String(error);
        return; // a failed connection is not reused
      }
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
for (const connection of connections) connection.close();
console.log(JSON.stringify({ requests: latencies.length, failures, firstFailure, seconds, latencies }));
