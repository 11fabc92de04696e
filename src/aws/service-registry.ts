import { BerthError, type BerthErrorCode, isBerthError } from '../errors/index.js';
import type { RequestContext } from './context.js';
import type { ServiceError } from './errors.js';
import type { MessageMember } from './protocol/aws-json/serialize.js';

/** One operation's behaviour: input as parsed from the wire, output as plain values (Date, Uint8Array, Map …). */
export type OperationHandler = (ctx: RequestContext, input: Record<string, unknown>) => Promise<unknown>;

/**
 * How the gateway authorizes an operation before calling its handler:
 * - a function giving the resource ARN (or `*`) from the input: the gateway asks the authorizer for
 *   `<actionPrefix>:<Operation>` on it;
 * - `'handler'`: the resource is known only after loading state (a secret named by partial ARN, a KMS key from a
 *   ciphertext), so the handler calls its own authorizer port;
 * - `'none'`: the operation cannot be denied (sts:GetCallerIdentity, ref aws-iam-and-protocols §4.6).
 * There is no default, so that forgetting authorization is a type error rather than an open door.
 */
export type OperationAuthorization =
  | ((ctx: RequestContext, input: Record<string, unknown>) => string)
  | 'handler'
  | 'none';

export interface OperationSpec {
  readonly handler: OperationHandler;
  readonly authorize: OperationAuthorization;
}

/** A service's operations by name. */
export type OperationTable = Readonly<Record<string, OperationSpec>>;

interface ServiceBase {
  /** The service's name in berth (`secretsmanager`, `kms`, `sts` …). */
  readonly name: string;
  /** The SigV4 signing name the credential scope must carry (ref aws-iam-and-protocols §4.1, §3.4). */
  readonly signingName: string;
  /** The IAM action prefix (`secretsmanager` → `secretsmanager:GetSecretValue`); defaults to the signing name. */
  readonly actionPrefix?: string;
  /** The clock-skew window in minutes; 15 unless the service is stricter (Secrets Manager: 5; ref aws-iam-and-protocols §3.3.6). */
  readonly clockSkewMinutes?: number;
}

/**
 * How a service is found on the wire, without its behaviour: what the gateway needs to route and authenticate a
 * request. Registered at start; the operations load on the first request that reaches the service (LocalStack's lazy
 * providers), so that `berth up` answers its first request without importing a service it has not been asked for.
 */
interface ServiceLoader {
  /** The behaviour; called once, on the service's first request (the registry keeps the answer). */
  readonly load: () => Promise<ServiceBehaviour>;
}

/** What a service does, once loaded: its operations, and how it names a shared engine's errors. */
export interface ServiceBehaviour {
  readonly operations: OperationTable;
  /**
   * The service's AWS error for an internal error of a shared engine (a malformed policy is IAM's
   * MalformedPolicyDocument but KMS's MalformedPolicyDocumentException); undefined leaves it an InternalFailure.
   * The gateway applies it to whatever an operation throws, so no handler converts engine errors by hand.
   */
  readonly translateError?: (error: BerthError) => ServiceError | undefined;
}

export interface JsonServiceRouting extends ServiceBase {
  readonly protocol: 'aws-json';
  /** The X-Amz-Target prefix: `secretsmanager`, `TrentService`, `AmazonEC2ContainerServiceV20141113`. */
  readonly targetPrefix: string;
  /** The message member casing of modelled errors: `Message` for Secrets Manager, `message` for KMS/ECS/ECR. */
  readonly errorMessageMember: MessageMember;
}

/** A service whose input is an `Action`/`Version` form: AWS Query (IAM, STS) or its EC2 dialect (`ec2`). */
export interface QueryServiceRouting extends ServiceBase {
  readonly protocol: 'aws-query' | 'ec2';
  /** The API version clients send as `Version=` (IAM 2010-05-08, STS 2011-06-15, EC2 2016-11-15). */
  readonly version: string;
  /** The XML namespace of responses, e.g. `https://sts.amazonaws.com/doc/2011-06-15/`. */
  readonly xmlNamespace: string;
}

