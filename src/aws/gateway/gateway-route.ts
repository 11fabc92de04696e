import type { WireError } from '../errors.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import { RoutingRequest } from '../protocol/routing-request.js';
import { fallbackProtocol, serverProtocols } from '../protocol/server-protocols.js';
import type { ServiceRegistry } from '../service-registry.js';
import { createGateway } from './chain.js';
import type { Exchange, GatewayOptions } from './exchange.js';
import { detectService } from './steps/detect-service.js';

type RequestHead = Omit<HttpRequest, 'body'>;

/** Requests refused at the HTTP level, before the chain runs (the node:http adapter names them). */
export type FramingRefusal = 'body-too-large' | 'headers-too-large' | 'malformed-request';

/**
 * AWS's front-end errors for requests refused at the HTTP level, the same code in every protocol: the names and
 * statuses of AWS's "Common Errors" pages (RequestEntityTooLargeException 413, MalformedHttpRequestException 400,
 * e.g. docs.aws.amazon.com/mgn/latest/APIReference/CommonErrors.html); Lambda's front end was observed answering
 * `RequestEntityTooLargeException … status code: 413` (aws/aws-sdk-go#3080). The texts are those pages'
 * descriptions; the Query and EC2 spellings are not documented and keep the JSON name [inf].
 */
const framingErrors: Readonly<Record<FramingRefusal, WireError>> = {
  'body-too-large': framingError(
    'RequestEntityTooLargeException',
    413,
    'Problems with the request at the HTTP level. The request entity is too large.',
  ),
  'headers-too-large': framingError(
    'MalformedHttpRequestException',
    400,
    'Problems with the request at the HTTP level. The request headers are too large.',
  ),
  'malformed-request': framingError(
    'MalformedHttpRequestException',
    400,
    'Problems with the request at the HTTP level. The request is malformed.',
  ),
};

/**
 * The AWS endpoint as a mount of the HTTP adapter: the gateway itself, the requests it claims whatever their path
 * (signed with SigV4 for a service it serves: a path-style S3 bucket named `v2`, `token` or `console` is the
 * gateway's), and its answers to requests refused at the HTTP level.
 */
export function gatewayRoute(options: GatewayOptions) {
  return {
    handler: createGateway(options),
    claims: signedForServedService(options.registry),
    refuse: framingRefusal(options),
  };
}

const noBody = Buffer.alloc(0);

/**
 * Whether a request's SigV4 credential scope (header or presigned query) names a registered service — other than
 * S3, whose requests the streamed route claims (streamed-route.ts).
 */
export function signedForServedService(registry: ServiceRegistry): (head: RequestHead) => boolean {
  return (head) => {
    const service = new RoutingRequest({ ...head, body: noBody }).scopedService(registry);
    return service !== undefined && service.protocol !== 'rest-xml';
  };
}

/**
 * Answers a refused request in the protocol its head tells (X-Amz-Target, Action/Version in the URL, the SigV4
 * scope, else its Content-Type), as that protocol's error with AWS's front-end code; with nothing to tell, as the
 * minimal AWS JSON error `{"__type": …, "message": …}`. The body is never read: it is what was refused.
 */
export function framingRefusal(
  options: GatewayOptions,
): (head: RequestHead | undefined, refusal: FramingRefusal) => HttpResponse {
  return (head, refusal) => {
    const request = { method: '', path: '/', query: '', headers: [], remoteAddress: '', tls: false, ...head };
    const routing = new RoutingRequest({ ...request, body: noBody });
    const exchange: Exchange = {
      request: routing.request,
      requestId: options.newRequestId(),
      receivedAt: options.clock(),
      routing,
      protocol: fallbackProtocol,
    };
    try {
      detectService(exchange, options);
    } catch {
      // Unroutable: what detection learnt (the protocol that claimed the request) still shapes the answer.
    }
    if (!exchange.service && routing.target === undefined && exchange.protocol === fallbackProtocol) {
      const contentType = routing.contentType.toLowerCase();
      exchange.protocol =
        serverProtocols.find((p) => contentType.startsWith(p.mediaType)) ?? fallbackProtocol;
    }
    const meta = { requestId: exchange.requestId, date: options.clock() };
    return exchange.protocol.serializeError(
      framingErrors[refusal],
      exchange.service ?? exchange.shapeAs,
      meta,
    );
  };
}

function framingError(code: string, status: number, message: string): WireError {
  return { code, status, fault: 'client', message, framework: true };
}
