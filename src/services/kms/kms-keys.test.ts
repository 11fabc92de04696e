// KMS key lifecycle through the real SDK v3 client (ref aws-iam-and-protocols §4.4, §1.12).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CancelKeyDeletionCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GetKeyPolicyCommand,
  ListKeysCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { accountA, kmsSecretsHarness, sdkError } from '../../testing/kms-secrets-harness.js';

const day = 86_400_000;

function setup() {
  const h = kmsSecretsHarness();
  return { h, kms: h.clients('root').kms };
}

describe('KMS keys', () => {
  test('CreateKey installs key-default-1 and returns the metadata AWS returns', async () => {
    const { kms } = setup();
    const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({ Description: 'registry creds' }));
    assert.match(key!.KeyId!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(key!.Arn, `arn:aws:kms:us-east-1:${accountA}:key/${key!.KeyId}`);
    assert.deepEqual(
      [
        key!.AWSAccountId,
        key!.KeyState,
        key!.Enabled,
        key!.KeyManager,
        key!.KeySpec,
        key!.KeyUsage,
        key!.Origin,
      ],
      [accountA, 'Enabled', true, 'CUSTOMER', 'SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', 'AWS_KMS'],
    );
    assert.ok(key!.CreationDate instanceof Date);
    const { Policy, PolicyName } = await kms.send(new GetKeyPolicyCommand({ KeyId: key!.KeyId! }));
    assert.equal(PolicyName, 'default');
    assert.deepEqual(JSON.parse(Policy!), {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${accountA}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    });
  });

  test('DescribeKey accepts a key id, key ARN, alias name and alias ARN; creates alias/aws/secretsmanager', async () => {
    const { kms } = setup();
    const managed = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/secretsmanager' }));
    assert.equal(managed.KeyMetadata!.KeyManager, 'AWS');
    assert.equal(
      managed.KeyMetadata!.Description,
      'Default key that protects my Secrets Manager data when no other key is defined',
    );
    const again = await kms.send(
      new DescribeKeyCommand({ KeyId: `arn:aws:kms:us-east-1:${accountA}:alias/aws/secretsmanager` }),
    );
    assert.equal(again.KeyMetadata!.KeyId, managed.KeyMetadata!.KeyId);
    const byArn = await kms.send(new DescribeKeyCommand({ KeyId: managed.KeyMetadata!.Arn! }));
    assert.equal(byArn.KeyMetadata!.KeyId, managed.KeyMetadata!.KeyId);
  });

  test('unknown keys and aliases: NotFoundException with AWS texts (HTTP 400)', async () => {
    const { kms } = setup();
    const id = '00000000-0000-4000-8000-000000000000';
    assert.deepEqual(await sdkError(kms.send(new DescribeKeyCommand({ KeyId: id }))), {
      name: 'NotFoundException',
      message: `Key 'arn:aws:kms:us-east-1:${accountA}:key/${id}' does not exist`,
      status: 400,
    });
    const alias = await sdkError(kms.send(new DescribeKeyCommand({ KeyId: 'alias/nope' })));
    assert.equal(alias.message, `Alias arn:aws:kms:us-east-1:${accountA}:alias/nope is not found.`);
    const invalid = await sdkError(kms.send(new DescribeKeyCommand({ KeyId: 'not-a-key' })));
    assert.deepEqual([invalid.name, invalid.message], ['NotFoundException', "Invalid keyId 'not-a-key'"]);
    const aliasForbidden = await sdkError(
      kms.send(new EnableKeyCommand({ KeyId: 'alias/aws/secretsmanager' })),
    );
    assert.deepEqual(
      [aliasForbidden.name, aliasForbidden.message],
      ['InvalidArnException', 'Key Aliases are not supported for this operation'],
    );
  });

  test('ListKeys pages with Limit/Marker and Truncated', async () => {
    const { kms } = setup();
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!);
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await kms.send(new ListKeysCommand({ Limit: 2, Marker: marker }));
      pages++;
      seen.push(...page.Keys!.map((k) => k.KeyId!));
      for (const k of page.Keys!) assert.equal(k.KeyArn, `arn:aws:kms:us-east-1:${accountA}:key/${k.KeyId}`);
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    assert.equal(pages, 3);
    assert.deepEqual(new Set(seen), ids);
    const bad = await sdkError(kms.send(new ListKeysCommand({ Marker: 'bogus' })));
    assert.equal(bad.name, 'InvalidMarkerException');
  });

  test('DisableKey makes the key unusable (DisabledException); EnableKey restores it', async () => {
    const { kms } = setup();
    const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({}));
    await kms.send(new DisableKeyCommand({ KeyId: key!.KeyId! }));
    assert.equal(
      (await kms.send(new DescribeKeyCommand({ KeyId: key!.KeyId! }))).KeyMetadata!.KeyState,
      'Disabled',
    );
    const disabled = await sdkError(
      kms.send(new EncryptCommand({ KeyId: key!.KeyId!, Plaintext: Buffer.from('x') })),
    );
    assert.deepEqual([disabled.name, disabled.message], ['DisabledException', `${key!.Arn} is disabled.`]);
    await kms.send(new EnableKeyCommand({ KeyId: key!.Arn! }));
    await kms.send(new EncryptCommand({ KeyId: key!.KeyId!, Plaintext: Buffer.from('x') }));
  });

  test('ScheduleKeyDeletion: 7–30 days, KMSInvalidStateException meanwhile, gone afterwards; cancel disables', async () => {
    const { h, kms } = setup();
    const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({}));
    const tooShort = await sdkError(
      kms.send(new ScheduleKeyDeletionCommand({ KeyId: key!.KeyId!, PendingWindowInDays: 6 })),
    );
    assert.deepEqual(
      [tooShort.name, tooShort.message],
      ['ValidationException', 'PendingWindowInDays should be between 7 and 30, but it is 6'],
    );
    const outOfModel = await sdkError(
      kms.send(new ScheduleKeyDeletionCommand({ KeyId: key!.KeyId!, PendingWindowInDays: 400 })),
    );
    assert.equal(
      outOfModel.message,
      "1 validation error detected: Value '400' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 365",
    );
    const scheduled = await kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: key!.KeyId!, PendingWindowInDays: 7 }),
    );
    assert.deepEqual(
      [scheduled.KeyId, scheduled.KeyState, scheduled.PendingWindowInDays],
      [key!.Arn, 'PendingDeletion', 7],
    );
    const pending = await sdkError(
      kms.send(new EncryptCommand({ KeyId: key!.KeyId!, Plaintext: Buffer.from('x') })),
    );
    assert.deepEqual(
      [pending.name, pending.message],
      ['KMSInvalidStateException', `${key!.Arn} is pending deletion.`],
    );
    const twice = await sdkError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: key!.KeyId! })));
    assert.equal(twice.name, 'KMSInvalidStateException');
    const cancelled = await kms.send(new CancelKeyDeletionCommand({ KeyId: key!.KeyId! }));
    assert.equal(cancelled.KeyId, key!.Arn);
    assert.equal(
      (await kms.send(new DescribeKeyCommand({ KeyId: key!.KeyId! }))).KeyMetadata!.KeyState,
      'Disabled',
    );
    const notPending = await sdkError(kms.send(new CancelKeyDeletionCommand({ KeyId: key!.KeyId! })));
    assert.equal(notPending.name, 'KMSInvalidStateException');

    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key!.KeyId! }));
    h.advance(30 * day + 1000);
    assert.equal(
      (await sdkError(kms.send(new DescribeKeyCommand({ KeyId: key!.KeyId! })))).name,
      'NotFoundException',
    );
    assert.equal((await kms.send(new ListKeysCommand({}))).Keys!.length, 0);
  });

  test('PutKeyPolicy validates as a key policy, keeps the lockout safety check, and is read back', async () => {
    const { kms } = setup();
    const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({}));
    const malformed = await sdkError(
      kms.send(new PutKeyPolicyCommand({ KeyId: key!.KeyId!, Policy: '{"Version":' })),
    );
    assert.deepEqual(
      [malformed.name, malformed.message],
      ['MalformedPolicyDocumentException', 'This policy contains invalid Json'],
    );
    const noPrincipal = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }],
    });
    assert.equal(
      (await sdkError(kms.send(new PutKeyPolicyCommand({ KeyId: key!.KeyId!, Policy: noPrincipal })))).name,
      'MalformedPolicyDocumentException',
    );
    const lockout = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${accountA}:user/reader` },
          Action: 'kms:Decrypt',
          Resource: '*',
        },
      ],
    });
    const locked = await sdkError(kms.send(new PutKeyPolicyCommand({ KeyId: key!.KeyId!, Policy: lockout })));
    assert.equal(
      locked.message,
      'The new key policy will not allow you to update the key policy in the future.',
    );
    const keeps = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Admins', Effect: 'Allow', Principal: { AWS: accountA }, Action: 'kms:*', Resource: '*' },
      ],
    });
    await kms.send(new PutKeyPolicyCommand({ KeyId: key!.KeyId!, Policy: keeps }));
    assert.equal((await kms.send(new GetKeyPolicyCommand({ KeyId: key!.KeyId! }))).Policy, keeps);
    await kms.send(
      new PutKeyPolicyCommand({ KeyId: key!.KeyId!, Policy: lockout, BypassPolicyLockoutSafetyCheck: true }),
    );
    // Root is now locked out of its own key: the key policy must allow explicitly (ref aws-iam-and-protocols §1.3).
    assert.equal(
      (await sdkError(kms.send(new GetKeyPolicyCommand({ KeyId: key!.KeyId! })))).name,
      'AccessDeniedException',
    );
  });

  test('the AWS managed key policy cannot be changed, not even by root', async () => {
    const { kms } = setup();
    const { KeyMetadata: key } = await kms.send(
      new DescribeKeyCommand({ KeyId: 'alias/aws/secretsmanager' }),
    );
    const policy = (await kms.send(new GetKeyPolicyCommand({ KeyId: key!.KeyId! }))).Policy!;
    const denied = await sdkError(kms.send(new PutKeyPolicyCommand({ KeyId: key!.KeyId!, Policy: policy })));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, /kms:PutKeyPolicy on resource: .* because no resource-based policy allows/);
    assert.equal(
      (await sdkError(kms.send(new DisableKeyCommand({ KeyId: key!.KeyId! })))).name,
      'AccessDeniedException',
    );
  });

  test('CreateKey refuses what berth cannot do and bad input, creating nothing', async () => {
    const { kms } = setup();
    const asymmetric = await sdkError(
      kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })),
    );
    assert.equal(asymmetric.name, 'UnsupportedOperationException');
    const tooLong = await sdkError(kms.send(new CreateKeyCommand({ Description: 'x'.repeat(8193) })));
    assert.equal(tooLong.name, 'ValidationException');
    const reservedTag = await sdkError(
      kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'aws:x', TagValue: 'y' }] })),
    );
    assert.equal(reservedTag.name, 'TagException');
    assert.equal((await kms.send(new ListKeysCommand({}))).Keys!.length, 0);
  });
});
