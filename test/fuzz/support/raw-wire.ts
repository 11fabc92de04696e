// Signed AWS requests as raw bytes over a plain socket, so a fuzz case can send what no HTTP client would (a byte
// flipped after signing, a truncated body, a broken chunked encoding), and the answer read back as it came.
import { connect } from 'node:net';
import type { ServiceDefinition } from '../../../src/aws/index.js';
import { signOperation, type WireTarget } from '../../integ/support/aws-wire-client.js';

/** A request as its head lines and body, before it is joined into bytes. */
export interface RawRequest {
  readonly requestLine: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
}

export interface RawAnswer {
  /** 0 when the server closed the connection without an answer. */
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The signed request `callOperation` would send, as head and body (a Query form's text made well-formed). */
export async function signedRawRequest(
  target: WireTarget,
  service: ServiceDefinition,
  operation: string,
  input: Record<string, unknown>,
): Promise<RawRequest> {
  const signed = await signOperation(
    target,
    service,
    operation,
    service.protocol === 'aws-json' ? input : (wellFormed(input) as Record<string, unknown>),
  );
  const path = signed.query ? `${signed.path}?${signed.query}` : signed.path;
  return {
    requestLine: `${signed.method} ${path} HTTP/1.1`,
    headers: [...signed.headers, ['connection', 'close']],
    body: Buffer.from(signed.body),
  };
}

/**
 * A Query form is UTF-8 percent-encoded, which cannot carry a lone surrogate (JSON can, as `\ud800`): those become
 * U+FFFD, as a browser's form encoder makes them.
 */
function wellFormed(value: unknown): unknown {
  if (typeof value === 'string')
    return value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormed(k), wellFormed(v)]));
  return value;
}

export function rawBytes(request: RawRequest): Buffer {
  const head = [request.requestLine, ...request.headers.map(([name, value]) => `${name}: ${value}`)].join(
    '\r\n',
  );
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), request.body]);
}

/**
 * Writes `bytes`, half-closes, and reads until the server closes. Rejects when nothing ends within `timeoutMs` (a
 * hang is a finding). A reset after the answer started is an answer; a reset before it is status 0.
 */
export function sendRaw(endpoint: string, bytes: Buffer, timeoutMs = 10_000): Promise<RawAnswer> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer and no close within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      resolve(parseAnswer(Buffer.concat(chunks)));
    };
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', finish);
    socket.on('error', () => socket.destroy());
    socket.end(bytes);
  });
}

function parseAnswer(bytes: Buffer): RawAnswer {
  const text = bytes.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  const status = /^HTTP\/1\.1 (\d{3}) /.exec(text);
  if (!status || end < 0) return { status: 0, headers: {}, body: '' };
  const headers: Record<string, string> = {};
  for (const line of text.slice(0, end).split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = text.slice(end + 4);
  if (headers['transfer-encoding'] === 'chunked') body = unchunk(body);
  return { status: Number(status[1]), headers, body };
}

function unchunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const line = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.slice(0, line), 16);
    if (line < 0 || !(size > 0)) return out;
    out += rest.slice(line + 2, line + 2 + size);
    rest = rest.slice(line + 2 + size + 2);
  }
}
