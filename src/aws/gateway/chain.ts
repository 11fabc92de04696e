import type { HttpRequest, HttpResponse } from '../http.js';
import { RoutingRequest } from '../protocol/routing-request.js';
import { fallbackProtocol } from '../protocol/server-protocols.js';
import type { Exchange, GatewayOptions, Step } from './exchange.js';
import { authenticate } from './steps/authenticate.js';
import { authorizeRequest } from './steps/authorize-request.js';
import { detectService } from './steps/detect-service.js';
import { dispatch } from './steps/dispatch.js';
import { parseRequest } from './steps/parse-request.js';
import { serializeError } from './steps/serialize-error.js';
import { serializeResponse } from './steps/serialize-response.js';

/**
 * THE request path of the AWS endpoint, in order (codebase-anchors §6.2.3). Each step is one file in steps/.
 * A step that throws ends the path; serializeError then renders the failure in the service's protocol.
 */
export const chain: readonly Step[] = [
  detectService,
  authenticate,
  parseRequest,
  authorizeRequest,
  dispatch,
  serializeResponse,
];

/** The endpoint as a function from our HttpRequest to our HttpResponse; the node:http adapter wraps it. */
export function createGateway(options: GatewayOptions): (request: HttpRequest) => Promise<HttpResponse> {
  return async (request) => {
    const exchange: Exchange = {
      request,
      requestId: options.newRequestId(),
      receivedAt: options.clock(),
      routing: new RoutingRequest(request),
      protocol: fallbackProtocol,
    };
    try {
      for (const step of chain) {
        // Most steps are synchronous: awaiting only the promises spares a trip through the microtask queue each.
        const pending = step(exchange, options);
        if (pending) await pending;
      }
    } catch (error) {
      serializeError(exchange, error, options);
    }
    return exchange.response!;
  };
}
