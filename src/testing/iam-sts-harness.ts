// The IAM and STS services wired the way the composition root wires them — MemoryPersistence, a random-key Sealer, a
// clock the test moves, the real SigV4 verifier, gateway and IAM authorizer — with real AWS SDK v3 clients talking
// to it in-process. The credential lookup and identity resolver below are the ones compose.ts needs too.
import { randomBytes, randomUUID } from 'node:crypto';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { SigV4Verifier } from '../aws/auth/sigv4-verifier.js';
import type { Authorizer } from '../aws/gateway/authorizer.js';
import { createGateway } from '../aws/gateway/chain.js';
import { createIamAuthorizer } from '../aws/gateway/iam-authorizer.js';
import type { HttpRequest, HttpResponse } from '../aws/http.js';
import { ServiceRegistry } from '../aws/service-registry.js';
import { callerCredentials, callerIdentity } from '../cli/control-plane/index.js';
import { Secret } from '../errors/index.js';
import { CachingPersistence, createAesSealer, MemoryPersistence, type Persistence } from '../ports/index.js';
import { createIamService, type IamService, iamCollections } from '../services/iam/index.js';
import { createStsService, type StsService, stsCollections } from '../services/sts/index.js';
import { inProcessHandler } from './aws-test-services.js';

export const account = '000000000000';
export const rootArn = `arn:aws:iam::${account}:root`;
export const root = {
  accessKeyId: 'AKIAROOTEXAMPLE00001',
  secretAccessKey: 'rootSecretKeyExample0000000000000000000000',
};

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** A clock that starts at the real time and moves only when told, so SDK signatures stay within the skew window. */
export class FakeClock {
  #offset = 0;
  now(): Date {
    return new Date(Date.now() + this.#offset);
  }
  advance(ms: number): void {
    this.#offset += ms;
  }
  /** How far the clock is ahead of the real one: the SDK's systemClockOffset. */
  get offset(): number {
    return this.#offset;
  }
}

export interface IamStsHarness {
  readonly clock: FakeClock;
  readonly persistence: Persistence;
  readonly iamService: IamService;
  readonly stsService: StsService;
  readonly handle: (request: HttpRequest) => Promise<HttpResponse>;
  /** SDK clients signing with `credentials` (root's by default), at the fake clock's current time. */
  clients(credentials?: Credentials): { iam: IAMClient; sts: STSClient };
  /** Every stored document of IAM and STS, as JSON text, for scanning. */
  storedText(): string;
}

const rootCredentials = {
  accessKeyId: root.accessKeyId,
  secretAccessKey: new Secret(root.secretAccessKey),
  principal: { arn: rootArn, accountId: account, userId: account },
};

export function iamStsHarness(): IamStsHarness {
  const clock = new FakeClock();
  // The services read through the cache, as in `berth up`.
  const persistence = new CachingPersistence(new MemoryPersistence());
  const sealer = createAesSealer(randomBytes(32));
  const random = { bytes: (length: number) => new Uint8Array(randomBytes(length)) };
  let iamService: IamService | undefined;
  let stsService: StsService | undefined;
  const authorizer = createIamAuthorizer((caller) =>
    callerIdentity({ iam: iamService!, sts: stsService! })(caller),
  );
  const common = {
    persistence,
    sealer,
    clock,
    random,
    authorizer,
    accountId: account,
    region: 'us-east-1',
    partition: 'aws',
  };
  iamService = createIamService(common);
  stsService = createStsService({ ...common, roles: iamService.directory });
  const registry = new ServiceRegistry().register(iamService.definition).register(stsService.definition);
  const handle = harnessGateway(registry, { iam: iamService, sts: stsService }, authorizer, clock);
  const clients = (credentials: Credentials = root) => {
    const config = harnessClientConfig(handle, clock, credentials);
    return { iam: new IAMClient(config), sts: new STSClient(config) };
  };
  const storedText = () =>
    [...Object.values(iamCollections), ...Object.values(stsCollections)]
      .map((collection) => JSON.stringify(persistence.list(collection)))
      .join('\n');
  return { clock, persistence, iamService, stsService, handle, clients, storedText };
}

/** What a failed SDK call tells its caller: error name (the SDK's class), message, HTTP status. */
export async function sdkError(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('the call succeeded');
}

/** A 2012-10-17 policy document from its statements, as JSON text. */
export function policyText(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** A trust policy letting `principal` (an `{AWS: …}` or `{Service: …}` element) assume the role. */
export function trustText(principal: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return policyText({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra });
}

/**
 * The composition's gateway over a harness's services: the real SigV4 verifier (root's key, then IAM users' keys and
 * STS sessions), the IAM authorizer, the fake clock; an internal failure fails the test instead of becoming a 500.
 */
export function harnessGateway(
  registry: ServiceRegistry,
  services: { readonly iam: IamService; readonly sts: StsService },
  authorizer: Authorizer,
  clock: FakeClock,
): (request: HttpRequest) => Promise<HttpResponse> {
  const others = callerCredentials(services);
  return createGateway({
    registry,
    verifier: new SigV4Verifier({
      credentials: async (accessKeyId) =>
        accessKeyId === rootCredentials.accessKeyId ? rootCredentials : others(accessKeyId),
      clock: () => clock.now(),
    }),
    authorizer,
    clock: () => clock.now(),
    newRequestId: () => randomUUID(),
    acceptRegion: () => true,
    onInternalError: (error) => {
      throw error;
    },
  });
}

/** AWS SDK client settings that send every request through `handle` in process, signed with `credentials`. */
export function harnessClientConfig(
  handle: (request: HttpRequest) => Promise<HttpResponse>,
  clock: FakeClock,
  credentials: Credentials,
) {
  return {
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:4566',
    credentials,
    maxAttempts: 1,
    systemClockOffset: clock.offset,
    requestHandler: inProcessHandler(handle),
  };
}
