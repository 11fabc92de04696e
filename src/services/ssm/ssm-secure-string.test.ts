// SecureString through KMS as the caller (kms-port.ts), and IAM on parameter ARNs: the caller's own ssm:* and kms:*
// permissions decide, the AWS managed key aws/ssm works only through SSM (ref aws-iam-and-protocols §1.12, §1.13;
// the KMS texts inside SSM's errors as observed, errors.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  GetKeyPolicyCommand,
} from '@aws-sdk/client-kms';
import {
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  PutParameterCommand,
} from '@aws-sdk/client-ssm';
import { sdkError } from '../../testing/sdk-error.js';
import { parameterArn, ssmAccount, ssmHarness } from '../../testing/ssm-fixtures.js';

const user = (name: string) => `arn:aws:iam::${ssmAccount}:user/${name}`;
const kmsSuffix =
  / \(Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: [0-9a-f-]{36}\)$/;

test('a SecureString is stored and shown as KMS ciphertext under aws/ssm, and decrypted only WithDecryption', async () => {
  const h = ssmHarness();
  await h.ssm.send(
    new PutParameterCommand({ Name: '/app/db', Value: 'hunter2-secret', Type: 'SecureString' }),
  );
  const plain = await h.ssm.send(new GetParameterCommand({ Name: '/app/db', WithDecryption: true }));
  assert.equal(plain.Parameter?.Value, 'hunter2-secret');
  const sealed = await h.ssm.send(new GetParameterCommand({ Name: '/app/db' }));
  const blob = sealed.Parameter!.Value!;
  assert.notEqual(blob, 'hunter2-secret');
  assert.match(blob, /^[A-Za-z0-9+/]+=*$/);
  for (const document of h.persistence.dump()) assert.doesNotMatch(document, /hunter2/);
  const history = await h.ssm.send(new GetParameterHistoryCommand({ Name: '/app/db' }));
  assert.equal(history.Parameters?.[0]?.Value, blob);
  assert.equal(history.Parameters?.[0]?.KeyId, 'alias/aws/ssm');
  // The AWS managed key was made on first use; its policy lets no one decrypt directly, root included.
  const key = await h.kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/ssm' }));
  assert.equal(key.KeyMetadata?.KeyManager, 'AWS');
  assert.equal(
    key.KeyMetadata?.Description,
    'Default key that protects my SSM parameters when no other key is defined',
  );
  const { Policy } = await h.kms.send(
    new GetKeyPolicyCommand({ KeyId: key.KeyMetadata!.KeyId!, PolicyName: 'default' }),
  );
  const policy = JSON.parse(Policy!);
  assert.deepEqual(policy.Statement[0].Condition.StringEquals, {
    'kms:CallerAccount': '000000000000',
    'kms:ViaService': 'ssm.us-east-1.amazonaws.com',
  });
  const direct = await sdkError(
    h.kms.send(
      new DecryptCommand({
        CiphertextBlob: Buffer.from(blob, 'base64'),
        EncryptionContext: { PARAMETER_ARN: parameterArn('/app/db') },
      }),
    ),
  );
  assert.equal(direct.name, 'AccessDeniedException');
});

