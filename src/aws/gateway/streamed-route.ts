import type { HttpRequest, HttpResponse } from '../http.js';
import { restXmlProtocol } from '../protocol/rest-xml/rest-xml-protocol.js';
import { RoutingRequest } from '../protocol/routing-request.js';
import type { ServiceRegistry } from '../service-registry.js';
import { createGateway } from './chain.js';
import type { GatewayOptions } from './exchange.js';
import { type FramingRefusal, framingRefusal } from './gateway-route.js';

type RequestHead = Omit<HttpRequest, 'body'>;

/** A request whose body is still arriving, as the HTTP adapter hands it to a streamed route. */
export interface StreamingRequest extends RequestHead {
  readonly body: AsyncIterable<Buffer>;
}

/** A response whose body may stream (the adapter's StreamableResponse). */
export interface StreamingResponse extends Omit<HttpResponse, 'body'> {
  readonly body: Buffer | AsyncIterable<Uint8Array>;
}

export interface StreamedGatewayLimits {
  /** The largest body read into memory (everything but object data): the AWS endpoint's own cap. */
  readonly maxBufferedBytes: number;
  /** The largest body accepted at all: a single S3 PUT (streamed to disk by the service). */
  readonly maxBodyBytes: number;
}

/**
 * The AWS endpoint for requests signed for S3: their bodies may be gigabytes, so the route streams. Object data
 * (PutObject, UploadPart) reaches the service as a stream it writes to disk; every other S3 body (bucket XML, a
 * policy) is read into memory up to the AWS cap, so its operations parse it as any AWS input. A GetObject answer
 * streams back the same way.
 */
export function streamedGatewayRoute(options: GatewayOptions, limits: StreamedGatewayLimits) {
  const gateway = createGateway(options);
  const refuse = framingRefusal(options);
  return {
    prefix: '/',
    streamBody: true as const,
    maxBodyBytes: limits.maxBodyBytes,
    claims: signedForStreamingService(options.registry),
    refuse,
    handler: async (request: StreamingRequest): Promise<StreamingResponse> => {
      const { body, ...head } = request;
      const routing = new RoutingRequest({ ...head, body: noBody });
      let response: HttpResponse;
      if (restXmlProtocol.streamsBody(routing)) {
        response = await gateway({ ...head, body: noBody, bodyStream: body });
      } else {
        const buffered = await readAll(body, limits.maxBufferedBytes);
        if (buffered === undefined) return refuse(head, 'body-too-large' satisfies FramingRefusal);
        response = await gateway({ ...head, body: buffered });
      }
      const { bodyStream, ...rest } = response;
      return bodyStream ? { ...rest, body: bodyStream } : response;
    },
  };
}

const noBody = Buffer.alloc(0);

/** Whether a request is signed for a service whose protocol streams bodies (S3's REST-XML). */
export function signedForStreamingService(registry: ServiceRegistry): (head: RequestHead) => boolean {
  return (head) =>
    new RoutingRequest({ ...head, body: noBody }).scopedService(registry)?.protocol === 'rest-xml';
}

/** The whole body, or undefined past `limit` (the rest is left unread: the connection closes after the answer). */
async function readAll(body: AsyncIterable<Buffer>, limit: number): Promise<Buffer | undefined> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) return undefined;
    parts.push(chunk);
  }
  return Buffer.concat(parts, size);
}
