// The authorization matrix of issue 3 for Secrets Manager: IAM, the secret's resource policy, and KMS as the
// caller (ref aws-iam-and-protocols §1.2–§1.4, §1.12, §1.13; peers-and-misconfigurations §C1, §C4, §C5, §C6, §C14).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CreateKeyCommand, DecryptCommand } from '@aws-sdk/client-kms';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-secrets-manager';
import { accountA, accountB, kmsSecretsHarness, sdkError } from '../../testing/kms-secrets-harness.js';

const kmsDenied = { name: 'AccessDeniedException', message: 'Access to KMS is not allowed', status: 400 };

async function setup(kmsKeyId?: (kms: ReturnType<typeof kmsSecretsHarness>) => Promise<string>) {
  const h = kmsSecretsHarness();
  const root = h.clients('root');
  const key = kmsKeyId ? await kmsKeyId(h) : undefined;
  const { ARN } = await root.sm.send(
    new CreateSecretCommand({ Name: 'db', SecretString: 'hunter2', KmsKeyId: key }),
  );
  await root.sm.send(new CreateSecretCommand({ Name: 'other', SecretString: 'x' }));
  const wildcard = `arn:aws:secretsmanager:us-east-1:${accountA}:secret:db-??????`;
  return { h, root, arn: ARN!, wildcard, key };
}

const read = (
  h: ReturnType<typeof kmsSecretsHarness>,
  caller: Parameters<typeof h.clients>[0],
  SecretId: string,
) => h.clients(caller).sm.send(new GetSecretValueCommand({ SecretId }));

const denied = (who: string, resource: string, why: string) =>
  `User: ${who} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${resource} ${why}`;
const noIdentity = 'because no identity-based policy allows the secretsmanager:GetSecretValue action';

