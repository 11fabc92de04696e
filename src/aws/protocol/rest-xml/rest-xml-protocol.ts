import type { VerifiedRequest } from '../../auth/sigv4-verifier.js';
import { FrameworkError, type WireError } from '../../errors.js';
import { firstHeader, type HttpResponse } from '../../http.js';
import { parseQueryString } from '../../query-string.js';
import type { RestXmlServiceDefinition } from '../../service-registry.js';
import { type ResponseMeta, responseHeaders } from '../response-headers.js';
import type { RoutingRequest } from '../routing-request.js';
import { findOperation, type ServerProtocol } from '../server-protocol.js';
import { RequestPayload } from './payload.js';
import type { RestOutput } from './rest-output.js';
import { RestRequest, restRequestMember } from './rest-request.js';
import { s3Address } from './s3-address.js';
import { s3Operation, streamedOperations } from './s3-routes.js';
import { xmlDocument } from './xml-writer.js';

const xmlContentType = 'application/xml';

/**
 * S3's REST-XML (`aws.protocols#restXml`): the service is the one the credential scope names (`s3`), the operation
 * is told by method, path and query (s3-routes.ts), the input stays a RestRequest the handler reads, and answers are
 * a status, headers and an XML document or object bytes; errors are `<Error><Code/><Message/>…<RequestId/></Error>`
 * with S3's statuses (S3 API reference, "Error responses").
 */
export const restXmlProtocol: ServerProtocol<RestXmlServiceDefinition> & {
  readonly streamsBody: (request: RoutingRequest) => boolean;
} = {
  name: 'rest-xml',
  mediaType: xmlContentType,
  detect(request, registry) {
    const service = request.scopedService(registry);
    return service?.protocol === 'rest-xml' ? { service } : undefined;
  },
  parse(request, _service, operations, _operationName, verified?: VerifiedRequest) {
    const http = request.request;
    const query = parseQueryString(http.query);
    const address = s3Address(http);
    const name = operationOf(request);
    const operation = name === undefined ? undefined : findOperation(operations, name);
    if (!operation) throw new FrameworkError('unknownOperation');
    const decoded = firstHeader(http.headers, 'x-amz-decoded-content-length');
    const payload = new RequestPayload(
      http.bodyStream ?? bodyOf(http.body),
      verified?.payload?.declared ?? { kind: 'unsigned' },
      verified?.payload?.chunks,
      decoded === undefined ? undefined : Number(decoded),
    );
    const rest = new RestRequest({ ...address, method: http.method, query, headers: http.headers, payload });
    return { operation, name, input: { [restRequestMember]: rest } };
  },
  serialize(output, _operationName, _service, meta) {
    const rest = (output ?? {}) as RestOutput;
    const headers = s3Headers(meta);
    for (const [name, value] of rest.headers ?? []) headers.push([name, value]);
    const status = rest.status ?? 200;
    if (rest.stream) return { status, headers, body: Buffer.alloc(0), bodyStream: rest.stream };
    if (rest.xml) {
      headers.push(['Content-Type', xmlContentType]);
      const text = xmlDocument(rest.xml.root, rest.xml.value, s3Namespace);
      return { status, headers, body: Buffer.from(text, 'utf8') };
    }
    return { status, headers, body: rest.body ?? Buffer.alloc(0) };
  },
  serializeError(error, _service, meta) {
    return s3Error(error, meta);
  },
  streamsBody(request) {
    const name = operationOf(request);
    return name !== undefined && streamedOperations.has(name);
  },
};

export const s3Namespace = 'http://s3.amazonaws.com/doc/2006-03-01/';

function operationOf(request: RoutingRequest): string | undefined {
  const http = request.request;
  let names: Set<string>;
  try {
    names = new Set(parseQueryString(http.query).map(([name]) => name));
  } catch {
    return undefined;
  }
  return s3Operation({
    method: http.method,
    address: s3Address(http),
    has: (name) => names.has(name),
    header: (name) => firstHeader(http.headers, name),
  });
}

async function* bodyOf(body: Buffer): AsyncGenerator<Buffer> {
  if (body.length > 0) yield body;
}

/** S3's error body (ErrorResponses.html); the request id also as `x-amz-request-id`, as S3 sends it. */
function s3Error(error: WireError, meta: ResponseMeta): HttpResponse {
  const value: Record<string, string> = { Code: error.code, Message: error.message, ...error.details };
  value['RequestId'] = meta.requestId;
  const headers = s3Headers(meta);
  headers.push(['Content-Type', xmlContentType]);
  return { status: error.status, headers, body: Buffer.from(xmlDocument('Error', value), 'utf8') };
}

function s3Headers(meta: ResponseMeta): Array<[string, string]> {
  const headers = responseHeaders('', meta).filter(([name]) => name !== 'Content-Type');
  headers.push(['x-amz-request-id', meta.requestId], ['x-amz-id-2', meta.requestId]);
  return headers;
}
