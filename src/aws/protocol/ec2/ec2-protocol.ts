import { queryDialect } from '../query-family.js';
import { serializeEc2Error, serializeEc2Response } from './serialize.js';

/**
 * EC2's Query dialect (`aws.protocols#ec2Query`): the same `Action`/`Version` form input as AWS Query (lists as
 * `Name.N`, which the form parser reads as flattened lists), answers without the `<OpResult>` wrapper, and its own
 * error body and framework-error names (the `ec2` column of `frameworkErrors`). A service speaks it by declaring
 * `protocol: 'ec2'` with its Version (2016-11-15) and namespace (`http://ec2.amazonaws.com/doc/2016-11-15/`).
 */
export const ec2Protocol = queryDialect(
  'ec2',
  (output, operationName, service, meta) =>
    serializeEc2Response(operationName, output, service.xmlNamespace, meta),
  (error, _service, meta) => serializeEc2Error(error, meta),
);
