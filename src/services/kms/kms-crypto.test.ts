// KMS cryptography and aliases through the real SDK v3 client: real AES-256-GCM, the encryption context bound as
// additional data, ciphertext blobs that name their key (ref aws-iam-and-protocols §1.8, §1.12, §4.4).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteAliasCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  ListAliasesCommand,
} from '@aws-sdk/client-kms';
import { accountA, kmsSecretsHarness, sdkError } from '../../testing/kms-secrets-harness.js';

async function setup() {
  const h = kmsSecretsHarness();
  const kms = h.clients('root').kms;
  const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({}));
  return { h, kms, keyId: key!.KeyId!, keyArn: key!.Arn! };
}

const context = {
  SecretARN: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:db-AbCdEf',
  SecretVersionId: 'v1',
};

describe('KMS cryptography', () => {
  test('Encrypt/Decrypt round trip; the blob names its key, so Decrypt needs no KeyId', async () => {
    const { kms, keyId, keyArn } = await setup();
    const encrypted = await kms.send(
      new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('hunter2'), EncryptionContext: context }),
    );
    assert.equal(encrypted.KeyId, keyArn);
    assert.equal(encrypted.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    assert.ok(!Buffer.from(encrypted.CiphertextBlob!).includes('hunter2'));
    // Pair order does not matter; the pairs do.
    const reordered = { SecretVersionId: 'v1', SecretARN: context.SecretARN };
    const decrypted = await kms.send(
      new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: reordered }),
    );
    assert.equal(Buffer.from(decrypted.Plaintext!).toString(), 'hunter2');
    assert.equal(decrypted.KeyId, keyArn);
    const withKeyId = await kms.send(
      new DecryptCommand({
        CiphertextBlob: encrypted.CiphertextBlob,
        EncryptionContext: context,
        KeyId: keyArn,
      }),
    );
    assert.equal(Buffer.from(withKeyId.Plaintext!).toString(), 'hunter2');
  });

  test('a wrong, missing or extra encryption context pair is InvalidCiphertextException', async () => {
    const { kms, keyId } = await setup();
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionContext: context }),
    );
    const contexts: Array<Record<string, string> | undefined> = [
      { ...context, SecretVersionId: 'v2' },
      { SecretARN: context.SecretARN },
      { ...context, extra: 'y' },
      { secretarn: context.SecretARN, SecretVersionId: 'v1' },
      undefined,
    ];
    for (const EncryptionContext of contexts) {
      const error = await sdkError(kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext })));
      assert.deepEqual(
        [error.name, error.status],
        ['InvalidCiphertextException', 400],
        JSON.stringify(EncryptionContext),
      );
    }
  });

  test('a tampered or foreign blob is InvalidCiphertextException; a blob of another key with KeyId is IncorrectKey', async () => {
    const { kms, keyId } = await setup();
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }),
    );
    const tampered = Buffer.from(CiphertextBlob!);
    tampered[tampered.length - 20]! ^= 0x01;
    assert.equal(
      (await sdkError(kms.send(new DecryptCommand({ CiphertextBlob: tampered })))).name,
      'InvalidCiphertextException',
    );
    const garbage = Buffer.from('not a kms ciphertext blob at all');
    assert.equal(
      (await sdkError(kms.send(new DecryptCommand({ CiphertextBlob: garbage })))).name,
      'InvalidCiphertextException',
    );
    const other = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const wrongKey = await sdkError(kms.send(new DecryptCommand({ CiphertextBlob, KeyId: other })));
    assert.deepEqual(
      [wrongKey.name, wrongKey.message],
      [
        'IncorrectKeyException',
        'The key ID in the request does not identify a CMK that can perform this operation.',
      ],
    );
  });

  test('GenerateDataKey (KeySpec or NumberOfBytes) and GenerateDataKeyWithoutPlaintext', async () => {
    const { kms, keyId, keyArn } = await setup();
    const aes = await kms.send(
      new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context }),
    );
    assert.equal(aes.Plaintext!.length, 32);
    assert.equal(aes.KeyId, keyArn);
    const back = await kms.send(
      new DecryptCommand({ CiphertextBlob: aes.CiphertextBlob, EncryptionContext: context }),
    );
    assert.deepEqual(Buffer.from(back.Plaintext!), Buffer.from(aes.Plaintext!));
    assert.equal(
      (await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_128' }))).Plaintext!.length,
      16,
    );
    assert.equal(
      (await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 7 }))).Plaintext!.length,
      7,
    );
    const without = await kms.send(
      new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, KeySpec: 'AES_256' }),
    );
    assert.equal((without as { Plaintext?: unknown }).Plaintext, undefined);
    assert.equal(
      (await kms.send(new DecryptCommand({ CiphertextBlob: without.CiphertextBlob }))).Plaintext!.length,
      32,
    );
    for (const input of [{}, { KeySpec: 'AES_256' as const, NumberOfBytes: 32 }]) {
      const error = await sdkError(kms.send(new GenerateDataKeyCommand({ KeyId: keyId, ...input })));
      assert.deepEqual(
        [error.name, error.message],
        ['ValidationException', 'Please specify either number of bytes or key spec.'],
      );
    }
    const tooMany = await sdkError(
      kms.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 1025 })),
    );
    assert.equal(
      tooMany.message,
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    );
  });

  test('input validation: plaintext limits name the member without its value; DryRun stops before the work', async () => {
    const { kms, keyId } = await setup();
    const big = await sdkError(
      kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.alloc(4097, 1) })),
    );
    assert.equal(
      big.message,
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
    const dry = await sdkError(
      kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), DryRun: true })),
    );
    assert.equal(dry.name, 'DryRunOperationException');
    const rsa = await sdkError(
      kms.send(
        new EncryptCommand({
          KeyId: keyId,
          Plaintext: Buffer.from('x'),
          EncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
        }),
      ),
    );
    assert.equal(rsa.name, 'InvalidKeyUsageException');
  });
});

