// The control plane as `berth up` builds it — the same part list and factories, the real SigV4 verifier, gateway and
// IAM authorizer — on in-memory persistence behind the read cache, a clock the test moves and an agent the test gives,
// with AWS SDK v3 clients of any service talking to it in process. The one harness; fixtures build on it.
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../adapters/logger/index.js';
import { stateDirLayout } from '../adapters/state-dir/index.js';
import {
  type Authorizer,
  createGateway,
  createIamAuthorizer,
  type HttpRequest,
  type HttpResponse,
  SigV4Verifier,
} from '../aws/index.js';
import { elbv2Part, type ManagedDataPlane } from '../cli/control-plane/elbv2-part.js';
import {
  type AnyPart,
  buildParts,
  CallerDirectory,
  type CallerSource,
  ecsPart,
  elbTargetsPort,
  iamStsPart,
  kmsSecretsPart,
  type ManagedTaskAgent,
  type PartDeps,
  type PortKey,
  provide,
  rootCaller,
  serviceRegistry,
} from '../cli/control-plane/index.js';
import type { TaskAgentPort } from '../engines/ecs/index.js';
import { Secret } from '../errors/index.js';
import { CachingPersistence, createAesSealer, MemoryPersistence, type Persistence } from '../ports/index.js';
import type { LoadBalancerPort } from '../services/ecs/load-balancer-port.js';
import { inProcessHandler } from './aws-test-services.js';
import { FakeClock } from './fake-clock.js';
import { FakeTimer } from './fake-timer.js';

export const harnessAccount = '000000000000';
export const harnessRegion = 'us-east-1';
export const harnessRoot = {
  accessKeyId: 'AKIAROOTEXAMPLE00001',
  secretAccessKey: 'rootSecretKeyExample0000000000000000000000',
};

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface ControlPlaneHarnessOptions {
  /** The parts to run; default the AWS parts of `berth up` (IAM+STS, KMS+Secrets Manager, ECS on `agent`). */
  readonly parts?: readonly AnyPart[];
  /** The agent ECS hands tasks to (default one that accepts and never reports). */
  readonly agent?: TaskAgentPort;
  /** Callers the test makes up (keys and identities), asked after root and the parts' own. */
  readonly callers?: CallerSource;
  /** Wraps the IAM authorizer, e.g. to record what the services ask. */
  readonly authorizer?: (iam: Authorizer) => Authorizer;
  readonly accountId?: string;
  /**
   * `real`: signatures are checked against the real time while the services' clock moves (tests that advance hours
   * with clients made before; Secrets Manager's skew window is 5 minutes). Default `fake`: both move together.
   */
  readonly signatureClock?: 'real' | 'fake';
  /** Target groups for ECS services (a fake ELB): the ECS part is then set up with `elbTargets`. */
  readonly elbTargets?: LoadBalancerPort;
  /** The real ELBv2 part on this data plane, providing ECS's target groups (as `berth up` wires them). */
  readonly elbv2?: ManagedDataPlane;
  /** The state of an earlier harness, to run the parts again on it as `berth up` does after a restart. */
  readonly persistence?: ScannablePersistence;
}

/** The services' Persistence behind the read cache, as in `berth up`, remembering each collection written to. */
export class ScannablePersistence extends CachingPersistence {
  readonly collections = new Set<string>();
  constructor() {
    super(new MemoryPersistence());
  }
  override put(collection: string, key: string, value: unknown): void {
    this.collections.add(collection);
    super.put(collection, key, value);
  }
  /** Every stored document, as the JSON text persisted. */
  dump(): string[] {
    return [...this.collections].flatMap((name) => this.list(name).map((doc) => JSON.stringify(doc)));
  }
}

export interface ControlPlaneHarness {
  readonly clock: FakeClock;
  /** The ECS service scheduler's timers, on `clock`: `await timer.advance(ms)` runs what falls due. */
  readonly timer: FakeTimer;
  readonly persistence: ScannablePersistence & Persistence;
  readonly handle: (request: HttpRequest) => Promise<HttpResponse>;
  /** An SDK client of any service, signing with `credentials` (root's by default) at the fake clock's time. */
  client<C>(Client: new (config: SdkConfig) => C, credentials?: Credentials): C;
  /** What a part provides (a service object, for what no API reaches), built on first need as in `berth up`. */
  need<T>(key: PortKey<T>): Promise<T>;
  /** Stops the parts as `berth up` does when it stops (reverse order). */
  stop(): Promise<void>;
}

