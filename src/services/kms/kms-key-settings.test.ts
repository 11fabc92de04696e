// The key settings Terraform's aws_kms_key reads and writes (docs/iac.md): automatic rotation (a stored flag, KMS API
// reference Enable/Disable/GetKeyRotationStatus; berth never rotates material) and resource tags (TagResource,
// UntagResource, ListResourceTags), through the SDK v3, with the key states of the KMS Developer Guide's key-state
// table and tag condition keys (ref aws-iam-and-protocols §1.11).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CancelKeyDeletionCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  GetKeyRotationStatusCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-kms';
import { accountA, kmsSecretsHarness, sdkError } from '../../testing/kms-secrets-harness.js';

const day = 86_400_000;

async function setup() {
  const h = kmsSecretsHarness();
  const kms = h.clients('root').kms;
  const { KeyMetadata: key } = await kms.send(
    new CreateKeyCommand({ Tags: [{ TagKey: 'team', TagValue: 'platform' }] }),
  );
  return { h, kms, keyId: key!.KeyId!, arn: key!.Arn!, created: key!.CreationDate!.getTime() };
}

describe('KMS key rotation', () => {
  test('off by default; EnableKeyRotation stores a period (365 unless given) and the next date', async () => {
    const { h, kms, keyId, arn, created } = await setup();
    assert.deepEqual(pick(await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))), {
      KeyRotationEnabled: false,
      KeyId: arn,
    });
    await kms.send(new EnableKeyRotationCommand({ KeyId: arn }));
    const { NextRotationDate, ...enabled } = pick(
      await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId })),
    );
    assert.deepEqual(enabled, { KeyRotationEnabled: true, KeyId: arn, RotationPeriodInDays: 365 });
    near(NextRotationDate, created + 365 * day);
    // A new period on a key that rotates changes the period; the schedule still counts from enabling.
    await kms.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 90 }));
    h.advance(100 * day);
    const changed = pick(await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId })));
    assert.equal(changed.RotationPeriodInDays, 90);
    near(changed.NextRotationDate, created + 180 * day);
    await kms.send(new DisableKeyRotationCommand({ KeyId: keyId }));
    assert.equal(
      (await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled,
      false,
    );
    const short = await sdkError(
      kms.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 30 })),
    );
    assert.deepEqual(short, {
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '30' at 'rotationPeriodInDays' failed to satisfy constraint: Member " +
        'must have value greater than or equal to 90',
      status: 400,
    });
  });

  test('a disabled key keeps its setting but cannot change it; pending deletion reports false until cancelled', async () => {
    const { kms, keyId, arn } = await setup();
    await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
    await kms.send(new DisableKeyCommand({ KeyId: keyId }));
    assert.equal(
      (await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled,
      true,
    );
    assert.deepEqual(await sdkError(kms.send(new DisableKeyRotationCommand({ KeyId: keyId }))), {
      name: 'DisabledException',
      message: `${arn} is disabled.`,
      status: 400,
    });
    await kms.send(new EnableKeyCommand({ KeyId: keyId }));
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    assert.equal(
      (await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled,
      false,
    );
    assert.deepEqual(await sdkError(kms.send(new EnableKeyRotationCommand({ KeyId: keyId }))), {
      name: 'KMSInvalidStateException',
      message: `${arn} is pending deletion.`,
      status: 400,
    });
    await kms.send(new CancelKeyDeletionCommand({ KeyId: keyId }));
    assert.equal(
      (await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled,
      true,
    );
  });

  test('an AWS managed key rotates yearly and its rotation cannot be changed, even by root', async () => {
    const { h, kms } = await setup();
    const managed = (await h.kms()).ensureAwsManagedKey('secretsmanager');
    const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: managed.keyId }));
    assert.deepEqual([status.KeyRotationEnabled, status.RotationPeriodInDays], [true, 365]);
    const refused = await sdkError(kms.send(new DisableKeyRotationCommand({ KeyId: managed.keyId })));
    assert.equal(refused.name, 'AccessDeniedException');
    assert.match(
      refused.message,
      /kms:DisableKeyRotation on resource: .* because no resource-based policy allows/,
    );
  });

  test('each operation asks for its own action on the key', async () => {
    const { h, keyId, arn } = await setup();
    const nobody = h.clients('nobody').kms;
    for (const [command, action] of [
      [new GetKeyRotationStatusCommand({ KeyId: keyId }), 'GetKeyRotationStatus'],
      [new EnableKeyRotationCommand({ KeyId: keyId }), 'EnableKeyRotation'],
      [new ListResourceTagsCommand({ KeyId: keyId }), 'ListResourceTags'],
    ] as const) {
      const denied = await sdkError(nobody.send(command as never));
      assert.equal(
        denied.message,
        `User: arn:aws:iam::${accountA}:user/nobody is not authorized to perform: kms:${action} on resource: ` +
          `${arn} because no identity-based policy allows the kms:${action} action`,
      );
    }
  });
});

