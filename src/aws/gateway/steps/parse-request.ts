import { FrameworkError } from '../../errors.js';
import { firstHeader } from '../../http.js';
import { parseJsonBody } from '../../protocol/aws-json/parse.js';
import type { OperationSpec, OperationTable, ServiceDefinition } from '../../service-registry.js';
import type { Exchange, Step } from '../exchange.js';
import { couldNotFind } from './detect-service.js';

/**
 * Resolves the operation and reads its input with the service's protocol, then builds the RequestContext the
 * handler will see. Unknown operations are UnknownOperationException (JSON, no message) or InvalidAction (Query).
 */
export const parseRequest: Step = async (exchange, { registry }) => {
  const service = exchange.service!;
  if (service.protocol === 'aws-json') {
    const name = exchange.operationName;
    if (name === undefined) throw new FrameworkError('unknownOperation', '');
    const operations = await registry.operations(service);
    exchange.operation = lookup(operations, name) ?? throwError(new FrameworkError('unknownOperation', ''));
    exchange.input = parseJsonBody(exchange.request.body);
  } else {
    if (exchange.formError !== undefined) throw exchange.formError;
    const form = exchange.form;
    if (form?.action === undefined) throw new FrameworkError('missingAction');
    // Without a Version the request was routed by its credential scope; with one, it must be the service's.
    const spec =
      form.version === undefined || form.version === service.version
        ? lookup(await registry.operations(service), form.action)
        : undefined;
    exchange.operation =
      spec ?? throwError(new FrameworkError('unknownOperation', couldNotFind(form.action, form.version)));
    exchange.input = form.input;
  }
  buildContext(exchange, service);
};

function lookup(operations: OperationTable, name: string): OperationSpec | undefined {
  return Object.hasOwn(operations, name) ? operations[name] : undefined;
}

function buildContext(exchange: Exchange, service: ServiceDefinition): void {
  const verified = exchange.verified!;
  exchange.context = {
    requestId: exchange.requestId,
    service: service.name,
    operation: exchange.operationName!,
    region: verified.region,
    accountId: verified.caller.principal.accountId,
    caller: verified.caller,
    sourceIp: exchange.request.remoteAddress,
    userAgent: firstHeader(exchange.request.headers, 'user-agent'),
    receivedAt: exchange.receivedAt,
    tls: exchange.request.tls,
  };
}

function throwError(error: Error): never {
  throw error;
}
