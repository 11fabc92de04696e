// The agent's two secret resources against berth's real Secrets Manager over real HTTP, through the real SDK
// client (adapters/aws-client): `asm-auth` (reference ecs-private-auth.md §1.3: sequential, container order,
// deduplicated by exact string, first failure ends it) and the `secrets` resource (§6.6: all at once, every
// failure kept in definition order). What was asked of Secrets Manager is read from the authorizer's log.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { createSecretsManagerReader } from '../../adapters/aws-client/secrets-manager-reader.js';
import type { RunningHttpServer } from '../../adapters/node-http/index.js';
import type { ContainerDefinition, ExecutionCredentials } from '../../engines/ecs/index.js';
import { Secret } from '../../errors/index.js';
import { kmsSecretsHarness } from '../../testing/kms-secrets-harness.js';
import { type SdkHandler, serveSdkHandler } from '../../testing/serve-sdk-handler.js';
import { AwsCallError, type ParametersReader } from '../task/ports.js';
import { fetchRegistryAuth, registryAuthNeeds } from './asm-auth.js';
import { fetchContainerSecrets, secretNeeds } from './container-secrets.js';

const container = (name: string, extra: Partial<ContainerDefinition> = {}): ContainerDefinition => ({
  name,
  image: 'registry.example/app:1',
  ...extra,
});
const creds = (parameter: string) => ({ repositoryCredentials: { credentialsParameter: parameter } });

