// The agent's SSM secrets resource against berth's real Parameter Store over real HTTP, through the real SDK client
// (adapters/aws-client/ssm-parameters-reader.ts), as an IAM user standing in for the execution role
// (ref ecs-private-auth §6.6: GetParameters with WithDecryption=true in batches of 10, `invalid parameters: …`).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { createSecretsManagerReader } from '../../adapters/aws-client/secrets-manager-reader.js';
import { createSsmParametersReader } from '../../adapters/aws-client/ssm-parameters-reader.js';
import type { RunningHttpServer } from '../../adapters/node-http/index.js';
import type { ContainerDefinition, ExecutionCredentials } from '../../engines/ecs/index.js';
import { Secret } from '../../errors/index.js';
import { type SdkHandler, serveSdkHandler } from '../../testing/serve-sdk-handler.js';
import { parameterArn, ssmHarness } from '../../testing/ssm-fixtures.js';
import { AwsCallError } from '../task/ports.js';
import { fetchContainerSecrets, secretNeeds } from './container-secrets.js';

const container = (name: string, secrets: { name: string; valueFrom: string }[]): ContainerDefinition => ({
  name,
  image: 'registry.example/app:1',
  secrets,
});

describe('SSM secrets resource', () => {
  const h = ssmHarness();
  let server: RunningHttpServer;
  const readers = () => ({
    secrets: createSecretsManagerReader({ endpoint: server.url }),
    parameters: createSsmParametersReader({ endpoint: server.url }),
  });
  const role = async (
    name: string,
    ...statements: Record<string, unknown>[]
  ): Promise<ExecutionCredentials> => {
    const { ssm } = await h.user(name, ...statements);
    const identity = await ssm.config.credentials();
    return {
      roleArn: `arn:aws:iam::000000000000:role/${name}`,
      accessKeyId: identity.accessKeyId,
      secretAccessKey: new Secret(identity.secretAccessKey),
      sessionToken: new Secret(''),
      expiration: new Date(Date.now() + 3_600_000),
    };
  };

  before(async () => {
    server = await serveSdkHandler(h.ssm.config.requestHandler as unknown as SdkHandler);
    await h.ssm.send(new PutParameterCommand({ Name: '/app/db', Value: 'pw-1', Type: 'SecureString' }));
    await h.ssm.send(new PutParameterCommand({ Name: '/app/host', Value: 'db.local', Type: 'String' }));
    for (let i = 0; i < 12; i++) {
      await h.ssm.send(new PutParameterCommand({ Name: `/many/p${i}`, Value: `v${i}`, Type: 'String' }));
    }
  });
  after(() => server.close());

  test('SecureString decrypted and String values, by name and by ARN, more than 10 in batches', async () => {
    const credentials = await role('exec', { Effect: 'Allow', Action: 'ssm:GetParameters', Resource: '*' });
    const many = Array.from({ length: 12 }, (_, i) => ({ name: `P${i}`, valueFrom: `/many/p${i}` }));
    const needs = secretNeeds([
      container('app', [
        { name: 'DB_PASSWORD', valueFrom: '/app/db' },
        { name: 'DB_HOST', valueFrom: parameterArn('/app/host') },
      ]),
      container('side', many),
    ]);
    const result = await fetchContainerSecrets(needs, readers(), credentials, 'us-east-1');
    assert.ok(result.ok);
    assert.deepEqual(
      result.value.slice(0, 3).map((s) => [s.containerName, s.name, s.value.reveal()]),
      [
        ['app', 'DB_PASSWORD', 'pw-1'],
        ['app', 'DB_HOST', 'db.local'],
        ['side', 'P0', 'v0'],
      ],
    );
    assert.equal(result.value.at(-1)?.value.reveal(), 'v11');
  });

  test('a missing parameter fails its batch with invalid parameters', async () => {
    const credentials = await role('exec2', { Effect: 'Allow', Action: 'ssm:GetParameters', Resource: '*' });
    const needs = secretNeeds([
      container('app', [
        { name: 'A', valueFrom: '/app/db' },
        { name: 'B', valueFrom: '/app/missing' },
      ]),
    ]);
    const result = await fetchContainerSecrets(needs, readers(), credentials, 'us-east-1');
    assert.deepEqual(result, {
      ok: false,
      failures: [{ kind: 'ssm-invalid', region: 'us-east-1', names: ['/app/missing'] }],
    });
  });

  test('an execution role without ssm:GetParameters fails with AccessDeniedException', async () => {
    const credentials = await role('exec3', { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' });
    const needs = secretNeeds([container('app', [{ name: 'A', valueFrom: '/app/db' }])]);
    const result = await fetchContainerSecrets(needs, readers(), credentials, 'us-east-1');
    assert.ok(!result.ok);
    const [failure] = result.failures;
    assert.ok(failure?.kind === 'ssm-call' && failure.error instanceof AwsCallError);
    assert.equal(failure.error.code, 'AccessDeniedException');
    assert.equal(
      failure.error.message,
      'User: arn:aws:iam::000000000000:user/exec3 is not authorized to perform: ssm:GetParameters on resource: ' +
        `${parameterArn('/app/db')} because no identity-based policy allows the ssm:GetParameters action`,
    );
  });
});
