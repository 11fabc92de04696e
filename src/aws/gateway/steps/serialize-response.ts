import { serializeJsonResponse } from '../../protocol/aws-json/serialize.js';
import { serializeQueryResponse } from '../../protocol/aws-query/serialize.js';
import type { Step } from '../exchange.js';

/** Writes the handler's output in the service's protocol (reference §4.1–4.2). */
export const serializeResponse: Step = (exchange, { clock }) => {
  const service = exchange.service!;
  const meta = { requestId: exchange.requestId, date: clock() };
  exchange.response =
    service.protocol === 'aws-json'
      ? serializeJsonResponse(exchange.output, meta)
      : serializeQueryResponse(exchange.context!.operation, exchange.output, service.xmlNamespace, meta);
};
