import { firstHeader } from '../../http.js';
import type { ServiceDefinition } from '../../service-registry.js';
import type { Exchange, Step } from '../exchange.js';

/**
 * Resolves the operation and reads its input with the service's protocol, then builds the RequestContext the
 * handler will see. Unknown operations are the protocol's UnknownOperationException / InvalidAction.
 */
export const parseRequest: Step = async (exchange, { registry }) => {
  const service = exchange.service!;
  // The service's behaviour loads on its first request (ServiceRegistry.behaviour).
  const behaviour = await registry.behaviour(service);
  exchange.behaviour = behaviour;
  const { operation, input, name } = exchange.protocol.parse(
    exchange.routing,
    service,
    behaviour.operations,
    exchange.operationName,
    exchange.verified,
  );
  if (name !== undefined) exchange.operationName = name;
  exchange.operation = operation;
  exchange.input = input;
  buildContext(exchange, service);
};

function buildContext(exchange: Exchange, service: ServiceDefinition): void {
  const verified = exchange.verified!;
  exchange.context = {
    requestId: exchange.requestId,
    service: service.name,
    operation: exchange.operationName!,
    region: verified.region,
    accountId: verified.caller.principal.accountId,
    caller: verified.caller,
    sourceIp: exchange.request.remoteAddress,
    userAgent: firstHeader(exchange.request.headers, 'user-agent'),
    receivedAt: exchange.receivedAt,
    tls: exchange.request.tls,
  };
}
