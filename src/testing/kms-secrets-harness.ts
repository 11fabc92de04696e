// KMS and Secrets Manager tests' view of the control-plane harness: the kms-secrets part of `berth up` with a matrix
// of made-up callers standing in for IAM (identity policies built with parsePolicy and set by the test), every
// authorization request the services make recorded, and signatures checked against real time while the services'
// clock moves.
import { randomBytes } from 'node:crypto';
import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Authorizer, CallerIdentity, StoredCredentials } from '../aws/index.js';
import { kmsPort, kmsSecretsPart } from '../cli/control-plane/index.js';
import { parsePolicy, type RequestPrincipal } from '../engines/iam/index.js';
import { Secret } from '../errors/index.js';
import type { Persistence } from '../ports/index.js';
import type { KmsService } from '../services/kms/index.js';
import { controlPlaneHarness, type ScannablePersistence } from './control-plane-harness.js';

export { sdkError } from './sdk-error.js';

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

export interface KmsSecretsHarness {
  readonly persistence: ScannablePersistence & Persistence;
  /** The KMS service, for what no API reaches (the AWS managed key). */
  kms(): Promise<KmsService>;
  /** Moves the services' clock forward (signatures are checked against real time, so SDK clients stay valid). */
  advance(ms: number): void;
  /** Replaces a caller's identity policies (statements of 2012-10-17 identity policies). */
  setPolicies(caller: CallerName, ...statements: Statement[]): void;
  clients(caller: CallerName): { sm: SecretsManagerClient; kms: KMSClient };
  /** Every authorization request the services made, for asserting what was asked. */
  readonly asked: Array<{ action: string; resource: string; caller: string }>;
}

export function kmsSecretsHarness(): KmsSecretsHarness {
  const policies = new Map<CallerName, Statement[]>();
  const asked: KmsSecretsHarness['asked'] = [];
  const byArn = new Map(callerNames.map((name) => [principals[name].arn, name] as const));
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
  const identity = (name: CallerName): CallerIdentity => {
    const { userId: _u, ...principal } = principals[name];
    const statements = policies.get(name) ?? [];
    return {
      principal,
      identityPolicies:
        statements.length === 0
          ? []
          : [parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind: 'identity' })],
    };
  };
  const recording = (iam: Authorizer): Authorizer => ({
    async authorize(ctx, request) {
      asked.push({ action: request.action, resource: request.resource, caller: ctx.caller.principal.arn });
      await iam.authorize(ctx, request);
    },
  });
  const h = controlPlaneHarness({
    parts: [kmsSecretsPart],
    accountId: accountA,
    signatureClock: 'real',
    authorizer: recording,
    callers: {
      credentials: async (accessKeyId) => keys.get(accessKeyId),
      identities: (caller) => {
        const name = byArn.get(caller.principal.arn);
        return name === undefined ? undefined : identity(name);
      },
    },
  });
  return {
    persistence: h.persistence,
    kms: () => h.need(kmsPort),
    asked,
    advance: (ms) => h.clock.advance(ms),
    setPolicies: (caller, ...statements) => policies.set(caller, statements),
    clients: (caller) => ({
      sm: h.client(SecretsManagerClient, credentials.get(caller)!),
      kms: h.client(KMSClient, credentials.get(caller)!),
    }),
  };
}
