/**
 * The registry server's own minimal HTTP exchange types. They are structurally the same as the wire layer's
 * HttpRequest/HttpResponse (src/aws/http.ts), so a handler built here mounts on the node-http adapter directly,
 * without registry/server importing aws/.
 */
export type ServerHeaders = ReadonlyArray<readonly [name: string, value: string]>;

export interface ServerRequest {
  readonly method: string;
  /** Still percent-encoded, without the query. */
  readonly path: string;
  readonly query: string;
  readonly headers: ServerHeaders;
  readonly body: Buffer;
  readonly remoteAddress: string;
}

export interface ServerResponse {
  readonly status: number;
  readonly headers: Array<[name: string, value: string]>;
  readonly body: Buffer;
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
  body: Buffer = Buffer.alloc(0),
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
