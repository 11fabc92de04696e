// Secrets Manager operations end to end through the real SDK v3 client (ref aws-iam-and-protocols §4.3).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import {
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { accountA, kmsSecretsHarness, sdkError } from '../../testing/kms-secrets-harness.js';

const day = 86_400_000;
const creds = '{"username":"robot","password":"hunter2"}';

function setup() {
  const h = kmsSecretsHarness();
  return { h, sm: h.clients('root').sm, kms: h.clients('root').kms };
}

describe('Secrets Manager secrets', () => {
  test('CreateSecret → GetSecretValue → DescribeSecret, with the ARN suffix and the AWS managed key', async () => {
    const { sm } = setup();
    const created = await sm.send(
      new CreateSecretCommand({ Name: 'prod/registry', SecretString: creds, Description: 'd' }),
    );
    assert.match(
      created.ARN!,
      new RegExp(`^arn:aws:secretsmanager:us-east-1:${accountA}:secret:prod/registry-[A-Za-z0-9]{6}$`),
    );
    assert.equal(created.Name, 'prod/registry');
    const value = await sm.send(new GetSecretValueCommand({ SecretId: 'prod/registry' }));
    assert.deepEqual(
      [value.ARN, value.Name, value.VersionId, value.SecretString, value.VersionStages],
      [created.ARN, 'prod/registry', created.VersionId, creds, ['AWSCURRENT']],
    );
    assert.ok(value.CreatedDate instanceof Date);
    const described = await sm.send(new DescribeSecretCommand({ SecretId: created.ARN! }));
    assert.equal(described.KmsKeyId, undefined, 'omitted for aws/secretsmanager');
    assert.equal(described.Description, 'd');
    assert.deepEqual(described.VersionIdsToStages, { [created.VersionId!]: ['AWSCURRENT'] });
    assert.ok(described.LastAccessedDate instanceof Date);
    assert.equal(described.LastAccessedDate!.getUTCHours(), 0, 'LastAccessedDate is kept to the day');
  });

  test('SecretBinary round-trips as bytes; a customer managed key shows as KmsKeyId', async () => {
    const { sm, kms } = setup();
    const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({}));
    const bytes = new Uint8Array([0, 1, 2, 255, 254]);
    await sm.send(new CreateSecretCommand({ Name: 'bin', SecretBinary: bytes, KmsKeyId: key!.Arn }));
    const value = await sm.send(new GetSecretValueCommand({ SecretId: 'bin' }));
    assert.deepEqual(new Uint8Array(value.SecretBinary!), bytes);
    assert.equal(value.SecretString, undefined);
    assert.equal((await sm.send(new DescribeSecretCommand({ SecretId: 'bin' }))).KmsKeyId, key!.Arn);
    const both = await sdkError(
      sm.send(new CreateSecretCommand({ Name: 'both', SecretBinary: bytes, SecretString: 'x' })),
    );
    assert.deepEqual(
      [both.name, both.message],
      [
        'InvalidParameterException',
        "You can't specify both a binary secret value and a string secret value in the same secret.",
      ],
    );
  });

  test('a name in use, and bad input: AWS texts, nothing created', async () => {
    const { sm } = setup();
    await sm.send(new CreateSecretCommand({ Name: 'dup', SecretString: 'a' }));
    const exists = await sdkError(sm.send(new CreateSecretCommand({ Name: 'dup', SecretString: 'b' })));
    assert.deepEqual(
      [exists.name, exists.message, exists.status],
      ['ResourceExistsException', 'The operation failed because the secret dup already exists.', 400],
    );
    const badName = await sdkError(sm.send(new CreateSecretCommand({ Name: 'bad name', SecretString: 'a' })));
    assert.deepEqual(
      [badName.name, badName.message],
      [
        'ValidationException',
        'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
      ],
    );
    const noId = await sdkError(sm.send(new GetSecretValueCommand({} as never)));
    assert.deepEqual(
      [noId.name, noId.message],
      [
        'ValidationException',
        "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null",
      ],
    );
    const missing = await sdkError(sm.send(new GetSecretValueCommand({ SecretId: 'nope' })));
    assert.deepEqual(
      [missing.name, missing.message],
      ['ResourceNotFoundException', "Secrets Manager can't find the specified secret."],
    );
    assert.equal((await sm.send(new ListSecretsCommand({}))).SecretList!.length, 1);
  });

  test('UpdateSecret: description alone makes no version; a value makes AWSCURRENT and AWSPREVIOUS move', async () => {
    const { sm } = setup();
    const v1 = await sm.send(new CreateSecretCommand({ Name: 'u', SecretString: 'one' }));
    const described = await sm.send(new UpdateSecretCommand({ SecretId: 'u', Description: 'new' }));
    assert.equal(described.VersionId, undefined);
    const v2 = await sm.send(new UpdateSecretCommand({ SecretId: 'u', SecretString: 'two' }));
    assert.ok(v2.VersionId && v2.VersionId !== v1.VersionId);
    const info = await sm.send(new DescribeSecretCommand({ SecretId: 'u' }));
    assert.equal(info.Description, 'new');
    assert.deepEqual(info.VersionIdsToStages, {
      [v1.VersionId!]: ['AWSPREVIOUS'],
      [v2.VersionId!]: ['AWSCURRENT'],
    });
    assert.equal(
      (await sm.send(new GetSecretValueCommand({ SecretId: 'u', VersionStage: 'AWSPREVIOUS' }))).SecretString,
      'one',
    );
  });

  test('DeleteSecret with a recovery window: reads fail, Describe shows DeletedDate, List hides it, Restore undoes', async () => {
    const { sm } = setup();
    const { ARN } = await sm.send(new CreateSecretCommand({ Name: 'd', SecretString: 'x' }));
    const deleted = await sm.send(new DeleteSecretCommand({ SecretId: 'd', RecoveryWindowInDays: 7 }));
    assert.equal(deleted.ARN, ARN);
    assert.ok(Math.abs(deleted.DeletionDate!.getTime() - (Date.now() + 7 * day)) < 60_000);
    const read = await sdkError(sm.send(new GetSecretValueCommand({ SecretId: 'd' })));
    assert.deepEqual(
      [read.name, read.message],
      [
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion.",
      ],
    );
    assert.ok((await sm.send(new DescribeSecretCommand({ SecretId: 'd' }))).DeletedDate instanceof Date);
    assert.equal((await sm.send(new ListSecretsCommand({}))).SecretList!.length, 0);
    assert.equal(
      (await sm.send(new ListSecretsCommand({ IncludePlannedDeletion: true }))).SecretList!.length,
      1,
    );
    const recreate = await sdkError(sm.send(new CreateSecretCommand({ Name: 'd', SecretString: 'y' })));
    assert.equal(
      recreate.message,
      "You can't create this secret because a secret with this name is already scheduled for deletion.",
    );
    const restored = await sm.send(new RestoreSecretCommand({ SecretId: 'd' }));
    assert.deepEqual([restored.ARN, restored.Name], [ARN, 'd']);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'd' }))).SecretString, 'x');
  });

  test('DeleteSecret parameters; the window passes; force deletes at once; recreation gets a new ARN', async () => {
    const { h, sm } = setup();
    const first = await sm.send(new CreateSecretCommand({ Name: 'w', SecretString: 'x' }));
    const both = await sdkError(
      sm.send(
        new DeleteSecretCommand({ SecretId: 'w', RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true }),
      ),
    );
    assert.equal(
      both.message,
      "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    );
    const short = await sdkError(
      sm.send(new DeleteSecretCommand({ SecretId: 'w', RecoveryWindowInDays: 6 })),
    );
    assert.equal(short.name, 'InvalidParameterException');
    await sm.send(new DeleteSecretCommand({ SecretId: 'w' }));
    h.advance(30 * day + 1000);
    assert.equal(
      (await sdkError(sm.send(new DescribeSecretCommand({ SecretId: 'w' })))).name,
      'ResourceNotFoundException',
    );
    const second = await sm.send(new CreateSecretCommand({ Name: 'w', SecretString: 'y' }));
    assert.notEqual(second.ARN, first.ARN);
    assert.equal(
      (await sdkError(sm.send(new GetSecretValueCommand({ SecretId: first.ARN! })))).name,
      'ResourceNotFoundException',
    );
    const forced = await sm.send(
      new DeleteSecretCommand({ SecretId: 'w', ForceDeleteWithoutRecovery: true }),
    );
    assert.equal(forced.ARN, second.ARN);
    assert.equal(
      (await sdkError(sm.send(new DescribeSecretCommand({ SecretId: 'w' })))).name,
      'ResourceNotFoundException',
    );
    // Force-deleting what does not exist is not an error.
    assert.equal(
      (await sm.send(new DeleteSecretCommand({ SecretId: 'w', ForceDeleteWithoutRecovery: true }))).Name,
      'w',
    );
  });

  test('TagResource merges, UntagResource removes; Describe shows Tags: [] once tagged', async () => {
    const { sm } = setup();
    await sm.send(
      new CreateSecretCommand({ Name: 't', SecretString: 'x', Tags: [{ Key: 'team', Value: 'a' }] }),
    );
    await sm.send(
      new TagResourceCommand({
        SecretId: 't',
        Tags: [
          { Key: 'team', Value: 'b' },
          { Key: 'env', Value: 'prod' },
        ],
      }),
    );
    assert.deepEqual((await sm.send(new DescribeSecretCommand({ SecretId: 't' }))).Tags, [
      { Key: 'team', Value: 'b' },
      { Key: 'env', Value: 'prod' },
    ]);
    await sm.send(new UntagResourceCommand({ SecretId: 't', TagKeys: ['team', 'env'] }));
    assert.deepEqual((await sm.send(new DescribeSecretCommand({ SecretId: 't' }))).Tags, []);
  });

  test('resource policies: put (validated as a resource policy), get, delete', async () => {
    const { sm } = setup();
    const { ARN } = await sm.send(new CreateSecretCommand({ Name: 'p', SecretString: 'x' }));
    assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: 'p' }))).ResourcePolicy, undefined);
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${accountA}:role/exec` },
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
        },
      ],
    });
    const put = await sm.send(
      new PutResourcePolicyCommand({ SecretId: 'p', ResourcePolicy: policy, BlockPublicPolicy: true }),
    );
    assert.deepEqual([put.ARN, put.Name], [ARN, 'p']);
    assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: 'p' }))).ResourcePolicy, policy);
    const noPrincipal = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }],
    });
    const bad = await sdkError(
      sm.send(new PutResourcePolicyCommand({ SecretId: 'p', ResourcePolicy: noPrincipal })),
    );
    assert.deepEqual(
      [bad.name, bad.message],
      ['MalformedPolicyDocumentException', 'Missing required field Principal'],
    );
    await sm.send(new DeleteResourcePolicyCommand({ SecretId: 'p' }));
    assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: 'p' }))).ResourcePolicy, undefined);
  });

  test('UpdateSecret KmsKeyId moves the labelled versions to the new key (needs kms on both keys)', async () => {
    const { h, sm, kms } = setup();
    await sm.send(new CreateSecretCommand({ Name: 'k', SecretString: 'v1' }));
    await sm.send(new PutSecretValueCommand({ SecretId: 'k', SecretString: 'v2' }));
    const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({}));
    await sm.send(new UpdateSecretCommand({ SecretId: 'k', KmsKeyId: key!.Arn }));
    const versions = (await sm.send(new ListSecretVersionIdsCommand({ SecretId: 'k' }))).Versions!;
    assert.deepEqual(
      versions.map((v) => v.KmsKeyIds),
      [[key!.Arn], [key!.Arn]],
    );
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'k' }))).SecretString, 'v2');
    assert.equal((await sm.send(new DescribeSecretCommand({ SecretId: 'k' }))).KmsKeyId, key!.Arn);
    // A caller who may read the secret but not use the new key is now refused by KMS.
    h.setPolicies('reader', { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    assert.equal(
      (await sdkError(h.clients('reader').sm.send(new GetSecretValueCommand({ SecretId: 'k' })))).message,
      'Access to KMS is not allowed',
    );
  });
});
