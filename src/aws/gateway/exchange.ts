import type { SigV4Verifier, VerifiedRequest } from '../auth/sigv4-verifier.js';
import type { RequestContext } from '../context.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import type { RoutingRequest } from '../protocol/routing-request.js';
import type { ServerProtocol } from '../protocol/server-protocol.js';
import type {
  OperationSpec,
  ServiceBehaviour,
  ServiceDefinition,
  ServiceRegistry,
} from '../service-registry.js';
import type { Authorizer } from './authorizer.js';

/** What the gateway is built from; the composition root supplies every port. */
export interface GatewayOptions {
  readonly registry: ServiceRegistry;
  readonly verifier: SigV4Verifier;
  readonly authorizer: Authorizer;
  readonly clock: () => Date;
  readonly newRequestId: () => string;
  /** Regions the endpoint answers for (any region the client signs with, when it says so; ref aws-iam-and-protocols §3.4). */
  readonly acceptRegion: (region: string) => boolean;
  /** Told about every InternalFailure, with the original error, for the log (the client sees AWS's text only). */
  readonly onInternalError?: (error: unknown, requestId: string) => void;
}

/**
 * One request on its way through the chain. Each step reads what earlier steps left and adds its own part; the
 * fields are optional because a failure can stop the chain anywhere, and the error step renders what is known.
 */
export interface Exchange {
  readonly request: HttpRequest;
  readonly requestId: string;
  readonly receivedAt: Date;
  /** What routing reads of the request (target, Query form, credential scope), each parsed once. */
  readonly routing: RoutingRequest;
  /** How the request is parsed and answered: known as soon as the service or at least its protocol is. */
  protocol: ServerProtocol;
  service?: ServiceDefinition;
  /** The service's operations and error translation, loaded on its first request. */
  behaviour?: ServiceBehaviour;
  /** When no service is routed: the one whose shape errors take (the credential scope's, for its namespace). */
  shapeAs?: ServiceDefinition;
  /** The operation as the client named it (X-Amz-Target suffix or Action), not yet known to exist. */
  operationName?: string;
  verified?: VerifiedRequest;
  operation?: OperationSpec;
  input?: Record<string, unknown>;
  context?: RequestContext;
  output?: unknown;
  response?: HttpResponse;
}

/** One step of the request path (gateway/chain.ts lists them in order). */
export type Step = (exchange: Exchange, options: GatewayOptions) => Promise<void> | void;
