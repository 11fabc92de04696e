/**
 * berth's own minimal HTTP exchange types for the AWS wire layer, so that nothing in src/aws depends on an HTTP
 * server. The node:http adapter fills an HttpRequest from `req.rawHeaders` and the raw body bytes, and writes an
 * HttpResponse back.
 */

/**
 * Header (name, value) pairs exactly as they arrived, repeats kept in arrival order (Node's `rawHeaders`). SigV4
 * needs them this way: repeated headers are joined with `,` (not Node's `, `), in order
 * (reference/aws-iam-and-protocols.md §3.2).
 */
export type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

export interface HttpRequest {
  readonly method: string;
  /** The path as it appeared on the request line, still percent-encoded, without the query. */
  readonly path: string;
  /** The raw query string after `?` (still percent-encoded), or '' when there is none. */
  readonly query: string;
  readonly headers: HeaderList;
  /** The raw body bytes; the payload hash is computed from these, never from a header. */
  readonly body: Buffer;
  /**
   * A body too large to hold (an S3 object), still arriving: `body` is then empty, and the protocol hands this on
   * to be read once, checked against the signed payload hash as it streams (aws/protocol/rest-xml/payload.ts).
   */
  readonly bodyStream?: AsyncIterable<Buffer>;
  /** The peer address, for `aws:SourceIp`. */
  readonly remoteAddress: string;
  /** Whether the request arrived over TLS, for `aws:SecureTransport`. */
  readonly tls: boolean;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Array<[name: string, value: string]>;
  readonly body: Buffer;
  /** A body sent as it is read (an S3 object), with `body` empty; its length is in the headers. */
  readonly bodyStream?: AsyncIterable<Uint8Array>;
}

/** All values of one header (case-insensitive name), in arrival order. */
export function headerValues(headers: HeaderList, name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of headers) if (sameName(key, wanted)) values.push(value);
  return values;
}

/** The first value of one header (case-insensitive name), or undefined when absent. */
export function firstHeader(headers: HeaderList, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of headers) if (sameName(key, wanted)) return value;
  return undefined;
}

/** Whether a header name is `lower` in any case; the length test spares lower-casing most names (every request). */
function sameName(name: string, lower: string): boolean {
  return name.length === lower.length && (name === lower || name.toLowerCase() === lower);
}

/** Builds an HttpRequest with defaults for the fields a caller does not care about (tests, internal calls). */
export function httpRequest(parts: Partial<HttpRequest> & Pick<HttpRequest, 'headers'>): HttpRequest {
  return {
    method: parts.method ?? 'POST',
    path: parts.path ?? '/',
    query: parts.query ?? '',
    headers: parts.headers,
    body: parts.body ?? Buffer.alloc(0),
    remoteAddress: parts.remoteAddress ?? '127.0.0.1',
    tls: parts.tls ?? false,
  };
}
