/**
 * The registry server's own minimal HTTP exchange types. They are structurally the same as the wire layer's
 * HttpRequest/HttpResponse (src/aws/http.ts), so a handler built here mounts on the node-http adapter directly,
 * without registry/server importing aws/.
 */
export type ServerHeaders = ReadonlyArray<readonly [name: string, value: string]>;

/** A body that streams: chunks in order, iterated once. */
export type BodyStream = AsyncIterable<Uint8Array>;

export interface ServerRequest {
  readonly method: string;
  /** Still percent-encoded, without the query. */
  readonly path: string;
  readonly query: string;
  readonly headers: ServerHeaders;
  /** The body in memory (a manifest, a token form); empty for a blob upload whose body is in `bodyStream`. */
  readonly body: Buffer;
  /** A blob upload's body as it arrives, never held whole; absent when the body came buffered. */
  readonly bodyStream?: BodyStream;
  readonly remoteAddress: string;
}

/**
 * What the HTTP adapter hands the registry: the body buffered, or (the `/v2` mount streams bodies) as a stream,
 * which the server passes on to blob uploads and reads into memory, bounded, for everything else.
 */
export interface IncomingRequest extends Omit<ServerRequest, 'body' | 'bodyStream'> {
  readonly body: Buffer | BodyStream;
}

/** A buffered body, or a stream of chunks (a blob GET) sent with the Content-Length of the headers. */
export type ResponseBody = Buffer | BodyStream;

export interface ServerResponse {
  readonly status: number;
  readonly headers: Array<[name: string, value: string]>;
  readonly body: ResponseBody;
}

export function header(headers: ServerHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of headers) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export function queryParams(query: string): URLSearchParams {
  return new URLSearchParams(query);
}

export const apiVersionHeader: [string, string] = ['Docker-Distribution-API-Version', 'registry/2.0'];

export function respond(
  status: number,
  headers: Array<[string, string]> = [],
  body: ResponseBody = Buffer.alloc(0),
): ServerResponse {
  return { status, headers: [apiVersionHeader, ...headers], body };
}

export function jsonResponse(
  status: number,
  value: unknown,
  headers: Array<[string, string]> = [],
): ServerResponse {
  return respond(
    status,
    [['Content-Type', 'application/json'], ...headers],
    Buffer.from(JSON.stringify(value)),
  );
}
