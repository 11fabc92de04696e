// Who may use a KMS key: the key policy is the resource policy and must allow explicitly; the account principal
// delegates to IAM; Decrypt is authorized against the key in the blob (ref aws-iam-and-protocols §1.3, §1.8, §1.12).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  ListKeysCommand,
} from '@aws-sdk/client-kms';
import { accountA, accountB, kmsSecretsHarness, sdkError } from '../../testing/kms-secrets-harness.js';

const decryptDenied =
  'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are ' +
  'not allowed to access.';

async function setup(policy?: unknown) {
  const h = kmsSecretsHarness();
  const root = h.clients('root').kms;
  const { KeyMetadata: key } = await root.send(
    new CreateKeyCommand({ Policy: policy === undefined ? undefined : JSON.stringify(policy) }),
  );
  const { CiphertextBlob } = await root.send(
    new EncryptCommand({ KeyId: key!.KeyId!, Plaintext: Buffer.from('s') }),
  );
  return { h, root, keyId: key!.KeyId!, keyArn: key!.Arn!, blob: CiphertextBlob! };
}

const statement = (principal: string, action: string | string[]) => ({
  Effect: 'Allow',
  Principal: { AWS: principal },
  Action: action,
  Resource: '*',
});

describe('KMS authorization', () => {
  test('a user without policies: IAM text for Encrypt, the deliberate text for Decrypt, identity-only ListKeys', async () => {
    const { h, keyArn, blob } = await setup();
    const kms = h.clients('nobody').kms;
    const encrypt = await sdkError(
      kms.send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from('x') })),
    );
    assert.deepEqual(encrypt, {
      name: 'AccessDeniedException',
      message:
        `User: arn:aws:iam::${accountA}:user/nobody is not authorized to perform: kms:Encrypt on resource: ${keyArn} ` +
        'because no identity-based policy allows the kms:Encrypt action',
      status: 400,
    });
    assert.deepEqual(await sdkError(kms.send(new DecryptCommand({ CiphertextBlob: blob }))), {
      name: 'AccessDeniedException',
      message: decryptDenied,
      status: 400,
    });
    // Decrypt was asked about the key in the blob, never about `*` (ref aws-iam-and-protocols §1.8).
    assert.ok(h.asked.some((a) => a.action === 'kms:Decrypt' && a.resource === keyArn));
    assert.ok(!h.asked.some((a) => a.action === 'kms:Decrypt' && a.resource === '*'));
    const list = await sdkError(kms.send(new ListKeysCommand({})));
    assert.equal(
      list.message,
      `User: arn:aws:iam::${accountA}:user/nobody is not authorized to perform: kms:ListKeys because no ` +
        'identity-based policy allows the kms:ListKeys action',
    );
  });

  test('the default key policy delegates to IAM: an identity allow suffices, an identity deny wins', async () => {
    const { h, keyArn, blob } = await setup();
    h.setPolicies('reader', { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: keyArn });
    const kms = h.clients('reader').kms;
    assert.equal(
      Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(),
      's',
    );
    h.setPolicies(
      'reader',
      { Effect: 'Allow', Action: 'kms:*', Resource: '*' },
      { Effect: 'Deny', Action: 'kms:Decrypt', Resource: keyArn },
    );
    assert.equal(
      (await sdkError(kms.send(new DecryptCommand({ CiphertextBlob: blob })))).message,
      decryptDenied,
    );
  });

  test('a key policy without the account principal makes IAM policies ineffective; naming the user grants alone', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Root', ...statement(`arn:aws:iam::${accountA}:root`, ['kms:PutKeyPolicy', 'kms:Encrypt']) },
        { Sid: 'Session', ...statement(`arn:aws:iam::${accountA}:role/exec`, 'kms:Decrypt') },
      ],
    };
    const { h, keyArn, blob } = await setup(policy);
    // The reader's IAM allows everything, but the key policy neither names it nor delegates Decrypt to IAM.
    h.setPolicies('reader', { Effect: 'Allow', Action: 'kms:*', Resource: '*' });
    assert.equal(
      (await sdkError(h.clients('reader').kms.send(new DecryptCommand({ CiphertextBlob: blob })))).message,
      decryptDenied,
    );
    const describe = await sdkError(h.clients('reader').kms.send(new DescribeKeyCommand({ KeyId: keyArn })));
    assert.match(describe.message, /because no resource-based policy allows the kms:DescribeKey action$/);
    // The role session is named (through its role) and needs no identity policy.
    const { Plaintext } = await h.clients('session').kms.send(new DecryptCommand({ CiphertextBlob: blob }));
    assert.equal(Buffer.from(Plaintext!).toString(), 's');
  });

  test('another account: needs both its IAM allow and the key policy naming it', async () => {
    const { h, root, keyArn, blob } = await setup();
    const outsider = h.clients('outsider').kms;
    h.setPolicies('outsider', { Effect: 'Allow', Action: 'kms:*', Resource: '*' });
    assert.equal(
      (await sdkError(outsider.send(new DecryptCommand({ CiphertextBlob: blob })))).message,
      decryptDenied,
    );
    const { KeyMetadata: shared } = await root.send(
      new CreateKeyCommand({
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Sid: 'Admin', ...statement(accountA, 'kms:*') },
            { Sid: 'B', ...statement(`arn:aws:iam::${accountB}:user/bob`, ['kms:Encrypt', 'kms:Decrypt']) },
          ],
        }),
      }),
    );
    const sharedBlob = await outsider.send(
      new EncryptCommand({ KeyId: shared!.Arn!, Plaintext: Buffer.from('b') }),
    );
    assert.equal(
      Buffer.from(
        (await outsider.send(new DecryptCommand({ CiphertextBlob: sharedBlob.CiphertextBlob }))).Plaintext!,
      ).toString(),
      'b',
    );
    // A key id or alias names a key in the caller's own account only.
    assert.equal(
      (
        await sdkError(
          outsider.send(new EncryptCommand({ KeyId: shared!.KeyId!, Plaintext: Buffer.from('b') })),
        )
      ).name,
      'NotFoundException',
    );
    assert.ok(keyArn);
  });

  test('the aws/secretsmanager key used directly with kms:Decrypt: denied, even to root', async () => {
    const { h } = await setup();
    const root = h.clients('root').kms;
    const managed = (await h.kms()).ensureAwsManagedKey('secretsmanager');
    const denied = await sdkError(
      root.send(new EncryptCommand({ KeyId: 'alias/aws/secretsmanager', Plaintext: Buffer.from('x') })),
    );
    assert.equal(
      denied.message,
      `User: arn:aws:iam::${accountA}:root is not authorized to perform: kms:Encrypt on resource: ${managed.arn} ` +
        'because no resource-based policy allows the kms:Encrypt action',
    );
    // The account may read the key's metadata (statement 3 delegates kms:Describe* to IAM), never use it directly.
    h.setPolicies('reader', { Effect: 'Allow', Action: 'kms:*', Resource: '*' });
    const reader = h.clients('reader').kms;
    assert.equal(
      (await reader.send(new DescribeKeyCommand({ KeyId: managed.keyId }))).KeyMetadata!.KeyManager,
      'AWS',
    );
    const data = await sdkError(
      reader.send(new GenerateDataKeyCommand({ KeyId: managed.arn, KeySpec: 'AES_256' })),
    );
    assert.match(data.message, /kms:GenerateDataKey on resource: .* because no resource-based policy allows/);
  });

  test('CreateAlias needs permission on the alias (IAM) and on the key (key policy)', async () => {
    const { h, keyArn } = await setup();
    const reader = h.clients('reader').kms;
    h.setPolicies('reader', { Effect: 'Allow', Action: 'kms:CreateAlias', Resource: keyArn });
    const onAlias = await sdkError(
      reader.send(new CreateAliasCommand({ AliasName: 'alias/r', TargetKeyId: keyArn })),
    );
    assert.match(
      onAlias.message,
      /kms:CreateAlias on resource: arn:aws:kms:us-east-1:111111111111:alias\/r because/,
    );
    h.setPolicies('reader', {
      Effect: 'Allow',
      Action: 'kms:CreateAlias',
      Resource: [keyArn, `arn:aws:kms:us-east-1:${accountA}:alias/r`],
    });
    await reader.send(new CreateAliasCommand({ AliasName: 'alias/r', TargetKeyId: keyArn }));
  });
  test("kms:ResourceAliases is the key's aliases at the time of the request", async () => {
    const { h, root, keyArn } = await setup();
    const reader = h.clients('reader').kms;
    h.setPolicies('reader', {
      Effect: 'Allow',
      Action: 'kms:Encrypt',
      Resource: '*',
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/app' } },
    });
    const encrypt = () => reader.send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from('x') }));
    assert.equal((await sdkError(encrypt())).name, 'AccessDeniedException');
    await root.send(new CreateAliasCommand({ AliasName: 'alias/other', TargetKeyId: keyArn }));
    assert.equal((await sdkError(encrypt())).name, 'AccessDeniedException');
    await root.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: keyArn }));
    await encrypt();
    await root.send(new DeleteAliasCommand({ AliasName: 'alias/app' }));
    assert.equal((await sdkError(encrypt())).name, 'AccessDeniedException');
  });
});
