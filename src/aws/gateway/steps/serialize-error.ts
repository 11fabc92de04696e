import { toWireError } from '../../errors.js';
import type { Exchange, GatewayOptions } from '../exchange.js';

/**
 * Renders whatever stopped the chain in the protocol known so far. Anything that is not a ServiceError or a
 * FrameworkError is a bug: the client gets InternalFailure with AWS's text, the original goes to onInternalError.
 */
export function serializeError(exchange: Exchange, error: unknown, options: GatewayOptions): void {
  const wire = toWireError(error, exchange.protocol.name);
  if (wire.fault === 'server' && wire.framework) options.onInternalError?.(error, exchange.requestId);
  const meta = { requestId: exchange.requestId, date: options.clock() };
  exchange.response = exchange.protocol.serializeError(wire, exchange.service ?? exchange.shapeAs, meta);
}
