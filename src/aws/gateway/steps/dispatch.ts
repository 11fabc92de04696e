import { translateServiceError } from '../../service-registry.js';
import type { Step } from '../exchange.js';

/**
 * Runs the operation's handler; what it throws (ServiceError, FrameworkError or a bug) goes to serializeError, an
 * engine's BerthError first through the service's own translation (ServiceBehaviour.translateError).
 */
export const dispatch: Step = async (exchange) => {
  try {
    exchange.output = await exchange.operation!.handler(exchange.context!, exchange.input!);
  } catch (error) {
    throw translateServiceError(exchange.behaviour, error);
  }
};
