import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { HttpRequest, HttpResponse } from '../../aws/index.js';

/** A request as far as its head: what routing and refusals read before (or instead of) the body. */
export type RequestHead = Omit<HttpRequest, 'body'>;

/**
 * Why a request is refused at the HTTP level, before any handler sees it: its body is over the route's cap, its
 * header section is over node:http's 16 KiB, or node:http's parser rejected it (a NUL or CR in a header, a broken
 * Content-Length …).
 */
export type Refusal = 'body-too-large' | 'headers-too-large' | 'malformed-request';

/** Parser errors raised before a request line was read: the bytes are not HTTP, so they get a bare 400. */
const notHttp = new Set([
  'HPE_INVALID_METHOD',
  'HPE_INVALID_CONSTANT',
  'HPE_INVALID_URL',
  'HPE_INVALID_VERSION',
]);

/** What to do about a connection node:http's parser gave up on (its `clientError` event). */
export type ClientErrorAnswer =
  | { readonly kind: 'drop' }
  | { readonly kind: 'bare'; readonly status: number }
  | { readonly kind: 'refuse'; readonly head: RequestHead | undefined; readonly refusal: Refusal };

export function classifyClientError(
  error: NodeJS.ErrnoException & { rawPacket?: Buffer },
): ClientErrorAnswer {
  const code = error.code ?? '';
  // A timeout keeps node:http's own answer; a reset connection has no one left to answer.
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { kind: 'bare', status: 408 };
  if (!code.startsWith('HPE_')) return { kind: 'drop' };
  if (notHttp.has(code)) return { kind: 'bare', status: 400 };
  const refusal = code === 'HPE_HEADER_OVERFLOW' ? 'headers-too-large' : 'malformed-request';
  return { kind: 'refuse', head: error.rawPacket && lenientHead(error.rawPacket), refusal };
}

/**
 * The request line and header lines of a packet the parser rejected, read leniently (lines that are not
 * `name: value` are skipped) so that the answer can be shaped for the service the request was meant for. Only the
 * packet node:http was parsing is known: when the request line came in an earlier packet, the head is unknown.
 */
export function lenientHead(packet: Buffer): RequestHead | undefined {
  const text = packet.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const lines = (end < 0 ? text : text.slice(0, end)).split('\r\n');
  // Origin form only (`/path?query`): the one form the endpoint serves; a target like `?x` has no path.
  const requestLine = /^([A-Z]{1,20}) (\/\S*) HTTP\/1\.[01]$/.exec(lines[0] ?? '');
  if (!requestLine) return undefined;
  const target = requestLine[2]!;
  const mark = target.indexOf('?');
  const headers: Array<readonly [string, string]> = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return {
    method: requestLine[1]!,
    path: mark < 0 ? target : target.slice(0, mark),
    query: mark < 0 ? '' : target.slice(mark + 1),
    headers,
    remoteAddress: '',
    tls: false,
  };
}

/** Writes a whole answer on a socket node:http no longer drives, and closes the connection after it. */
export function writeRawResponse(socket: Socket, response: HttpResponse): void {
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`];
  for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${response.body.length}`, 'Connection: close', '', '');
  socket.end(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), response.body]));
}
