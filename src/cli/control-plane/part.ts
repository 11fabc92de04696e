// The contract of a part of `berth up` (containerd's plugin registration with `Requires`/`InitContext` is the model):
// a part declares what it provides to other parts and what it requires of them as typed port keys, and the `berth up`
// options it reads; `buildParts` orders the parts by those declarations and builds each from the shared ports.
import type { Logger } from '../../adapters/logger/index.js';
import type { Route } from '../../adapters/node-http/index.js';
import type { StateDir } from '../../adapters/state-dir/index.js';
import type {
  Caller,
  CallerIdentity,
  CredentialLookup,
  ServiceDefinition,
  ServiceDeps,
  ServiceRouting,
} from '../../aws/index.js';

/** The ports every part is built from: the services' shared ports and, for parts that keep files or log, the state
 * dir, the log and the endpoint URL — nothing part-specific (a part's own settings are its options). */
export interface PartDeps extends ServiceDeps {
  readonly partition: 'aws';
  readonly stateDir: StateDir;
  readonly log: Logger;
  /** berth's own URL (`http://127.0.0.1:PORT`); throws until the server listens, which is after every start(). */
  readonly endpoint: () => string;
  /**
   * berth's HTTPS URL (`https://localhost:PORT`) and the state dir's CA that signs it, for a part that calls berth's
   * APIs as a client where `aws:SecureTransport` matters (CloudFormation reading the CDK's bucket); throws until the
   * server listens.
   */
  readonly secureEndpoint: () => { readonly url: string; readonly caPath: string };
}

/** A typed name for something one part offers the others; `T` is what `need` gives back. */
export interface PortKey<T> {
  readonly id: string;
  /** Never set: carries `T` for the type checker. */
  readonly type?: T;
}

export function portKey<T>(id: string): PortKey<T> {
  return { id };
}

/** What a part gives for one of its keys: loaded on the first `need`, and at most once. */
export interface Provided<T> {
  readonly key: PortKey<T>;
  readonly load: () => Promise<T>;
}

export function provide<T>(key: PortKey<T>, load: () => Promise<T>): Provided<T> {
  return { key, load };
}

export interface PartContext {
  readonly deps: PartDeps;
  /** What another part provides (declared in `requires`), loaded on first need. */
  need<T>(key: PortKey<T>): Promise<T>;
}

/**
 * One `berth up` option of a part: its commander flags (`--task-cidr <cidr>`; the camel-cased long name is the
 * option's key), its help line, and its parser, which refuses a bad value with `badInput` before anything starts.
 */
export interface PartOption<T> {
  readonly flags: string;
  readonly description: string;
  readonly parse: (raw: string) => T;
}

export type PartOptions<O> = { readonly [K in keyof O]-?: PartOption<Exclude<O[K], undefined>> };

/** A built part: what it adds to the endpoint and the lifecycle hooks `berth up` calls. */
export interface PartInstance {
  /** Routing stubs; each service's operations load on its first request. */
  readonly services?: readonly ServiceDefinition[];
  readonly provides?: readonly Provided<unknown>[];
  /** Access keys the part knows (IAM users' keys, STS sessions). */
  readonly credentials?: CredentialLookup;
  /** The identities of the callers whose keys it knows. */
  readonly identities?: (caller: Caller) => CallerIdentity | undefined | Promise<CallerIdentity | undefined>;
  /** What it mounts beside the gateway (the registry at `/v2/`). */
  readonly mounts?: readonly Route[];
  /** Prepares what must be ready before the first request; parts in dependency order. */
  readonly start?: () => Promise<void>;
  /** Once the endpoint listens: work that must not delay the first answer (a check whose result is only logged). */
  readonly listening?: () => void;
  /** Ends running work while the endpoint still answers (the agent stops its tasks); in reverse order. */
  readonly stop?: () => Promise<void>;
  /** Releases what the part holds (connections) once the server has closed; in reverse order. */
  readonly close?: () => void | Promise<void>;
}

export interface Part<O extends object = Record<never, never>> {
  /** A short unique name, for errors and logs. */
  readonly name: string;
  readonly requires?: readonly PortKey<unknown>[];
  /** Every key the built part's `provides` answers for. */
  readonly provides?: readonly PortKey<unknown>[];
  readonly options?: PartOptions<O>;
  /** Builds the part. Cheap and synchronous: what is expensive loads on first use or in `start`. */
  build(context: PartContext, options: Partial<O>): PartInstance;
}

/** Any part, whatever its options, as the wiring lists them. */
// biome-ignore lint/suspicious/noExplicitAny: a wiring holds parts with different option types; each part checks its own.
export type AnyPart = Part<any>;

/**
 * A service whose routing is known at start and whose definition is built on its first request: `load` builds the
 * service (or its group), and the registry keeps the operations it returns.
 */
export function lazyService<R extends ServiceRouting>(
  routing: R,
  load: () => Promise<ServiceDefinition>,
): R & Pick<ServiceDefinition, 'load'> {
  return { ...routing, load: async () => (await load()).load() };
}
