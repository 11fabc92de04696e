import { queryDialect } from '../query-family.js';
import { serializeQueryError, serializeQueryResponse } from './serialize.js';

/** AWS Query (ref aws-iam-and-protocols §4.2): `Action`/`Version` in the URL or a form body, XML answers. */
export const awsQueryProtocol = queryDialect(
  'aws-query',
  (output, operationName, service, meta) =>
    serializeQueryResponse(operationName, output, service.xmlNamespace, meta),
  // The namespace is unknown only when no Query service could be routed to (an unknown Version, no scope).
  (error, service, meta) => serializeQueryError(error, service?.xmlNamespace, meta),
);