/** A service routed by its credential scope alone, operations told by method, path and query (S3's REST-XML). */
export interface RestXmlServiceRouting extends ServiceBase {
  readonly protocol: 'rest-xml';
  /** The XML namespace of response bodies: `http://s3.amazonaws.com/doc/2006-03-01/`. */
  readonly xmlNamespace: string;
}

export type ServiceRouting = JsonServiceRouting | QueryServiceRouting | RestXmlServiceRouting;
export type JsonServiceDefinition = JsonServiceRouting & ServiceLoader;
export type QueryServiceDefinition = QueryServiceRouting & ServiceLoader;
export type RestXmlServiceDefinition = RestXmlServiceRouting & ServiceLoader;
export type ServiceDefinition = JsonServiceDefinition | QueryServiceDefinition | RestXmlServiceDefinition;

/** A service definition whose behaviour is already built (a service's factory, tests). */
export function withOperations<R extends ServiceRouting>(
  routing: R,
  operations: OperationTable,
  translateError?: ServiceBehaviour['translateError'],
): R & ServiceLoader {
  const behaviour: ServiceBehaviour = translateError ? { operations, translateError } : { operations };
  return { ...routing, load: () => Promise.resolve(behaviour) };
}

/**
 * The services the gateway routes to. Services register themselves here from the composition root, so the wire
 * layer never imports a service (DESIGN.md layering).
 */
export class ServiceRegistry {
  readonly #byTarget = new Map<string, JsonServiceDefinition>();
  readonly #byVersion = new Map<string, QueryServiceDefinition>();
  readonly #bySigningName = new Map<string, ServiceDefinition>();
  readonly #behaviours = new Map<ServiceDefinition, Promise<ServiceBehaviour>>();

  register(service: ServiceDefinition): this {
    if (this.#bySigningName.has(service.signingName)) {
      throw alreadyRegistered(`signing name ${service.signingName}`);
    }
    // Indexed by the routing key the service declares (a target prefix or a Query version), not by protocol name:
    // a protocol routed another way (REST-XML by path or host) adds neither.
    if ('targetPrefix' in service) {
      if (this.#byTarget.has(service.targetPrefix)) {
        throw alreadyRegistered(`target prefix ${service.targetPrefix}`);
      }
      this.#byTarget.set(service.targetPrefix, service);
    } else if ('version' in service) {
      if (this.#byVersion.has(service.version)) {
        throw alreadyRegistered(`Query version ${service.version}`);
      }
      this.#byVersion.set(service.version, service);
    }
    this.#bySigningName.set(service.signingName, service);
    return this;
  }

  byTargetPrefix(prefix: string): JsonServiceDefinition | undefined {
    return this.#byTarget.get(prefix);
  }

  byQueryVersion(version: string): QueryServiceDefinition | undefined {
    return this.#byVersion.get(version);
  }

  bySigningName(name: string): ServiceDefinition | undefined {
    return this.#bySigningName.get(name);
  }

  /** A registered service's behaviour, loaded on the first call; a failed load is tried again on the next. */
  behaviour(service: ServiceDefinition): Promise<ServiceBehaviour> {
    let loading = this.#behaviours.get(service);
    if (!loading) {
      loading = service.load();
      this.#behaviours.set(service, loading);
      loading.catch(() => this.#behaviours.delete(service));
    }
    return loading;
  }
}

/** What an operation of `service` threw, as the service names it on the wire when it translates it. */
export function translateServiceError(service: ServiceBehaviour | undefined, error: unknown): unknown {
  if (!service?.translateError || !isBerthError(error)) return error;
  return service.translateError(error) ?? error;
}

/** A `translateError` from a table: engine error code → the service's error for the engine's message. */
export function translateCodes(
  table: Partial<Record<BerthErrorCode, (message: string) => ServiceError>>,
): (error: BerthError) => ServiceError | undefined {
  return (error) => (Object.hasOwn(table, error.code) ? table[error.code]?.(error.message) : undefined);
}

function alreadyRegistered(what: string): BerthError {
  return new BerthError('BERTH_SERVICE_ALREADY_REGISTERED', `a service with ${what} is already registered`);
}
