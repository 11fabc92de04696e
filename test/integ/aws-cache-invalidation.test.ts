// `berth up` keeps what GetSecretValue reads in memory (parsed documents, compiled policies, opened KMS key
// material, derived identities and signing keys). Every write that changes what those hold must show on the very
// next request: here a role session reads a secret encrypted with a customer managed key, over real HTTP, while
// root changes the secret, the role's policy, the secret's resource policy and the key — one change at a time.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateRoleCommand,
  DeleteRolePolicyCommand,
  IAMClient,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CancelKeyDeletionCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  GetKeyPolicyCommand,
  KMSClient,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import {
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  SecretsManagerClient,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { type BerthProcess, startBerth, stateFileTexts } from './berth-process.js';

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const values = ['first-pa55word-cache', 'second-pa55word-cache', 'third-pa55word-cache'];
const account = '000000000000';

describe('caches of the GetSecretValue path follow every write', () => {
  let berth: BerthProcess;
  let root: ReturnType<typeof clients>;
  let session: ReturnType<typeof clients>;
  let secretArn: string;
  let keyArn: string;
  let keyPolicy: string;
  const clients = (credentials: Credentials) => {
    const config = { endpoint: berth.endpoint, region: berth.region, credentials, maxAttempts: 1 };
    return {
      iam: new IAMClient(config),
      sts: new STSClient(config),
      kms: new KMSClient(config),
      secrets: new SecretsManagerClient(config),
    };
  };
  const rolePolicy = () =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArn },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn },
      ],
    });
  const read = () => session.secrets.send(new GetSecretValueCommand({ SecretId: secretArn }));
  const refused = async () => {
    try {
      await read();
    } catch (error) {
      const e = error as { name: string; message: string };
      return { name: e.name, message: e.message };
    }
    throw new Error('GetSecretValue succeeded');
  };

  before(async () => {
    berth = await startBerth();
    root = clients(berth.credentials);
    const key = await root.kms.send(new CreateKeyCommand({}));
    keyArn = key.KeyMetadata!.Arn!;
    keyPolicy = (await root.kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' })))
      .Policy!;
    const secret = await root.secrets.send(
      new CreateSecretCommand({ Name: 'registry/cached', SecretString: values[0], KmsKeyId: keyArn }),
    );
    secretArn = secret.ARN!;
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: account }, Action: 'sts:AssumeRole' }],
    };
    await root.iam.send(
      new CreateRoleCommand({ RoleName: 'exec', AssumeRolePolicyDocument: JSON.stringify(trust) }),
    );
    await root.iam.send(
      new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'read', PolicyDocument: rolePolicy() }),
    );
    const assumed = await root.sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/exec`, RoleSessionName: 'cache' }),
    );
    const c = assumed.Credentials!;
    session = clients({
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    });
    // Warm every cache on the path before changing anything.
    for (let i = 0; i < 3; i++) assert.equal((await read()).SecretString, values[0]);
  });
  after(async () => {
    await berth?.stop();
  });

  test('PutSecretValue and UpdateSecret: the next read returns the new value', async () => {
    await root.secrets.send(new PutSecretValueCommand({ SecretId: secretArn, SecretString: values[1] }));
    assert.equal((await read()).SecretString, values[1]);
    await root.secrets.send(new UpdateSecretCommand({ SecretId: secretArn, SecretString: values[2] }));
    assert.equal((await read()).SecretString, values[2]);
  });

  test('revoking the role’s policy denies the next read; restoring it allows again', async () => {
    await root.iam.send(new DeleteRolePolicyCommand({ RoleName: 'exec', PolicyName: 'read' }));
    assert.equal((await refused()).name, 'AccessDeniedException');
    await root.iam.send(
      new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'read', PolicyDocument: rolePolicy() }),
    );
    assert.equal((await read()).SecretString, values[2]);
    // Only kms:Decrypt taken away: Secrets Manager's own text for a KMS denial.
    await root.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'exec',
        PolicyName: 'read',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArn }],
        }),
      }),
    );
    assert.deepEqual(await refused(), {
      name: 'AccessDeniedException',
      message: 'Access to KMS is not allowed',
    });
    await root.iam.send(
      new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'read', PolicyDocument: rolePolicy() }),
    );
    assert.equal((await read()).SecretString, values[2]);
  });

  test('a resource policy denying the role applies at once, and its removal too', async () => {
    const deny = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: { AWS: `arn:aws:iam::${account}:role/exec` },
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
        },
      ],
    };
    await root.secrets.send(
      new PutResourcePolicyCommand({ SecretId: secretArn, ResourcePolicy: JSON.stringify(deny) }),
    );
    assert.equal((await refused()).name, 'AccessDeniedException');
    await root.secrets.send(new DeleteResourcePolicyCommand({ SecretId: secretArn }));
    assert.equal((await read()).SecretString, values[2]);
  });

  test('disabling the key, or scheduling its deletion, stops decryption until it is enabled', async () => {
    const decryptionFailure = {
      name: 'DecryptionFailure',
      message: "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
    };
    await root.kms.send(new DisableKeyCommand({ KeyId: keyArn }));
    assert.deepEqual(await refused(), decryptionFailure);
    await root.kms.send(new EnableKeyCommand({ KeyId: keyArn }));
    assert.equal((await read()).SecretString, values[2]);

    await root.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyArn, PendingWindowInDays: 7 }));
    assert.deepEqual(await refused(), decryptionFailure);
    await root.kms.send(new CancelKeyDeletionCommand({ KeyId: keyArn }));
    assert.deepEqual(await refused(), decryptionFailure, 'a cancelled deletion leaves the key disabled');
    await root.kms.send(new EnableKeyCommand({ KeyId: keyArn }));
    assert.equal((await read()).SecretString, values[2]);
  });

  test('a key policy that no longer delegates to IAM denies through KMS; restoring it allows', async () => {
    const rootOnly = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:root` },
          Action: 'kms:*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalType': 'Account' } },
        },
      ],
    };
    await root.kms.send(
      new PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: JSON.stringify(rootOnly) }),
    );
    assert.deepEqual(await refused(), {
      name: 'AccessDeniedException',
      message: 'Access to KMS is not allowed',
    });
    await root.kms.send(new PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: keyPolicy }));
    assert.equal((await read()).SecretString, values[2]);
  });

  test('a secret scheduled for deletion cannot be read until restored', async () => {
    await root.secrets.send(new DeleteSecretCommand({ SecretId: secretArn, RecoveryWindowInDays: 7 }));
    assert.equal((await refused()).name, 'InvalidRequestException');
    await root.secrets.send(new RestoreSecretCommand({ SecretId: secretArn }));
    assert.equal((await read()).SecretString, values[2]);
  });

  test('no secret value reached the log or the state dir in clear', async () => {
    await berth.stop({ removeState: false });
    for (const { path, text } of stateFileTexts(berth.stateDir)) {
      for (const value of values) assert.ok(!text.includes(value), `${value} found in ${path}`);
    }
  });
});
