import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { HeaderList, HttpRequest } from '../../aws/index.js';

/** Why a request body could not be read: too large (413), or the client went away or sent a broken body. */
export type BodyFailure = 'too-large' | 'aborted';

export type ReadResult = { ok: true; request: HttpRequest } | { ok: false; failure: BodyFailure };

/**
 * Turns a node:http request into the wire layer's HttpRequest: headers from `rawHeaders` in arrival order with
 * repeats kept (SigV4 joins repeated headers in that order), the path and query exactly as sent (still
 * percent-encoded), and the raw body bytes. At most `maxBodyBytes` are ever buffered: a declared Content-Length
 * above the cap fails before a byte is read, and a chunked body fails as soon as it crosses it.
 */
export async function readRequest(
  req: IncomingMessage,
  maxBodyBytes: number,
  head: Omit<HttpRequest, 'body'> = requestHead(req),
): Promise<ReadResult> {
  if (declaredLength(req) > maxBodyBytes) return { ok: false, failure: 'too-large' };
  const body = await readBody(req, maxBodyBytes);
  if (typeof body === 'string') return { ok: false, failure: body };
  return { ok: true, request: { ...head, body } };
}

/** Everything of an HttpRequest but the body: what a streamed route's handler gets beside the body stream. */
export function requestHead(req: IncomingMessage): Omit<HttpRequest, 'body'> {
  const { path, query } = splitTarget(req.url ?? '/');
  return {
    method: req.method ?? 'GET',
    path,
    query,
    headers: headerList(req.rawHeaders),
    remoteAddress: plainAddress(req.socket.remoteAddress),
    // Set on the TLS listener's sockets (node:https): aws:SecureTransport.
    tls: (req.socket as TLSSocket).encrypted === true,
  };
}

/** The Content-Length the client declared, 0 when there is none (Node rejects malformed ones itself). */
export function declaredLength(req: IncomingMessage): number {
  const header = req.headers['content-length'];
  return header === undefined ? 0 : Number(header);
}

function readBody(req: IncomingMessage, maxBodyBytes: number): Promise<Buffer | BodyFailure> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        // Stop buffering; what is left of the body is discarded by node:http as the connection closes.
        cleanup();
        chunks.length = 0;
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onAborted = () => {
      cleanup();
      resolve('aborted');
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('close', onAborted);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    // A client that goes away mid-body: 'error' (ECONNRESET) or at least 'close' before 'end'.
    req.on('error', onAborted);
    req.on('close', onAborted);
  });
}

/** Splits the request-target into path and raw query; an absolute-form target keeps only its path and query. */
function splitTarget(target: string): { path: string; query: string } {
  let rest = target;
  if (!rest.startsWith('/') && rest !== '*') {
    const match = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*(.*)$/.exec(rest);
    rest = match ? match[1] || '/' : rest;
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const mark = rest.indexOf('?');
  return mark < 0 ? { path: rest, query: '' } : { path: rest.slice(0, mark), query: rest.slice(mark + 1) };
}

function headerList(raw: readonly string[]): HeaderList {
  const headers: Array<readonly [string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i]!, raw[i + 1]!]);
  return headers;
}

/** `::ffff:127.0.0.1` → `127.0.0.1`: IPv4 peers on a dual-stack socket, as `aws:SourceIp` expects them. */
function plainAddress(address: string | undefined): string {
  if (!address) return '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
