import type { Step } from '../exchange.js';

/** Runs the operation's handler; what it throws (ServiceError, FrameworkError or a bug) goes to serializeError. */
export const dispatch: Step = async (exchange) => {
  exchange.output = await exchange.operation!.handler(exchange.context!, exchange.input!);
};