describe('Secrets Manager authorization', () => {
  test('root reads; a user without policies gets IAM text, naming the resource as given, even if it does not exist', async () => {
    const { h, arn } = await setup();
    assert.equal((await read(h, 'root', 'db')).SecretString, 'hunter2');
    const user = `arn:aws:iam::${accountA}:user/nobody`;
    assert.deepEqual(await sdkError(read(h, 'nobody', 'db')), {
      name: 'AccessDeniedException',
      message: denied(user, 'db', noIdentity),
      status: 400,
    });
    assert.equal((await sdkError(read(h, 'nobody', arn))).message, denied(user, arn, noIdentity));
    assert.equal((await sdkError(read(h, 'nobody', 'no-such-secret'))).name, 'AccessDeniedException');
  });

  test('an allow on one secret (name-??????): by name and full ARN yes, another secret no, partial ARN no (§C6)', async () => {
    const { h, arn, wildcard } = await setup();
    h.setPolicies('reader', { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: wildcard });
    assert.equal((await read(h, 'reader', 'db')).SecretString, 'hunter2');
    assert.equal((await read(h, 'reader', arn)).SecretString, 'hunter2');
    assert.equal((await sdkError(read(h, 'reader', 'other'))).name, 'AccessDeniedException');
    const partial = arn.slice(0, -7);
    assert.equal(
      (await sdkError(read(h, 'reader', partial))).message,
      denied(`arn:aws:iam::${accountA}:user/reader`, partial, noIdentity),
    );
  });

  test('explicit denies: in the identity policy and in the resource policy (§C14)', async () => {
    const { h, root, arn } = await setup();
    const reader = `arn:aws:iam::${accountA}:user/reader`;
    h.setPolicies(
      'reader',
      { Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' },
      { Effect: 'Deny', Action: 'secretsmanager:GetSecretValue', Resource: arn },
    );
    assert.equal(
      (await sdkError(read(h, 'reader', 'db'))).message,
      denied(reader, 'db', 'with an explicit deny in an identity-based policy'),
    );
    h.setPolicies('reader', { Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' });
    await root.sm.send(
      new PutResourcePolicyCommand({
        SecretId: 'db',
        ResourcePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: { AWS: reader },
              Action: 'secretsmanager:GetSecretValue',
              Resource: '*',
            },
          ],
        }),
      }),
    );
    assert.equal(
      (await sdkError(read(h, 'reader', arn))).message,
      denied(reader, arn, 'with an explicit deny in a resource-based policy'),
    );
  });

  test('a resource policy naming the role grants its session without any identity policy', async () => {
    const { h, root, arn } = await setup();
    assert.equal((await sdkError(read(h, 'session', arn))).name, 'AccessDeniedException');
    await root.sm.send(
      new PutResourcePolicyCommand({
        SecretId: 'db',
        ResourcePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${accountA}:role/exec` },
              Action: 'secretsmanager:GetSecretValue',
              Resource: '*',
            },
          ],
        }),
      }),
    );
    assert.equal((await read(h, 'session', arn)).SecretString, 'hunter2');
    // KMS was asked as the session, via Secrets Manager, about the AWS managed key.
    const managed = (await h.kms()).ensureAwsManagedKey('secretsmanager');
    assert.ok(
      h.asked.some(
        (a) =>
          a.action === 'kms:Decrypt' && a.resource === managed.arn && a.caller.includes('assumed-role/exec'),
      ),
    );
  });

  test('a customer managed key without kms:Decrypt: "Access to KMS is not allowed" (§C4); with it, the value', async () => {
    const { h, arn, wildcard, key } = await setup(
      async (harness) => (await harness.clients('root').kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!,
    );
    h.setPolicies('reader', { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: wildcard });
    assert.deepEqual(await sdkError(read(h, 'reader', arn)), kmsDenied);
    h.setPolicies(
      'reader',
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: wildcard },
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: key,
        Condition: {
          StringEquals: {
            'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com',
            'kms:EncryptionContext:SecretARN': arn,
          },
        },
      },
    );
    assert.equal((await read(h, 'reader', arn)).SecretString, 'hunter2');
    // The same kms:Decrypt called directly does not hold the ViaService condition.
    const blob = JSON.parse(h.persistence.dump().find((doc) => doc.includes('"dataKey"'))!).dataKey;
    const direct = await sdkError(
      h.clients('reader').kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(blob, 'base64') })),
    );
    assert.equal(direct.name, 'AccessDeniedException');
  });

  test('the aws/secretsmanager key used directly with kms:Decrypt is denied, even to root', async () => {
    const { h, arn } = await setup();
    const documents = h.persistence.dump().map((doc) => JSON.parse(doc));
    const secret = documents.find((doc) => doc.arn === arn);
    const value = documents.find((doc) => doc.dataKey !== undefined);
    const context = { SecretARN: arn, SecretVersionId: secret.versions[0].versionId };
    const error = await sdkError(
      h.clients('root').kms.send(
        new DecryptCommand({
          CiphertextBlob: Buffer.from(value.dataKey, 'base64'),
          EncryptionContext: context,
        }),
      ),
    );
    assert.equal(error.name, 'AccessDeniedException');
    assert.match(error.message, /^The ciphertext refers to a customer master key that does not exist/);
  });

  test('account B and a secret under aws/secretsmanager: denied even with both policies allowing (§C5)', async () => {
    const { h, root, arn } = await setup();
    h.setPolicies('outsider', {
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue', 'kms:Decrypt'],
      Resource: '*',
    });
    const bob = `arn:aws:iam::${accountB}:user/bob`;
    assert.match(
      (await sdkError(read(h, 'outsider', arn))).message,
      /because no resource-based policy allows/,
    );
    const share = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: bob }, Action: 'secretsmanager:GetSecretValue', Resource: '*' },
      ],
    };
    await root.sm.send(
      new PutResourcePolicyCommand({ SecretId: 'db', ResourcePolicy: JSON.stringify(share) }),
    );
    assert.deepEqual(await sdkError(read(h, 'outsider', arn)), kmsDenied);
    // A name finds secrets in the caller's own account only.
    assert.equal((await sdkError(read(h, 'outsider', 'db'))).name, 'ResourceNotFoundException');

    // The same share under a customer managed key whose policy names bob works across accounts.
    const { KeyMetadata } = await root.kms.send(
      new CreateKeyCommand({
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: accountA }, Action: 'kms:*', Resource: '*' },
            { Sid: 'Bob', Effect: 'Allow', Principal: { AWS: bob }, Action: 'kms:Decrypt', Resource: '*' },
          ],
        }),
      }),
    );
    const shared = await root.sm.send(
      new CreateSecretCommand({ Name: 'shared', SecretString: 's3', KmsKeyId: KeyMetadata!.Arn }),
    );
    await root.sm.send(
      new PutResourcePolicyCommand({ SecretId: 'shared', ResourcePolicy: JSON.stringify(share) }),
    );
    assert.equal((await read(h, 'outsider', shared.ARN!)).SecretString, 's3');
  });
});
