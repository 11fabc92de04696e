// The seed walkthrough's AWS steps against a real `berth up`, with the AWS SDK v3 over HTTP: the registry secret,
// the execution role trusting ecs-tasks.amazonaws.com, its least-privilege inline policy — and what a role session
// can and cannot do with it. Then a restart keeps everything, and no secret value reached the log.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type BerthProcess, startBerth, stateFileTexts } from './berth-process.js';

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const registrySecret = JSON.stringify({ username: 'alice', password: 'registry-pa55word-e2e' });
const account = '000000000000';

const trust = (principal: object) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
  });

describe('the walkthrough’s AWS steps over HTTP — issue 3 "Done when"', () => {
  let berth: BerthProcess;
  const clients = (credentials: Credentials) => {
    const config = { endpoint: berth.endpoint, region: berth.region, credentials, maxAttempts: 1 };
    return {
      iam: new IAMClient(config),
      sts: new STSClient(config),
      kms: new KMSClient(config),
      secrets: new SecretsManagerClient(config),
    };
  };
  let secretArn: string;
  let cmkSecretArn: string;

  before(async () => {
    berth = await startBerth();
  });
  after(async () => {
    await berth?.stop();
  });

  test('root creates the secret, the execution role and its inline policy', async () => {
    const root = clients(berth.credentials);
    const created = await root.secrets.send(
      new CreateSecretCommand({ Name: 'registry/ghcr', SecretString: registrySecret }),
    );
    secretArn = created.ARN!;
    assert.match(
      secretArn,
      /^arn:aws:secretsmanager:us-east-1:000000000000:secret:registry\/ghcr-[A-Za-z0-9]{6}$/,
    );
    const key = await root.kms.send(new CreateKeyCommand({ Description: 'registry credentials' }));
    const cmk = await root.secrets.send(
      new CreateSecretCommand({
        Name: 'registry/quay',
        SecretString: registrySecret,
        KmsKeyId: key.KeyMetadata!.Arn,
      }),
    );
    cmkSecretArn = cmk.ARN!;

    // The execution role trusts ECS and, for this test, the account (so the root can act as a session of it).
    await root.iam.send(
      new CreateRoleCommand({
        RoleName: 'ecsTaskExecutionRole',
        AssumeRolePolicyDocument: trust({
          Service: 'ecs-tasks.amazonaws.com',
          AWS: `arn:aws:iam::${account}:root`,
        }),
      }),
    );
    await root.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'ecsTaskExecutionRole',
        PolicyName: 'registry-credentials',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: [secretArn, cmkSecretArn] },
          ],
        }),
      }),
    );
  });

  test('a session of the execution role reads exactly that secret, and nothing more', async () => {
    const assumed = await clients(berth.credentials).sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/ecsTaskExecutionRole`,
        RoleSessionName: 'task-1',
      }),
    );
    const c = assumed.Credentials!;
    const session = clients({
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    });
    const me = await session.sts.send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${account}:assumed-role/ecsTaskExecutionRole/task-1`);

    const value = await session.secrets.send(new GetSecretValueCommand({ SecretId: secretArn }));
    assert.equal(value.SecretString, registrySecret);
    assert.deepEqual(value.VersionStages, ['AWSCURRENT']);

    await assert.rejects(
      session.secrets.send(new DescribeSecretCommand({ SecretId: secretArn })),
      (e: Error) => {
        assert.equal(e.name, 'AccessDeniedException');
        assert.equal(
          e.message,
          `User: ${me.Arn} is not authorized to perform: secretsmanager:DescribeSecret on resource: ${secretArn} because no identity-based policy allows the secretsmanager:DescribeSecret action`,
        );
        return true;
      },
    );
    // The customer managed key's default policy delegates to IAM, and the role has no kms:Decrypt.
    await assert.rejects(
      session.secrets.send(new GetSecretValueCommand({ SecretId: cmkSecretArn })),
      (e: Error) => {
        assert.equal(e.name, 'AccessDeniedException');
        assert.equal(e.message, 'Access to KMS is not allowed');
        return true;
      },
    );
  });

  test('unsigned and badly signed requests get AWS’s errors', async () => {
    const wrong = clients({ ...berth.credentials, secretAccessKey: 'not-the-secret' });
    await assert.rejects(
      wrong.secrets.send(new GetSecretValueCommand({ SecretId: secretArn })),
      (e: Error) => {
        assert.equal(e.name, 'InvalidSignatureException');
        return true;
      },
    );
    const unknown = clients({ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' });
    await assert.rejects(
      unknown.sts.send(new GetCallerIdentityCommand({})),
      (e: Error) => e.name === 'InvalidClientTokenId',
    );
  });

  test('state survives a restart; no secret value is in the log', async () => {
    const state = berth.stateDir;
    assert.equal((await berth.stop({ removeState: false })).code, 0);
    berth = await startBerth({ state });
    const value = await clients(berth.credentials).secrets.send(
      new GetSecretValueCommand({ SecretId: 'registry/ghcr' }),
    );
    assert.equal(value.SecretString, registrySecret);
    const log = readFileSync(join(state, 'berth.log'), 'utf8');
    assert.ok(log.includes('"operation":"GetSecretValue"'), 'the access log has the requests');
    for (const leak of ['registry-pa55word-e2e', berth.credentials.secretAccessKey])
      assert.ok(!log.includes(leak), leak);
    // Every file of the state dir (database, WAL, key files, log): no secret value, no root secret in clear.
    for (const { path, text } of stateFileTexts(state)) {
      for (const leak of ['registry-pa55word-e2e', berth.credentials.secretAccessKey]) {
        assert.ok(!text.includes(leak), `${path} holds a secret in clear`);
      }
    }
  });
});
