import type { Step } from '../exchange.js';

/** Writes the handler's output in the service's protocol (ref aws-iam-and-protocols §4.1–4.2). */
export const serializeResponse: Step = (exchange, { clock }) => {
  const meta = { requestId: exchange.requestId, date: clock() };
  exchange.response = exchange.protocol.serialize(
    exchange.output,
    exchange.context!.operation,
    exchange.service!,
    meta,
  );
};
