import type { VerifyExpectation } from '../../aws/auth/index.js';
import {
  firstHeader,
  type HttpRequest,
  type HttpResponse,
  type ServiceRegistry,
  SigV4Verifier,
  type SigV4VerifierOptions,
  type VerifiedRequest,
} from '../../aws/index.js';
import type { ExchangeRecord } from '../node-http/index.js';
import type { AccessLogEntry, Logger } from './logger.js';

/** What authentication learned about one request: the service it was routed to, and the verified caller. */
interface Seen {
  signingName: string;
  callerArn?: string;
}

/**
 * The access log of the AWS endpoint: one line per request with request id, service, operation, status, duration,
 * caller ARN and error code — and nothing else (no headers, query, body or credentials).
 *
 * The gateway is a function HttpRequest → HttpResponse and reports nothing else, so the line is assembled from what
 * is observable: request id and error code from the response headers (Query errors: the `<Code>` of the body), the
 * operation from `X-Amz-Target` or `Action`, and service and caller from the verifier, which this class wraps and
 * which is handed the very HttpRequest object the adapter passed in (a WeakMap ties the two together). The caller is
 * logged only once its signature verified — never a claimed identity.
 */
export class AwsAccessLog {
  readonly #registry: ServiceRegistry;
  readonly #logger: Logger;
  readonly #seen = new WeakMap<HttpRequest, Seen>();

  constructor(registry: ServiceRegistry, logger: Logger) {
    this.#registry = registry;
    this.#logger = logger;
  }

  /** A SigV4Verifier that also tells this log which service a request was routed to and who signed it. */
  verifier(options: SigV4VerifierOptions): SigV4Verifier {
    const seen = this.#seen;
    return new (class RecordingVerifier extends SigV4Verifier {
      override async verify(request: HttpRequest, expected: VerifyExpectation): Promise<VerifiedRequest> {
        const entry: Seen = { signingName: expected.service };
        seen.set(request, entry);
        const verified = await super.verify(request, expected);
        entry.callerArn = verified.caller.principal.arn;
        return verified;
      }
    })(options);
  }

  /** Writes the line for one answered request (the node-http adapter's onExchange). */
  record(exchange: ExchangeRecord): void {
    this.#logger.access(this.entry(exchange));
  }

  entry({ request, response, method, path, durationMs }: ExchangeRecord): AccessLogEntry {
    const seen = request && this.#seen.get(request);
    const named = request ? operationOf(request) : undefined;
    const service =
      (seen && this.#registry.bySigningName(seen.signingName)?.name) ??
      (named?.targetPrefix !== undefined
        ? this.#registry.byTargetPrefix(named.targetPrefix)?.name
        : undefined);
    return {
      requestId: firstResponseHeader(response, 'x-amzn-requestid'),
      service,
      operation: named?.operation,
      status: response.status,
      durationMs,
      callerArn: seen?.callerArn,
      errorCode: errorCodeOf(response),
      method,
      path,
    };
  }
}

const operationName = /^[A-Za-z0-9]{1,64}$/;

/** The operation as the client named it: the X-Amz-Target suffix, or the Query `Action` (URL or form body). */
function operationOf(request: HttpRequest): { operation?: string; targetPrefix?: string } | undefined {
  const target = firstHeader(request.headers, 'x-amz-target');
  if (target !== undefined) {
    const dot = target.lastIndexOf('.');
    const operation = target.slice(dot + 1);
    return {
      targetPrefix: dot > 0 ? target.slice(0, dot) : undefined,
      operation: operationName.test(operation) ? operation : undefined,
    };
  }
  const action = /(?:^|&)Action=([^&]*)/;
  let found = action.exec(request.query)?.[1];
  const contentType = firstHeader(request.headers, 'content-type') ?? '';
  if (found === undefined && /^application\/x-www-form-urlencoded\b/i.test(contentType)) {
    found = action.exec(request.body.toString('latin1'))?.[1];
  }
  return found !== undefined && operationName.test(found) ? { operation: found } : undefined;
}

function errorCodeOf(response: HttpResponse): string | undefined {
  if (response.status < 400) return undefined;
  const header = firstResponseHeader(response, 'x-amzn-errortype');
  if (header !== undefined) return header.split(':')[0];
  if (!/xml/i.test(firstResponseHeader(response, 'content-type') ?? '')) return undefined;
  return /<Code>([^<]{1,128})<\/Code>/.exec(response.body.toString('utf8'))?.[1];
}

function firstResponseHeader(response: HttpResponse, name: string): string | undefined {
  for (const [key, value] of response.headers) if (key.toLowerCase() === name) return value;
  return undefined;
}