test('ssm:GetParameter on the ARN decides; aws/ssm needs no KMS permission of the caller', async () => {
  const h = ssmHarness();
  await h.ssm.send(new PutParameterCommand({ Name: '/app/db', Value: 's3cr3t', Type: 'SecureString' }));
  const reader = await h.user('reader', {
    Effect: 'Allow',
    Action: ['ssm:GetParameter', 'ssm:GetParameters'],
    Resource: parameterArn('/app/*'),
  });
  const got = await reader.ssm.send(new GetParameterCommand({ Name: '/app/db', WithDecryption: true }));
  assert.equal(got.Parameter?.Value, 's3cr3t');
  const many = await reader.ssm.send(new GetParametersCommand({ Names: ['/app/db'], WithDecryption: true }));
  assert.equal(many.Parameters?.[0]?.Value, 's3cr3t');
  const nobody = await h.user('nobody', { Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' });
  assert.deepEqual(await sdkError(nobody.ssm.send(new GetParameterCommand({ Name: '/app/db' }))), {
    name: 'AccessDeniedException',
    message:
      `User: ${user('nobody')} is not authorized to perform: ssm:GetParameter on resource: ${parameterArn('/app/db')} ` +
      'because no identity-based policy allows the ssm:GetParameter action',
    status: 400,
  });
  const denied = await sdkError(
    nobody.ssm.send(new GetParametersCommand({ Names: ['/app/db', '/app/other'] })),
  );
  assert.match(
    denied.message,
    /ssm:GetParameters on resource: arn:aws:ssm:us-east-1:000000000000:parameter\/app\/db /,
  );
  const byPath = await sdkError(nobody.ssm.send(new GetParametersByPathCommand({ Path: '/app/' })));
  assert.match(
    byPath.message,
    /ssm:GetParametersByPath on resource: arn:aws:ssm:us-east-1:000000000000:parameter\/app because/,
  );
});

test('a customer managed key: kms:Encrypt to write and kms:Decrypt to read, KMS texts inside SSM errors', async () => {
  const h = ssmHarness();
  const { KeyMetadata } = await h.kms.send(new CreateKeyCommand({}));
  const keyArn = KeyMetadata!.Arn!;
  const writer = await h.user('writer', { Effect: 'Allow', Action: 'ssm:PutParameter', Resource: '*' });
  const refused = await sdkError(
    writer.ssm.send(
      new PutParameterCommand({ Name: '/cmk', Value: 'v', Type: 'SecureString', KeyId: keyArn }),
    ),
  );
  assert.equal(refused.name, 'AccessDeniedException');
  assert.ok(
    refused.message.startsWith(
      `User: ${user('writer')} is not authorized to perform: kms:Encrypt on resource: ${keyArn} because no identity-based policy allows the kms:Encrypt action`,
    ),
  );
  assert.match(refused.message, kmsSuffix);
  await h.ssm.send(
    new PutParameterCommand({ Name: '/cmk', Value: 'v', Type: 'SecureString', KeyId: keyArn }),
  );
  const reader = await h.user('reader', { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' });
  assert.equal(
    (await reader.ssm.send(new GetParameterCommand({ Name: '/cmk' }))).Parameter?.Type,
    'SecureString',
  );
  const decrypt = await sdkError(
    reader.ssm.send(new GetParameterCommand({ Name: '/cmk', WithDecryption: true })),
  );
  assert.equal(decrypt.name, 'AccessDeniedException');
  assert.ok(
    decrypt.message.startsWith(
      'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
    ),
  );
  assert.match(decrypt.message, kmsSuffix);
  const missing = await sdkError(
    h.ssm.send(
      new PutParameterCommand({
        Name: '/nokey',
        Value: 'v',
        Type: 'SecureString',
        KeyId: 'alias/does-not-exist',
      }),
    ),
  );
  assert.equal(missing.name, 'InvalidKeyId');
  assert.doesNotMatch(missing.message, /\bv\b.*Value/);
});

test('tags are condition keys: aws:ResourceTag/… of the parameter, aws:RequestTag/… of PutParameter', async () => {
  const h = ssmHarness();
  await h.ssm.send(
    new PutParameterCommand({
      Name: '/a/x',
      Value: '1',
      Type: 'String',
      Tags: [{ Key: 'team', Value: 'a' }],
    }),
  );
  await h.ssm.send(
    new PutParameterCommand({
      Name: '/b/x',
      Value: '2',
      Type: 'String',
      Tags: [{ Key: 'team', Value: 'b' }],
    }),
  );
  const teamA = await h.user(
    'team-a',
    {
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceTag/team': 'a' } },
    },
    {
      Effect: 'Allow',
      Action: 'ssm:PutParameter',
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestTag/team': 'a' } },
    },
  );
  assert.equal((await teamA.ssm.send(new GetParameterCommand({ Name: '/a/x' }))).Parameter?.Value, '1');
  const other = await sdkError(teamA.ssm.send(new GetParameterCommand({ Name: '/b/x' })));
  assert.equal(other.name, 'AccessDeniedException');
  assert.match(
    other.message,
    /ssm:GetParameter on resource: arn:aws:ssm:us-east-1:000000000000:parameter\/b\/x /,
  );
  await teamA.ssm.send(
    new PutParameterCommand({
      Name: '/a/y',
      Value: '3',
      Type: 'String',
      Tags: [{ Key: 'team', Value: 'a' }],
    }),
  );
  const untagged = await sdkError(
    teamA.ssm.send(new PutParameterCommand({ Name: '/a/z', Value: '4', Type: 'String' })),
  );
  assert.equal(untagged.name, 'AccessDeniedException');
});
