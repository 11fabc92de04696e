import { FrameworkError, type Protocol } from '../errors.js';
import type { OperationTable, QueryServiceDefinition, ServiceRegistry } from '../service-registry.js';
import { formContentType } from './aws-query/parse.js';
import type { RoutingRequest } from './routing-request.js';
import { type Detection, findOperation, type ParsedRequest, type ServerProtocol } from './server-protocol.js';

type QueryDialect = ServerProtocol<QueryServiceDefinition>;

/** A protocol of the `Action` form family: routing and input are shared, the dialect writes its own answers. */
export function queryDialect(
  name: Protocol,
  serialize: QueryDialect['serialize'],
  serializeError: QueryDialect['serializeError'],
): QueryDialect {
  return {
    name,
    mediaType: formContentType,
    detect: (request, registry) => detectQueryForm(name, request, registry),
    parse: (request, service, operations) => parseFormRequest(request, service, operations),
    serialize,
    serializeError,
  };
}

/** The dialect that answers an `Action` request no service owns (an unknown Version and no Query scope). */
const defaultDialect: Protocol = 'aws-query';

/**
 * Routing shared by the protocols whose input is an `Action`/`Version` form (AWS Query and EC2's dialect): the
 * service is the one registered for the Version, else the one the credential scope names; each dialect claims the
 * requests of its own services, and AWS Query those of nobody. A known dialect with an unknown Action or Version is
 * InvalidAction with the text of the observed services, shaped as the scope's service when it speaks the dialect.
 */
function detectQueryForm(
  dialect: Protocol,
  request: RoutingRequest,
  registry: ServiceRegistry,
): Detection | undefined {
  const form = request.form;
  if (form?.action === undefined) return undefined;
  const scoped = request.scopedService(registry);
  const scopedQuery = scoped && 'version' in scoped ? scoped : undefined;
  const service = form.version !== undefined ? registry.byQueryVersion(form.version) : scopedQuery;
  const owner = service ?? scopedQuery;
  if ((owner?.protocol ?? defaultDialect) !== dialect) return undefined;
  if (service) return { service, operationName: form.action };
  const failure = new FrameworkError('unknownOperation', couldNotFind(form.action, form.version));
  return scopedQuery ? { failure, shapeAs: scopedQuery } : { failure };
}

/** The operation and input of a form request; without a Version it was routed by scope, with one it must match. */
function parseFormRequest(
  request: RoutingRequest,
  service: QueryServiceDefinition,
  operations: OperationTable,
): ParsedRequest {
  if (request.formError !== undefined) throw request.formError;
  const form = request.form;
  if (form?.action === undefined) throw new FrameworkError('missingAction');
  const spec =
    form.version === undefined || form.version === service.version
      ? findOperation(operations, form.action)
      : undefined;
  if (!spec) throw new FrameworkError('unknownOperation', couldNotFind(form.action, form.version));
  return { operation: spec, input: form.input };
}

/** InvalidAction's text on Query services (observed on SES/STS: "Could not find operation X for version V"). */
export function couldNotFind(action: string, version: string | undefined): string {
  return `Could not find operation ${action} for version ${version ?? ''}`.trimEnd();
}
