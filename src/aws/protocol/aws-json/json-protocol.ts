import { FrameworkError } from '../../errors.js';
import type { JsonServiceDefinition } from '../../service-registry.js';
import { findOperation, type ServerProtocol } from '../server-protocol.js';
import { parseJsonBody, parseJsonTarget } from './parse.js';
import { jsonContentType, serializeJsonError, serializeJsonResponse } from './serialize.js';

/**
 * AWS JSON 1.1 (ref aws-iam-and-protocols §4.1): routed by `X-Amz-Target: <prefix>.<Operation>`. A target naming no
 * registered prefix is UnknownOperationException, without a message, before authentication.
 */
export const awsJsonProtocol: ServerProtocol<JsonServiceDefinition> = {
  name: 'aws-json',
  mediaType: jsonContentType,
  detect(request, registry) {
    const target = request.target;
    if (target === undefined) return undefined;
    const parsed = parseJsonTarget(target);
    const service = parsed && registry.byTargetPrefix(parsed.prefix);
    if (!parsed || !service) return { failure: new FrameworkError('unknownOperation', '') };
    return { service, operationName: parsed.operation };
  },
  parse(request, _service, operations, operationName) {
    const operation = operationName === undefined ? undefined : findOperation(operations, operationName);
    if (!operation) throw new FrameworkError('unknownOperation', '');
    return { operation, input: parseJsonBody(request.request.body) };
  },
  serialize: (output, _operationName, _service, meta) => serializeJsonResponse(output, meta),
  // Before a service is known, the message member is the front end's `message`.
  serializeError: (error, service, meta) =>
    serializeJsonError(error, meta, service?.errorMessageMember ?? 'message'),
};
