// An in-process composition of KMS and Secrets Manager for tests: real SDK v3 clients → the real gateway (SigV4
// verifier, AWS JSON protocol, createIamAuthorizer) → the services, over MemoryPersistence, with a test-made
// IdentityResolver standing in for the IAM service (callers and their identity policies built with parsePolicy).

import { randomBytes } from 'node:crypto';
import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  type CallerIdentity,
  createGateway,
  createIamAuthorizer,
  type RequestContext,
  ServiceRegistry,
  SigV4Verifier,
  type StoredCredentials,
} from '../aws/index.js';
import { secretsKmsPort } from '../cli/control-plane/index.js';
import { parsePolicy, type RequestPrincipal } from '../engines/iam/index.js';
import { Secret } from '../errors/index.js';
import { CachingPersistence, createAesSealer, MemoryPersistence, type Persistence } from '../ports/index.js';
import { createKmsService, type KmsService } from '../services/kms/index.js';
import { createSecretsManagerService } from '../services/secretsmanager/index.js';
import { inProcessHandler } from './aws-test-services.js';

export const accountA = '111111111111';
export const accountB = '222222222222';
export const region = 'us-east-1';

/** The callers of the matrix: root of A, a user without policies, a reader, a role session, a user of B. */
export const callerNames = ['root', 'nobody', 'reader', 'session', 'outsider'] as const;
export type CallerName = (typeof callerNames)[number];

const principals: Record<CallerName, RequestPrincipal & { userId: string }> = {
  root: { type: 'root', arn: `arn:aws:iam::${accountA}:root`, account: accountA, userId: accountA },
  nobody: {
    type: 'user',
    arn: `arn:aws:iam::${accountA}:user/nobody`,
    account: accountA,
    userId: 'AIDANOBODY',
  },
  reader: {
    type: 'user',
    arn: `arn:aws:iam::${accountA}:user/reader`,
    account: accountA,
    userId: 'AIDAREADER',
  },
  session: {
    type: 'assumed-role',
    arn: `arn:aws:sts::${accountA}:assumed-role/exec/task-1`,
    account: accountA,
    roleArn: `arn:aws:iam::${accountA}:role/exec`,
    userId: 'AROAEXEC:task-1',
  },
  outsider: { type: 'user', arn: `arn:aws:iam::${accountB}:user/bob`, account: accountB, userId: 'AIDABOB' },
};

type Statement = Record<string, unknown>;

/**
 * The services' Persistence, as in `berth up` behind a read cache, remembering every collection written so that a
 * test can scan everything that was stored.
 */
class ScannablePersistence extends CachingPersistence {
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

export interface KmsSecretsHarness {
  readonly persistence: ScannablePersistence & Persistence;
  readonly kms: KmsService;
  /** Moves the services' clock forward (the gateway keeps real time, so SDK signatures stay current). */
  advance(ms: number): void;
  /** Replaces a caller's identity policies (statements of 2012-10-17 identity policies). */
  setPolicies(caller: CallerName, ...statements: Statement[]): void;
  clients(caller: CallerName): { sm: SecretsManagerClient; kms: KMSClient };
  /** Every authorization request the services made, for asserting what was asked. */
  readonly asked: Array<{ action: string; resource: string; caller: string }>;
}

export function kmsSecretsHarness(): KmsSecretsHarness {
  const persistence = new ScannablePersistence();
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset) };
  const random = { bytes: (length: number) => new Uint8Array(randomBytes(length)) };
  const policies = new Map<CallerName, Statement[]>();
  const asked: KmsSecretsHarness['asked'] = [];
  const byArn = new Map(callerNames.map((name) => [principals[name].arn, name] as const));

  const iam = createIamAuthorizer((caller): CallerIdentity => {
    const name = byArn.get(caller.principal.arn)!;
    const { userId: _u, ...principal } = principals[name];
    const statements = policies.get(name) ?? [];
    return {
      principal,
      identityPolicies:
        statements.length === 0
          ? []
          : [parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind: 'identity' })],
    };
  });
  const authorizer = {
    async authorize(ctx: RequestContext, request: Parameters<typeof iam.authorize>[1]) {
      asked.push({ action: request.action, resource: request.resource, caller: ctx.caller.principal.arn });
      await iam.authorize(ctx, request);
    },
  };
  const base = { persistence, clock, random, authorizer, accountId: accountA, region, partition: 'aws' };
  const kms = createKmsService({ ...base, sealer: createAesSealer(randomBytes(32)) });
  const secrets = createSecretsManagerService({ ...base, kms: secretsKmsPort(kms) });
  const registry = new ServiceRegistry().register(kms.definition).register(secrets.definition);

  const keys = new Map<string, StoredCredentials>();
  const credentials = new Map<
    CallerName,
    { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  >();
  for (const name of callerNames) {
    const { arn, account, userId } = principals[name];
    const accessKeyId = `${name === 'session' ? 'ASIA' : 'AKIA'}${name.toUpperCase().padEnd(16, 'X')}`;
    const secretAccessKey = randomBytes(30).toString('base64');
    const sessionToken = name === 'session' ? randomBytes(24).toString('base64') : undefined;
    credentials.set(name, { accessKeyId, secretAccessKey, sessionToken });
    keys.set(accessKeyId, {
      secretAccessKey: new Secret(secretAccessKey),
      sessionToken: sessionToken === undefined ? undefined : new Secret(sessionToken),
      expiresAt: sessionToken === undefined ? undefined : new Date(Date.now() + 3_600_000),
      principal: { arn, accountId: account!, userId },
    });
  }
  let requests = 0;
  const handle = createGateway({
    registry,
    verifier: new SigV4Verifier({ credentials: async (id) => keys.get(id), clock: () => new Date() }),
    authorizer,
    clock: () => new Date(),
    newRequestId: () => `00000000-0000-4000-8000-${String(++requests).padStart(12, '0')}`,
    acceptRegion: () => true,
    onInternalError: (error) => {
      throw error;
    },
  });

  return {
    persistence,
    kms,
    asked,
    advance: (ms) => {
      offset += ms;
    },
    setPolicies: (caller, ...statements) => policies.set(caller, statements),
    clients: (caller) => {
      const config = {
        region,
        endpoint: 'http://127.0.0.1:4566',
        credentials: credentials.get(caller)!,
        maxAttempts: 1,
        requestHandler: inProcessHandler(handle),
      };
      return { sm: new SecretsManagerClient(config), kms: new KMSClient(config) };
    },
  };
}

/** The error an SDK call rejected with: its name (the AWS code), message and HTTP status. */
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
