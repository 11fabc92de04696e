// What berth keeps and what it says: no secret value and no plaintext key material in any persisted document, and
// no value in any response but GetSecretValue's (issue 3 "Bad input and faults"; DESIGN.md, Secret values).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateKeyCommand, DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { kmsSecretsHarness, sdkError } from '../../testing/kms-secrets-harness.js';

const forms = (bytes: Buffer) => [
  bytes.toString('base64'),
  bytes.toString('hex'),
  bytes.toString('base64url'),
];

test('persisted documents hold neither secret values nor plaintext key material; responses hold no values', async () => {
  const h = kmsSecretsHarness();
  const { sm, kms } = h.clients('root');
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
  const values = [
    '{"username":"robot","password":"s3cr3t-Pa55word-0001"}',
    'second-s3cr3t-value-0002',
    'third-s3cr3t-0003',
  ];
  const binary = Buffer.from('binary-s3cr3t-0004-\u0000\u00ff', 'latin1');
  const responses: unknown[] = [];
  responses.push(await sm.send(new CreateSecretCommand({ Name: 'a', SecretString: values[0] })));
  responses.push(
    await sm.send(new CreateSecretCommand({ Name: 'b', SecretBinary: binary, KmsKeyId: KeyMetadata!.KeyId })),
  );
  responses.push(await sm.send(new PutSecretValueCommand({ SecretId: 'a', SecretString: values[1] })));
  responses.push(
    await sm.send(
      new UpdateSecretCommand({ SecretId: 'a', SecretString: values[2], KmsKeyId: KeyMetadata!.Arn }),
    ),
  );
  responses.push(await sm.send(new DescribeSecretCommand({ SecretId: 'a' })));
  responses.push(await sm.send(new ListSecretsCommand({})));
  responses.push(await sm.send(new ListSecretVersionIdsCommand({ SecretId: 'a', IncludeDeprecated: true })));
  const { VersionId } = await sm.send(new GetSecretValueCommand({ SecretId: 'a' }));
  const conflict = await sdkError(
    sm.send(
      new PutSecretValueCommand({ SecretId: 'a', SecretString: 'other', ClientRequestToken: VersionId }),
    ),
  );
  responses.push(conflict);
  assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'a' }))).SecretString, values[2]);

  // Plaintext data keys: one from KMS directly, and the one protecting secret b (root may decrypt it: a CMK).
  const dataKeys: Buffer[] = [];
  const generated = await kms.send(
    new GenerateDataKeyCommand({ KeyId: KeyMetadata!.KeyId, KeySpec: 'AES_256' }),
  );
  dataKeys.push(Buffer.from(generated.Plaintext!));
  const stored = h.persistence.dump().map((doc) => JSON.parse(doc));
  const b = stored.find((doc) => doc.name === 'b');
  const bValue = stored.find((doc) => doc.type === 'binary');
  const opened = await kms.send(
    new DecryptCommand({
      CiphertextBlob: Buffer.from(bValue.dataKey, 'base64'),
      EncryptionContext: { SecretARN: b.arn, SecretVersionId: b.versions[0].versionId },
    }),
  );
  dataKeys.push(Buffer.from(opened.Plaintext!));

  const dump = h.persistence.dump().join('\n');
  for (const value of [...values, binary.toString('latin1')]) {
    const bytes = Buffer.from(value, value === binary.toString('latin1') ? 'latin1' : 'utf8');
    for (const form of [value, ...forms(bytes)])
      assert.ok(!dump.includes(form), `a value is stored in the clear (${form.slice(0, 8)}…)`);
    for (const response of responses)
      assert.ok(!JSON.stringify(response).includes(value), 'a value leaked into a response');
  }
  for (const key of dataKeys) {
    for (const form of forms(key)) assert.ok(!dump.includes(form), 'a plaintext data key is stored');
  }
  const keys = stored.filter((doc) => doc.material !== undefined);
  assert.equal(keys.length, 2, 'the customer key and aws/secretsmanager');
  for (const key of keys) assert.match(key.material, /^v1\.[A-Za-z0-9+/=]+$/, 'key material is sealed');
});

test('a stored value or data key altered at rest is DecryptionFailure, never a wrong value', async () => {
  const h = kmsSecretsHarness();
  const { sm } = h.clients('root');
  const { ARN, VersionId } = await sm.send(new CreateSecretCommand({ Name: 'x', SecretString: 'original' }));
  const key = `${ARN}#${VersionId}`;
  const stored = h.persistence.get<{ type: string; dataKey: string; sealed: string }>(
    'secretsmanager.values',
    key,
  )!;
  const flip = (base64: string) => {
    const bytes = Buffer.from(base64, 'base64');
    bytes[bytes.length - 1]! ^= 0x01;
    return bytes.toString('base64');
  };
  for (const altered of [
    { ...stored, sealed: flip(stored.sealed) },
    { ...stored, dataKey: flip(stored.dataKey) },
  ]) {
    h.persistence.put('secretsmanager.values', key, altered);
    const error = await sdkError(sm.send(new GetSecretValueCommand({ SecretId: 'x' })));
    assert.deepEqual(
      [error.name, error.message],
      [
        'DecryptionFailure',
        "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
      ],
    );
  }
});
