import { FrameworkError } from '../../errors.js';
import { protocolOf, serverProtocols } from '../../protocol/server-protocols.js';
import type { ServiceDefinition } from '../../service-registry.js';
import type { Exchange, Step } from '../exchange.js';

/**
 * Decides which registered service a request is for, before authentication, because the service fixes the
 * signing name and the clock-skew window to verify against (ref aws-iam-and-protocols §3.4: one port serves every
 * service). Each protocol is asked in turn whether the request speaks it (`X-Amz-Target` for AWS JSON,
 * `Action`/`Version` for the Query dialects); a request none claims is routed by the signing name in its credential
 * scope. Only an unroutable request fails here, in the protocol that claimed it; an unknown operation of a known
 * service is reported after authentication, as AWS does.
 */
export const detectService: Step = (exchange, { registry }) => {
  for (const protocol of serverProtocols) {
    const detected = protocol.detect(exchange.routing, registry);
    if (detected === undefined) continue;
    exchange.protocol = protocol;
    if ('failure' in detected) {
      exchange.shapeAs = detected.shapeAs;
      throw detected.failure;
    }
    route(exchange, detected.service, detected.operationName);
    return;
  }
  const scoped = exchange.routing.scopedService(registry);
  if (!scoped) throw new FrameworkError('unknownOperation', '');
  route(exchange, scoped, undefined);
};

function route(exchange: Exchange, service: ServiceDefinition, operationName: string | undefined): void {
  exchange.service = service;
  exchange.protocol = protocolOf(service);
  exchange.operationName = operationName;
}