export type SdkConfig = ReturnType<typeof harnessClientConfig>;

export function controlPlaneHarness(options: ControlPlaneHarnessOptions = {}): ControlPlaneHarness {
  const clock = new FakeClock();
  const timer = new FakeTimer(clock);
  const persistence = options.persistence ?? new ScannablePersistence();
  const accountId = options.accountId ?? harnessAccount;
  const root = {
    accessKeyId: harnessRoot.accessKeyId,
    secretAccessKey: new Secret(harnessRoot.secretAccessKey),
  };
  const callers = new CallerDirectory([rootCaller(root, accountId)]);
  const iam = createIamAuthorizer(callers.identity);
  const authorizer = options.authorizer ? options.authorizer(iam) : iam;
  const deps: PartDeps = {
    persistence,
    sealer: createAesSealer(randomBytes(32)),
    clock,
    random: { bytes: (length: number) => new Uint8Array(randomBytes(length)) },
    accountId,
    region: harnessRegion,
    partition: 'aws',
    authorizer,
    // Never created: the AWS parts keep no files (the registry part does; tests of it use a real state dir).
    stateDir: stateDirLayout(join(tmpdir(), `berth-harness-${randomUUID()}`)),
    log: silentLog,
    endpoint: () => 'http://127.0.0.1:4566',
    secureEndpoint: () => ({ url: 'https://localhost:4567', caPath: '' }),
  };
  const agent = managed(options.agent ?? { launch: () => undefined, stop: () => undefined });
  const elb = options.elbTargets;
  const wiring = options.parts ?? [
    iamStsPart,
    kmsSecretsPart,
    ...(elb ? [providing(elbTargetsPort, elb)] : []),
    ...(options.elbv2 ? [elbv2Part({ dataPlane: () => options.elbv2! })] : []),
    ecsPart({ agent: () => agent, timer, elbTargets: elb !== undefined || options.elbv2 !== undefined }),
  ];
  const built = buildParts(wiring, deps);
  for (const part of built.parts) callers.add(part);
  if (options.callers) callers.add(options.callers);
  const signatureTime = options.signatureClock === 'real' ? () => new Date() : () => clock.now();
  let requests = 0;
  const handle = createGateway({
    registry: serviceRegistry(built.parts),
    verifier: new SigV4Verifier({ credentials: callers.credentials, clock: signatureTime }),
    authorizer,
    clock: signatureTime,
    // Numbered, so that a test can recognise them: the UUID shape AWS uses.
    newRequestId: () => `00000000-0000-4000-8000-${String(++requests).padStart(12, '0')}`,
    acceptRegion: () => true,
    // A bug fails the test instead of becoming a 500.
    onInternalError: (error) => {
      throw error;
    },
  });
  return {
    clock,
    timer,
    persistence,
    handle,
    client: (Client, credentials = harnessRoot) =>
      new Client(
        harnessClientConfig(handle, options.signatureClock === 'real' ? realClock : clock, credentials),
      ),
    need: (key) => built.need(key),
    stop: async () => {
      for (const part of [...built.parts].reverse()) await part.stop?.();
    },
  };
}

/** AWS SDK client settings that send every request through `handle` in process, signed with `credentials`. */
export function harnessClientConfig(
  handle: (request: HttpRequest) => Promise<HttpResponse>,
  clock: FakeClock,
  credentials: Credentials,
) {
  return {
    region: harnessRegion,
    endpoint: 'http://127.0.0.1:4566',
    credentials,
    maxAttempts: 1,
    systemClockOffset: clock.offset,
    requestHandler: inProcessHandler(handle),
  };
}

/** A part that only provides `value` under `key` (what another helper's part gives, faked). */
function providing<T>(key: PortKey<T>, value: T): AnyPart {
  return {
    name: `fake-${key.id}`,
    provides: [key],
    build: () => ({ provides: [provide(key, async () => value)] }),
  };
}

/** The test's agent with the lifecycle the ECS part drives (nothing to start or stop in a fake). */
function managed(agent: TaskAgentPort): ManagedTaskAgent {
  return {
    launch: (task) => agent.launch(task),
    stop: (taskArn, reason) => agent.stop(taskArn, reason),
    start: async () => undefined,
    close: async () => undefined,
  };
}

const realClock = new FakeClock();

const silentLog: Logger = {
  access: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  close: async () => undefined,
};