describe('secret resources', () => {
  const h = kmsSecretsHarness();
  let server: RunningHttpServer;
  let credentials: ExecutionCredentials;
  const arns: Record<string, string> = {};
  const reader = () => createSecretsManagerReader({ endpoint: server.url });
  /** Parameter Store without parameters (the SSM resource's own tests are in ssm-secrets.test.ts). */
  const parameters: ParametersReader = {
    getParameters: async ({ names }) => ({ values: new Map(), invalidParameters: [...names] }),
  };
  const readers = () => ({ secrets: reader(), parameters });
  /** The secrets GetSecretValue was asked for since `from`, in order. */
  const askedSince = (from: number) =>
    h.asked
      .slice(from)
      .filter((a) => a.action === 'secretsmanager:GetSecretValue')
      .map((a) => /:secret:([a-z]+)/.exec(a.resource)?.[1] ?? a.resource);

  before(async () => {
    const root = h.clients('root').sm;
    server = await serveSdkHandler(root.config.requestHandler as unknown as SdkHandler);
    const identity = await h.clients('session').sm.config.credentials();
    credentials = {
      roleArn: 'arn:aws:iam::111111111111:role/exec',
      accessKeyId: identity.accessKeyId,
      secretAccessKey: new Secret(identity.secretAccessKey),
      sessionToken: new Secret(identity.sessionToken!),
      expiration: new Date(Date.now() + 3_600_000),
    };
    const values: Record<string, string> = {
      hub: '{"username":"hubuser","password":"hubpass"}',
      ghcr: '{"Username":"gh","PASSWORD":"ghpass"}',
      plain: 'user:pass',
      db: '{"password":"pw","port":5432}',
      token: 't0ken',
    };
    for (const [name, value] of Object.entries(values)) {
      arns[name] = (await root.send(new CreateSecretCommand({ Name: name, SecretString: value }))).ARN!;
    }
    h.setPolicies('session', {
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: 'arn:aws:secretsmanager:*:*:secret:*',
    });
  });
  after(() => server.close());

  describe('asm-auth (§1.3)', () => {
    test('needs: container order, exact-string dedupe, ARN region or the task region', () => {
      const needs = registryAuthNeeds(
        [
          container('a', creds('hub')),
          container('b'),
          container('c', creds('arn:aws:secretsmanager:eu-west-1:111111111111:secret:ghcr-AbCdEf')),
          container('d', creds('hub')),
          container('e', creds('Hub')),
        ],
        'us-east-1',
      );
      assert.deepEqual(needs, [
        { credentialsParameter: 'hub', region: 'us-east-1' },
        {
          credentialsParameter: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:ghcr-AbCdEf',
          region: 'eu-west-1',
        },
        { credentialsParameter: 'Hub', region: 'us-east-1' },
      ]);
    });

    test('each distinct secret is read once, in order, and parsed', async () => {
      const from = h.asked.length;
      const needs = registryAuthNeeds(
        [container('a', creds('ghcr')), container('b', creds('hub')), container('c', creds('ghcr'))],
        'us-east-1',
      );
      const result = await fetchRegistryAuth(needs, reader(), credentials);
      assert.ok(result.ok);
      assert.deepEqual(
        [...result.value].map(([id, auth]) => [id, auth.username.reveal(), auth.password.reveal()]),
        [
          ['ghcr', 'gh', 'ghpass'],
          ['hub', 'hubuser', 'hubpass'],
        ],
      );
      assert.deepEqual(askedSince(from), ['ghcr', 'hub']);
    });

    test('the first failure ends the resource: later secrets are not read', async () => {
      const from = h.asked.length;
      const needs = registryAuthNeeds(
        [container('a', creds('hub')), container('b', creds('missing')), container('c', creds('ghcr'))],
        'us-east-1',
      );
      const result = await fetchRegistryAuth(needs, reader(), credentials);
      assert.ok(!result.ok);
      assert.equal(result.failures.length, 1);
      const [failure] = result.failures;
      assert.ok(failure?.kind === 'call' && failure.error instanceof AwsCallError);
      assert.equal(failure.secretId, 'missing');
      assert.equal(failure.error.code, 'ResourceNotFoundException');
      assert.deepEqual(askedSince(from), ['hub', 'missing']);
    });

    test('an unusable value fails with the agent text', async () => {
      const result = await fetchRegistryAuth(
        registryAuthNeeds([container('a', creds('plain'))], 'us-east-1'),
        reader(),
        credentials,
      );
      assert.deepEqual(result, {
        ok: false,
        failures: [
          {
            kind: 'value',
            resource: 'asm-auth',
            text: 'asm fetching authorization data: unable to unmarshal secret value, invalid schema',
          },
        ],
      });
    });

    test('no execution credentials: nothing is asked', async () => {
      const from = h.asked.length;
      const result = await fetchRegistryAuth(
        registryAuthNeeds([container('a', creds('hub'))], 'us-east-1'),
        reader(),
        undefined,
      );
      assert.deepEqual(result, {
        ok: false,
        failures: [{ kind: 'no-execution-credentials', resource: 'asm-auth' }],
      });
      assert.deepEqual(askedSince(from), []);
    });
  });

  describe('container secrets (§6.6)', () => {
    test('values by name, a json-key rendered with %v, log options kept apart', async () => {
      const needs = secretNeeds([
        container('app', {
          secrets: [
            { name: 'DB_PASSWORD', valueFrom: `${arns['db']}:password::` },
            { name: 'DB_PORT', valueFrom: `${arns['db']}:port::` },
            { name: 'TOKEN', valueFrom: arns['token']! },
          ],
          logConfiguration: {
            logDriver: 'awslogs',
            secretOptions: [{ name: 'key', valueFrom: arns['token']! }],
          },
        }),
      ]);
      const result = await fetchContainerSecrets(needs, readers(), credentials, 'us-east-1');
      assert.ok(result.ok);
      assert.deepEqual(
        result.value.map((s) => [s.containerName, s.target, s.name, s.value.reveal()]),
        [
          ['app', 'env', 'DB_PASSWORD', 'pw'],
          ['app', 'env', 'DB_PORT', '5432'],
          ['app', 'env', 'TOKEN', 't0ken'],
          ['app', 'log', 'key', 't0ken'],
        ],
      );
    });

    test('every failure is kept, in definition order, and the good ones are still read', async () => {
      const from = h.asked.length;
      const missing = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:gone-AbCdEf';
      const needs = secretNeeds([
        container('a', { secrets: [{ name: 'X', valueFrom: missing }] }),
        container('b', {
          secrets: [
            { name: 'Y', valueFrom: `${arns['db']}:nokey::` },
            { name: 'Z', valueFrom: arns['hub']! },
            { name: 'W', valueFrom: 'db-param' },
            { name: 'V', valueFrom: `${arns['db']}:password` },
          ],
        }),
      ]);
      const result = await fetchContainerSecrets(needs, readers(), credentials, 'us-east-1');
      assert.ok(!result.ok);
      assert.deepEqual(
        result.failures.map((f) =>
          f.kind === 'call' ? [f.kind, f.secretId] : f.kind === 'value' ? [f.kind, f.text] : [f.kind],
        ),
        [
          ['call', missing],
          ['value', 'retrieved secret from Secrets Manager did not contain json key nokey'],
          ['ssm-invalid'],
          [
            'value',
            `trying to retrieve secret with value ${arns['db']}:password resulted in error: an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.`,
          ],
        ],
      );
      assert.deepEqual(askedSince(from).sort(), ['db', 'gone', 'hub']);
    });

    test('no execution credentials: one failure, nothing asked', async () => {
      const from = h.asked.length;
      const needs = secretNeeds([container('a', { secrets: [{ name: 'X', valueFrom: arns['token']! }] })]);
      const result = await fetchContainerSecrets(needs, readers(), undefined, 'us-east-1');
      assert.deepEqual(result, {
        ok: false,
        failures: [{ kind: 'no-execution-credentials', resource: 'asm-secret' }],
      });
      assert.deepEqual(askedSince(from), []);
    });
  });
});
