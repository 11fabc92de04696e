import { FrameworkError } from '../../errors.js';
import { firstHeader, type HttpRequest } from '../../http.js';
import { parseJsonTarget } from '../../protocol/aws-json/parse.js';
import { parseQueryForm } from '../../protocol/aws-query/parse.js';
import { parseQueryString } from '../../query-string.js';
import type { ServiceDefinition, ServiceRegistry } from '../../service-registry.js';
import type { Exchange, Step } from '../exchange.js';

/**
 * Decides which registered service a request is for, before authentication, because the service fixes the
 * signing name and the clock-skew window to verify against (reference §3.4: one port serves every service).
 * In order: `X-Amz-Target` (AWS JSON), then `Action`/`Version` (AWS Query, URL or form body), then the signing
 * name in the credential scope. Only an unroutable request fails here; an unknown operation of a known service
 * is reported after authentication, as AWS does.
 */
export const detectService: Step = (exchange, { registry }) => {
  const { request } = exchange;
  const target = firstHeader(request.headers, 'x-amz-target');
  if (target !== undefined) {
    const parsed = parseJsonTarget(target);
    const service = parsed && registry.byTargetPrefix(parsed.prefix);
    if (!parsed || !service) throw new FrameworkError('unknownOperation', '');
    exchange.operationName = parsed.operation;
    route(exchange, service);
    return;
  }

  const urlPairs = lenientPairs(request.query);
  readForm(exchange, urlPairs);
  const scoped = registry.bySigningName(scopeService(request, urlPairs) ?? '');
  const { form } = exchange;
  if (form?.action !== undefined) {
    exchange.protocol = 'aws-query';
    exchange.operationName = form.action;
    const service = queryService(registry, form.version, scoped);
    if (!service) {
      if (scoped?.protocol === 'aws-query') exchange.xmlNamespace = scoped.xmlNamespace;
      throw new FrameworkError('unknownOperation', couldNotFind(form.action, form.version));
    }
    route(exchange, service);
    return;
  }
  if (!scoped) throw new FrameworkError('unknownOperation', '');
  route(exchange, scoped);
};

/** InvalidAction's text on Query services (observed on SES/STS: "Could not find operation X for version V"). */
export function couldNotFind(action: string, version: string | undefined): string {
  return `Could not find operation ${action} for version ${version ?? ''}`.trimEnd();
}

function route(exchange: Exchange, service: ServiceDefinition): void {
  exchange.service = service;
  exchange.protocol = service.protocol;
  if (service.protocol === 'aws-query') exchange.xmlNamespace = service.xmlNamespace;
}

function queryService(
  registry: ServiceRegistry,
  version: string | undefined,
  scoped: ServiceDefinition | undefined,
): ServiceDefinition | undefined {
  if (version !== undefined) return registry.byQueryVersion(version);
  return scoped?.protocol === 'aws-query' ? scoped : undefined;
}

/**
 * The Query form: URL parameters plus, for a form-encoded body, the body's. A malformed form is remembered, not
 * thrown: routing falls back to the credential scope and the error is reported after authentication.
 */
function readForm(exchange: Exchange, urlPairs: Array<[string, string]>): void {
  const { request } = exchange;
  const contentType = firstHeader(request.headers, 'content-type') ?? '';
  try {
    const bodyPairs = /^application\/x-www-form-urlencoded\b/i.test(contentType)
      ? parseQueryString(request.body.toString('utf8'))
      : [];
    exchange.form = parseQueryForm([...urlPairs, ...bodyPairs]);
  } catch (error) {
    exchange.formError = error;
  }
}

function lenientPairs(query: string): Array<[string, string]> {
  try {
    return parseQueryString(query);
  } catch {
    // The verifier parses the query again and reports the malformed escape with the right protocol.
    return [];
  }
}

/** The service name in the credential scope, read leniently: the verifier reports any malformation later. */
function scopeService(request: HttpRequest, urlPairs: Array<[string, string]>): string | undefined {
  const authorization = firstHeader(request.headers, 'authorization');
  const credential =
    authorization === undefined
      ? urlPairs.find(([name]) => name === 'X-Amz-Credential')?.[1]
      : /Credential=([^,\s]*)/.exec(authorization)?.[1];
  return credential?.split('/')[3];
}
