import { toWireError } from '../../errors.js';
import { serializeJsonError } from '../../protocol/aws-json/serialize.js';
import { serializeQueryError } from '../../protocol/aws-query/serialize.js';
import type { Exchange, GatewayOptions } from '../exchange.js';

/**
 * Renders whatever stopped the chain in the protocol known so far. Anything that is not a ServiceError or a
 * FrameworkError is a bug: the client gets InternalFailure with AWS's text, the original goes to onInternalError.
 */
export function serializeError(exchange: Exchange, error: unknown, options: GatewayOptions): void {
  const wire = toWireError(error, exchange.protocol);
  if (wire.fault === 'server' && wire.framework) options.onInternalError?.(error, exchange.requestId);
  const meta = { requestId: exchange.requestId, date: options.clock() };
  const service = exchange.service;
  exchange.response =
    exchange.protocol === 'aws-json'
      ? serializeJsonError(
          wire,
          meta,
          service?.protocol === 'aws-json' ? service.errorMessageMember : 'message',
        )
      : serializeQueryError(wire, exchange.xmlNamespace, meta);
}
