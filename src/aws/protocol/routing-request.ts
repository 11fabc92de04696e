import { firstHeader, type HttpRequest } from '../http.js';
import { parseQueryString } from '../query-string.js';
import type { ServiceDefinition, ServiceRegistry } from '../service-registry.js';
import { isFormBody, parseQueryForm, type QueryRequest } from './aws-query/parse.js';

/**
 * What routing reads of a request, each read once and only when asked: the `X-Amz-Target` header, the Query form
 * (URL parameters plus a form-encoded body) and the service named in the SigV4 credential scope. Every protocol's
 * `detect` and the SigV4 route claim read through it, so a request is parsed for routing at most once. Nothing here
 * throws: a malformed form is kept as `formError` and reported after authentication, a malformed scope is reported
 * by the verifier.
 */
export class RoutingRequest {
  readonly request: HttpRequest;
  #urlPairs: Array<[string, string]> | undefined;
  #form: { value?: QueryRequest; error?: unknown } | undefined;

  constructor(request: HttpRequest) {
    this.request = request;
  }

  get target(): string | undefined {
    return firstHeader(this.request.headers, 'x-amz-target');
  }

  get contentType(): string {
    return firstHeader(this.request.headers, 'content-type') ?? '';
  }

  /** The Query form; undefined when it could not be parsed (see formError). */
  get form(): QueryRequest | undefined {
    return this.#readForm().value;
  }

  get formError(): unknown {
    return this.#readForm().error;
  }

  /** The service name in the credential scope (Authorization header, else presigned `X-Amz-Credential`). */
  get signingName(): string | undefined {
    const authorization = firstHeader(this.request.headers, 'authorization');
    if (authorization !== undefined) return /Credential=([^,\s]*)/.exec(authorization)?.[1]?.split('/')[3];
    if (this.request.query === '') return undefined;
    return this.#pairs()
      .find(([name]) => name === 'X-Amz-Credential')?.[1]
      .split('/')[3];
  }

  /** The registered service the credential scope names, if any. */
  scopedService(registry: ServiceRegistry): ServiceDefinition | undefined {
    const name = this.signingName;
    return name === undefined ? undefined : registry.bySigningName(name);
  }

  #pairs(): Array<[string, string]> {
    if (this.#urlPairs) return this.#urlPairs;
    try {
      this.#urlPairs = parseQueryString(this.request.query);
    } catch {
      // The verifier parses the query again and reports the malformed escape with the right protocol.
      this.#urlPairs = [];
    }
    return this.#urlPairs;
  }

  #readForm(): { value?: QueryRequest; error?: unknown } {
    if (this.#form) return this.#form;
    try {
      const bodyPairs = isFormBody(this.contentType)
        ? parseQueryString(this.request.body.toString('utf8'))
        : [];
      this.#form = { value: parseQueryForm([...this.#pairs(), ...bodyPairs]) };
    } catch (error) {
      this.#form = { error };
    }
    return this.#form;
  }
}