describe('KMS key tags', () => {
  test('TagResource adds and replaces, UntagResource removes, ListResourceTags pages in key order', async () => {
    const { kms, keyId } = await setup();
    await kms.send(
      new TagResourceCommand({
        KeyId: keyId,
        Tags: [
          { TagKey: 'env', TagValue: 'dev' },
          { TagKey: 'team', TagValue: 'payments' },
        ],
      }),
    );
    const first = await kms.send(new ListResourceTagsCommand({ KeyId: keyId, Limit: 1 }));
    assert.deepEqual(first.Tags, [{ TagKey: 'env', TagValue: 'dev' }]);
    assert.equal(first.Truncated, true);
    const rest = await kms.send(new ListResourceTagsCommand({ KeyId: keyId, Marker: first.NextMarker }));
    assert.deepEqual(rest.Tags, [{ TagKey: 'team', TagValue: 'payments' }]);
    assert.equal(rest.Truncated, false);
    await kms.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ['team', 'absent'] }));
    assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags, [
      { TagKey: 'env', TagValue: 'dev' },
    ]);
  });

  test('refusals: aws: keys, a missing Tags list, more than 50 tags, a key pending deletion', async () => {
    const { kms, keyId, arn } = await setup();
    assert.deepEqual(
      await sdkError(
        kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'aws:x', TagValue: 'v' }] })),
      ),
      { name: 'TagException', message: 'Tags beginning with aws: are reserved', status: 400 },
    );
    const missing = await sdkError(
      kms.send(new TagResourceCommand({ KeyId: keyId, Tags: undefined as never })),
    );
    assert.equal(missing.name, 'ValidationException');
    assert.match(
      missing.message,
      /Value null at 'tags' failed to satisfy constraint: Member must not be null/,
    );
    const many = Array.from({ length: 50 }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' }));
    assert.equal(
      (await sdkError(kms.send(new TagResourceCommand({ KeyId: keyId, Tags: many })))).name,
      'LimitExceededException',
    );
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    assert.deepEqual(
      await sdkError(kms.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ['team'] }))),
      { name: 'KMSInvalidStateException', message: `${arn} is pending deletion.`, status: 400 },
    );
    // Nothing changed, and a key pending deletion still lists its tags.
    assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags, [
      { TagKey: 'team', TagValue: 'platform' },
    ]);
  });

  test('TagResource carries aws:RequestTag and aws:TagKeys to the policies that decide', async () => {
    const { h, keyId } = await setup();
    h.setPolicies('reader', {
      Effect: 'Allow',
      Action: 'kms:TagResource',
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:RequestTag/env': 'dev' },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] },
      },
    });
    const reader = h.clients('reader').kms;
    await reader.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'env', TagValue: 'dev' }] }));
    const refused = await sdkError(
      reader.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'env', TagValue: 'prod' }] })),
    );
    assert.equal(refused.name, 'AccessDeniedException');
    const otherKey = await sdkError(
      reader.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ['env'] })),
    );
    assert.match(otherKey.message, /kms:UntagResource/);
  });
});

/** The services' clock runs (from real time, moved by the test): a date within a minute of the one expected. */
function near(actual: unknown, expected: number): void {
  assert.ok(
    typeof actual === 'number' && actual >= expected && actual < expected + 60_000,
    `${actual} ≉ ${expected}`,
  );
}

/** The status members with the date as epoch ms, for deepEqual. */
function pick(status: {
  KeyRotationEnabled?: boolean;
  KeyId?: string;
  RotationPeriodInDays?: number;
  NextRotationDate?: Date;
}): Record<string, unknown> {
  return {
    KeyRotationEnabled: status.KeyRotationEnabled,
    KeyId: status.KeyId,
    ...(status.RotationPeriodInDays === undefined
      ? {}
      : { RotationPeriodInDays: status.RotationPeriodInDays }),
    ...(status.NextRotationDate === undefined ? {} : { NextRotationDate: status.NextRotationDate.getTime() }),
  };
}