describe('KMS aliases', () => {
  test('CreateAlias, use by alias name and alias ARN, ListAliases (also by key), DeleteAlias', async () => {
    const { kms, keyId, keyArn } = await setup();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/registry', TargetKeyId: keyArn }));
    const byName = await kms.send(
      new EncryptCommand({ KeyId: 'alias/registry', Plaintext: Buffer.from('x') }),
    );
    assert.equal(byName.KeyId, keyArn);
    const aliasArn = `arn:aws:kms:us-east-1:${accountA}:alias/registry`;
    assert.equal(
      (await kms.send(new EncryptCommand({ KeyId: aliasArn, Plaintext: Buffer.from('x') }))).KeyId,
      keyArn,
    );
    const listed = await kms.send(new ListAliasesCommand({ KeyId: keyId }));
    assert.deepEqual(
      listed.Aliases!.map((a) => [a.AliasName, a.AliasArn, a.TargetKeyId]),
      [['alias/registry', aliasArn, keyId]],
    );
    assert.equal(listed.Truncated, false);
    const exists = await sdkError(
      kms.send(new CreateAliasCommand({ AliasName: 'alias/registry', TargetKeyId: keyId })),
    );
    assert.deepEqual(
      [exists.name, exists.message],
      ['AlreadyExistsException', `An alias with the name ${aliasArn} already exists`],
    );
    await kms.send(new DeleteAliasCommand({ AliasName: 'alias/registry' }));
    const gone = await sdkError(kms.send(new DeleteAliasCommand({ AliasName: 'alias/registry' })));
    assert.deepEqual([gone.name, gone.message], ['NotFoundException', `Alias ${aliasArn} is not found.`]);
  });

  test('alias names: the alias/ prefix, the reserved alias/aws/ space and the pattern', async () => {
    const { kms, keyId } = await setup();
    const prefix = await sdkError(
      kms.send(new CreateAliasCommand({ AliasName: 'registry', TargetKeyId: keyId })),
    );
    assert.equal(prefix.name, 'ValidationException');
    assert.match(prefix.message, /^Alias must start with the prefix "alias\/"/);
    const reserved = await sdkError(
      kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/mine', TargetKeyId: keyId })),
    );
    assert.equal(reserved.name, 'NotAuthorizedException');
    const pattern = await sdkError(
      kms.send(new CreateAliasCommand({ AliasName: 'alias/with space', TargetKeyId: keyId })),
    );
    assert.match(pattern.message, /^1 validation error detected: Value 'alias\/with space' at 'aliasName'/);
    assert.equal((await kms.send(new ListAliasesCommand({}))).Aliases!.length, 0);
  });

  test('ListAliases pages by Limit/Marker; an alias deleted or added between pages is neither skipped nor repeated', async () => {
    const { kms, keyId } = await setup();
    for (const n of [1, 2, 4, 5])
      await kms.send(new CreateAliasCommand({ AliasName: `alias/a${n}`, TargetKeyId: keyId }));
    const first = await kms.send(new ListAliasesCommand({ Limit: 2 }));
    assert.deepEqual(
      first.Aliases!.map((a) => a.AliasName),
      ['alias/a1', 'alias/a2'],
    );
    assert.equal(first.Truncated, true);
    // The next alias goes and one appears after the cursor: a marker naming "the next item" would now be invalid.
    await kms.send(new DeleteAliasCommand({ AliasName: 'alias/a4' }));
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/a3', TargetKeyId: keyId }));
    const second = await kms.send(new ListAliasesCommand({ Limit: 2, Marker: first.NextMarker }));
    assert.deepEqual(
      second.Aliases!.map((a) => a.AliasName),
      ['alias/a3', 'alias/a5'],
    );
    assert.equal(second.Truncated, false);
    assert.equal(second.NextMarker, undefined);
    const bad = await sdkError(kms.send(new ListAliasesCommand({ Marker: 'bogus' })));
    assert.deepEqual([bad.name, bad.message], ['InvalidMarkerException', 'Invalid marker']);
  });
});
