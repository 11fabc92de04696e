import type { VerifiedRequest } from '../auth/sigv4-verifier.js';
import type { FrameworkError, Protocol, WireError } from '../errors.js';
import type { HttpResponse } from '../http.js';
import type {
  OperationSpec,
  OperationTable,
  ServiceDefinition,
  ServiceRegistry,
} from '../service-registry.js';
import type { ResponseMeta } from './response-headers.js';
import type { RoutingRequest } from './routing-request.js';

/**
 * How a protocol routes a request that speaks it: to a registered service (with the operation as the client named
 * it, when the protocol names it before authentication), or to a failure rendered in this protocol, shaped as
 * `shapeAs` when a service is known by its credential scope only (an unknown Query Version keeps the namespace).
 */
export type Detection =
  | { readonly service: ServiceDefinition; readonly operationName?: string }
  | { readonly failure: FrameworkError; readonly shapeAs?: ServiceDefinition };

export interface ParsedRequest {
  readonly operation: OperationSpec;
  readonly input: Record<string, unknown>;
  /** The operation's name, when only parsing tells it (REST: method, path and query). */
  readonly name?: string;
}

/**
 * One wire protocol, as smithy-typescript's layer-2 server protocols are: how a request is recognised and routed,
 * how its operation and input are read, and how outputs and errors are written. The gateway's steps call the
 * exchange's protocol and never branch on a protocol's name; the protocol's framework-error names are its column
 * of `frameworkErrors` (errors.ts), chosen by `name`.
 *
 * `detect` is asked in the order of `serverProtocols`; undefined means "not mine". A protocol routed by path or host
 * (REST-XML for S3) plugs in the same way: its `detect` recognises the request from `request.request` (the path
 * `/bucket/key`, or the Host `bucket.s3.…`) together with the credential scope (`request.signingName === 's3'`),
 * and returns the service with the operation left to `parse`, which reads it from method, path and query.
 */
export interface ServerProtocol<S extends ServiceDefinition = ServiceDefinition> {
  readonly name: Protocol;
  /** The Content-Type of requests in this protocol: a clue to the protocol when nothing else tells it. */
  readonly mediaType: string;
  detect(request: RoutingRequest, registry: ServiceRegistry): Detection | undefined;
  /** After authentication: the operation among the service's (a FrameworkError when it has none) and its input. */
  parse(
    request: RoutingRequest,
    service: S,
    operations: OperationTable,
    operationName: string | undefined,
    /** The signature's findings: S3 checks the body against the payload it declared. */
    verified?: VerifiedRequest,
  ): ParsedRequest;
  serialize(output: unknown, operationName: string, service: S, meta: ResponseMeta): HttpResponse;
  /** `service` is the routed service, or the one the failure is shaped as; undefined when none is known. */
  serializeError(error: WireError, service: S | undefined, meta: ResponseMeta): HttpResponse;
}

/** The operation named by the client, if the service has it (own members only: `constructor` is no operation). */
export function findOperation(operations: OperationTable, name: string): OperationSpec | undefined {
  return Object.hasOwn(operations, name) ? operations[name] : undefined;
}
