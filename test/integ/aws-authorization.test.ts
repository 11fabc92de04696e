// The authorization matrix of issue 3 over real HTTP against `berth up`: who may read a registry secret, and what
// AWS answers the others (reference/aws-iam-and-protocols.md §1.2, §1.12, §1.13). The cross-account rows (a second
// account's callers) are covered in-process by src/services/secretsmanager/secret-authorization.test.ts, since one
// berth up serves one account.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutResourcePolicyCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { type BerthProcess, startBerth } from './berth-process.js';

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const account = '000000000000';
const value = JSON.stringify({ username: 'u', password: 'matrix-pa55' });
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('authorization matrix over HTTP — issue 3', () => {
  let berth: BerthProcess;
  let secretArn: string;
  let cmkSecretArn: string;
  let managedKeyArn: string;
  const users = new Map<string, Credentials>();
  let session: Credentials;
  const config = (credentials: Credentials) => ({
    endpoint: berth.endpoint,
    region: berth.region,
    credentials,
    maxAttempts: 1,
  });
  const secretsAs = (c: Credentials) => new SecretsManagerClient(config(c));
  const get = (c: Credentials, id: string) => secretsAs(c).send(new GetSecretValueCommand({ SecretId: id }));
  const denied = async (promise: Promise<unknown>, name: string, message: string | RegExp) => {
    await assert.rejects(promise, (e: Error) => {
      assert.equal(e.name, name);
      if (typeof message === 'string') assert.equal(e.message, message);
      else assert.match(e.message, message);
      return true;
    });
  };

  before(async () => {
    berth = await startBerth();
    const root = berth.credentials;
    const iam = new IAMClient(config(root));
    secretArn = (await secretsAs(root).send(new CreateSecretCommand({ Name: 'db', SecretString: value })))
      .ARN!;
    const key = await new KMSClient(config(root)).send(new CreateKeyCommand({}));
    cmkSecretArn = (
      await secretsAs(root).send(
        new CreateSecretCommand({ Name: 'cmk', SecretString: value, KmsKeyId: key.KeyMetadata!.Arn }),
      )
    ).ARN!;
    const described = await new KMSClient(config(root)).send(
      new DescribeKeyCommand({ KeyId: 'alias/aws/secretsmanager' }),
    );
    managedKeyArn = described.KeyMetadata!.Arn!;
    const read = doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    for (const [name, policy] of [
      ['nobody', undefined],
      ['reader', read],
      ['denied', doc({ Effect: 'Deny', Action: 'secretsmanager:*', Resource: secretArn })],
      ['kms-user', doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' })],
    ] as const) {
      await iam.send(new CreateUserCommand({ UserName: name }));
      if (policy)
        await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy }));
      const created = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
      users.set(name, {
        accessKeyId: created.AccessKey!.AccessKeyId!,
        secretAccessKey: created.AccessKey!.SecretAccessKey!,
      });
    }
    // `denied` also reads everything through a managed policy: the explicit deny must still win.
    await iam.send(
      new AttachUserPolicyCommand({
        UserName: 'denied',
        PolicyArn: 'arn:aws:iam::aws:policy/SecretsManagerReadWrite',
      }),
    );
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'exec',
        AssumeRolePolicyDocument: doc({
          Effect: 'Allow',
          Principal: { AWS: account },
          Action: 'sts:AssumeRole',
        }),
      }),
    );
    await iam.send(new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'read', PolicyDocument: read }));
    const assumed = await new STSClient(config(root)).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/exec`, RoleSessionName: 'matrix' }),
    );
    const c = assumed.Credentials!;
    session = {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };
  });
  after(async () => {
    await berth?.stop();
  });

  test('root reads; an IAM user without policies is denied with IAM’s text', async () => {
    assert.equal((await get(berth.credentials, secretArn)).SecretString, value);
    await denied(
      get(users.get('nobody')!, secretArn),
      'AccessDeniedException',
      `User: arn:aws:iam::${account}:user/nobody is not authorized to perform: secretsmanager:GetSecretValue on resource: ${secretArn} because no identity-based policy allows the secretsmanager:GetSecretValue action`,
    );
  });

  test('a user with an allow and a role session with its role’s allow read it', async () => {
    assert.equal((await get(users.get('reader')!, secretArn)).SecretString, value);
    assert.equal((await get(session, secretArn)).SecretString, value);
  });

  test('an explicit deny in an identity policy wins over a managed allow', async () => {
    await denied(
      get(users.get('denied')!, secretArn),
      'AccessDeniedException',
      /with an explicit deny in an identity-based policy$/,
    );
  });

  test('an explicit deny in the secret’s resource policy wins over the identity allow', async () => {
    await secretsAs(berth.credentials).send(
      new PutResourcePolicyCommand({
        SecretId: secretArn,
        ResourcePolicy: doc({
          Effect: 'Deny',
          Principal: { AWS: `arn:aws:iam::${account}:user/reader` },
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
        }),
      }),
    );
    await denied(
      get(users.get('reader')!, secretArn),
      'AccessDeniedException',
      /with an explicit deny in a resource-based policy$/,
    );
    assert.equal((await get(session, secretArn)).SecretString, value);
  });

  test('a customer managed key without kms:Decrypt: "Access to KMS is not allowed"', async () => {
    await denied(get(session, cmkSecretArn), 'AccessDeniedException', 'Access to KMS is not allowed');
  });

  test('the aws/secretsmanager key cannot be used directly, even with kms:* in IAM — ref aws-iam-and-protocols §1.12', async () => {
    // Its key policy allows use only via Secrets Manager (kms:ViaService): a direct Encrypt is refused.
    await denied(
      new KMSClient(config(users.get('kms-user')!)).send(
        new EncryptCommand({ KeyId: 'alias/aws/secretsmanager', Plaintext: new Uint8Array([1, 2, 3]) }),
      ),
      'AccessDeniedException',
      `User: arn:aws:iam::${account}:user/kms-user is not authorized to perform: kms:Encrypt on resource: ${managedKeyArn} because no resource-based policy allows the kms:Encrypt action`,
    );
  });
});
