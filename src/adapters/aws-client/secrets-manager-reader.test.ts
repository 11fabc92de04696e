// The agent's Secrets Manager client against berth's real Secrets Manager (KMS, IAM authorizer, SigV4 gateway)
// served over real loopback HTTP by the node-http adapter: what the agent gets back on success, on AWS errors
// (reference ecs-private-auth.md §3: code, status, request id) and when nothing answers (§3.3 network cases).
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { CreateSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { AwsCallError, AwsTransportError } from '../../agent/task/ports.js';
import type { ExecutionCredentials } from '../../engines/ecs/index.js';
import { Secret } from '../../errors/index.js';
import { kmsSecretsHarness } from '../../testing/kms-secrets-harness.js';
import { type SdkHandler, serveSdkHandler } from '../../testing/serve-sdk-handler.js';
import type { RunningHttpServer } from '../node-http/index.js';
import { createSecretsManagerReader } from './secrets-manager-reader.js';

async function executionCredentials(h: ReturnType<typeof kmsSecretsHarness>): Promise<ExecutionCredentials> {
  const identity = await h.clients('session').sm.config.credentials();
  return {
    roleArn: 'arn:aws:iam::111111111111:role/exec',
    accessKeyId: identity.accessKeyId,
    secretAccessKey: new Secret(identity.secretAccessKey),
    sessionToken: new Secret(identity.sessionToken!),
    expiration: new Date(Date.now() + 3_600_000),
  };
}

describe('createSecretsManagerReader', () => {
  const h = kmsSecretsHarness();
  let server: RunningHttpServer;
  let credentials: ExecutionCredentials;
  let arn: string;

  before(async () => {
    const root = h.clients('root').sm;
    server = await serveSdkHandler(root.config.requestHandler as unknown as SdkHandler);
    credentials = await executionCredentials(h);
    ({ ARN: arn } = (await root.send(
      new CreateSecretCommand({ Name: 'registry', SecretString: '{"username":"u","password":"one"}' }),
    )) as { ARN: string });
    await root.send(new PutSecretValueCommand({ SecretId: 'registry', SecretString: 'two' }));
    await root.send(new CreateSecretCommand({ Name: 'binary', SecretBinary: new Uint8Array([1, 2, 3]) }));
    h.setPolicies('session', {
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: [
        'arn:aws:secretsmanager:*:*:secret:registry-*',
        'arn:aws:secretsmanager:*:*:secret:binary-*',
      ],
    });
  });
  after(() => server.close());

  const reader = () => createSecretsManagerReader({ endpoint: server.url });

  test('reads the current value, or the version a stage names, with the execution credentials', async () => {
    const current = await reader().getSecretValue({ region: 'us-east-1', secretId: 'registry', credentials });
    assert.deepEqual(current, { secretString: 'two' });
    const previous = await reader().getSecretValue({
      region: 'us-east-1',
      secretId: arn,
      versionStage: 'AWSPREVIOUS',
      credentials,
    });
    assert.deepEqual(previous, { secretString: '{"username":"u","password":"one"}' });
    const asked = h.asked.filter((a) => a.action === 'secretsmanager:GetSecretValue');
    assert.ok(asked.every((a) => a.caller === 'arn:aws:sts::111111111111:assumed-role/exec/task-1'));
  });

  test('a binary secret comes back as bytes, without a string', async () => {
    const value = await reader().getSecretValue({ region: 'us-east-1', secretId: 'binary', credentials });
    assert.deepEqual(value, { secretBinary: new Uint8Array([1, 2, 3]) });
  });

  test('a modeled error: code, message, status, request id, one attempt', async () => {
    const error = await reader()
      .getSecretValue({ region: 'us-east-1', secretId: 'registry-missing', credentials })
      .catch((e: unknown) => e);
    assert.ok(error instanceof AwsCallError, String(error));
    assert.equal(error.code, 'ResourceNotFoundException');
    assert.equal(error.message, "Secrets Manager can't find the specified secret.");
    assert.equal(error.statusCode, 400);
    assert.match(error.requestId, /^00000000-0000-4000-8000-\d{12}$/);
    assert.equal(error.fault, 'client');
    assert.equal(error.attempts, 1);
  });

  test('an unmodeled error (AccessDenied) keeps its wire code and IAM text', async () => {
    const error = await reader()
      .getSecretValue({ region: 'us-east-1', secretId: 'other', credentials })
      .catch((e: unknown) => e);
    assert.ok(error instanceof AwsCallError, String(error));
    assert.equal(error.code, 'AccessDeniedException');
    assert.match(
      error.message,
      /^User: arn:aws:sts::111111111111:assumed-role\/exec\/task-1 is not authorized to perform: secretsmanager:GetSecretValue on resource: other because no identity-based policy allows the secretsmanager:GetSecretValue action$/,
    );
    assert.equal(error.attempts, 1);
  });

  test('connection refused: a transport error in Go words, after the retryer gave up', async () => {
    const port = await closedPort();
    const error = await createSecretsManagerReader({ endpoint: `http://127.0.0.1:${port}` })
      .getSecretValue({ region: 'us-east-1', secretId: 'registry', credentials })
      .catch((e: unknown) => e);
    assert.ok(error instanceof AwsTransportError, String(error));
    assert.equal(error.detail, `dial tcp 127.0.0.1:${port}: connect: connection refused`);
    assert.equal(error.url, `http://127.0.0.1:${port}/`);
    assert.equal(error.timedOut, false);
    assert.equal(error.attempts, 3);
  });

  test('no answer within the round-trip limit: a timeout', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const error = await createSecretsManagerReader({
        endpoint: `http://127.0.0.1:${port}`,
        timeoutMs: 100,
        maxAttempts: 1,
      })
        .getSecretValue({ region: 'us-east-1', secretId: 'registry', credentials })
        .catch((e: unknown) => e);
      assert.ok(error instanceof AwsTransportError, String(error));
      assert.equal(error.timedOut, true);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

/** A port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
