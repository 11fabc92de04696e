// Versions, staging labels, ClientRequestToken idempotency and value limits (ref aws-iam-and-protocols §4.3); label moves as
// recorded against AWS in localstack's test_update_secret_version_stages_* snapshots.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { kmsSecretsHarness, sdkError } from '../../testing/kms-secrets-harness.js';

const t = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function setup() {
  const h = kmsSecretsHarness();
  const sm = h.clients('root').sm;
  await sm.send(new CreateSecretCommand({ Name: 's', SecretString: 'one', ClientRequestToken: t(1) }));
  const stages = async (includeDeprecated = false) =>
    Object.fromEntries(
      (
        await sm.send(
          new ListSecretVersionIdsCommand({ SecretId: 's', IncludeDeprecated: includeDeprecated }),
        )
      ).Versions!.map((v) => [v.VersionId!, v.VersionStages ?? []]),
    );
  return { h, sm, stages };
}

describe('Secrets Manager versions and staging labels', () => {
  test('PutSecretValue moves AWSCURRENT, the old current becomes AWSPREVIOUS, the older one deprecated', async () => {
    const { sm, stages } = await setup();
    const put = await sm.send(
      new PutSecretValueCommand({ SecretId: 's', SecretString: 'two', ClientRequestToken: t(2) }),
    );
    assert.deepEqual([put.VersionId, put.VersionStages], [t(2), ['AWSCURRENT']]);
    await sm.send(
      new PutSecretValueCommand({ SecretId: 's', SecretString: 'three', ClientRequestToken: t(3) }),
    );
    assert.deepEqual(await stages(), { [t(2)]: ['AWSPREVIOUS'], [t(3)]: ['AWSCURRENT'] });
    assert.deepEqual(await stages(true), { [t(1)]: [], [t(2)]: ['AWSPREVIOUS'], [t(3)]: ['AWSCURRENT'] });
    const listed = await sm.send(new ListSecretVersionIdsCommand({ SecretId: 's', IncludeDeprecated: true }));
    assert.deepEqual(listed.Versions![0]!.KmsKeyIds, ['DefaultEncryptionKey']);
    assert.equal(listed.Versions![0]!.VersionStages, undefined, 'a deprecated version has no VersionStages');
    assert.equal(
      (await sm.send(new GetSecretValueCommand({ SecretId: 's', VersionId: t(1) }))).SecretString,
      'one',
    );
  });

  test('custom stages and AWSPENDING stay where they are put; only named labels move', async () => {
    const { sm, stages } = await setup();
    const pending = await sm.send(
      new PutSecretValueCommand({
        SecretId: 's',
        SecretString: 'p',
        ClientRequestToken: t(2),
        VersionStages: ['AWSPENDING', 'B', 'A'],
      }),
    );
    assert.deepEqual(pending.VersionStages, ['A', 'AWSPENDING', 'B']);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 's' }))).SecretString, 'one');
    await sm.send(
      new PutSecretValueCommand({
        SecretId: 's',
        SecretString: 'q',
        ClientRequestToken: t(3),
        VersionStages: ['A'],
      }),
    );
    assert.deepEqual(await stages(), { [t(1)]: ['AWSCURRENT'], [t(2)]: ['AWSPENDING', 'B'], [t(3)]: ['A'] });
  });

  test('UpdateSecretVersionStage: RemoveFromVersionId required for AWSCURRENT; moving it makes AWSPREVIOUS', async () => {
    const { sm, stages } = await setup();
    await sm.send(
      new PutSecretValueCommand({
        SecretId: 's',
        SecretString: 'p',
        ClientRequestToken: t(2),
        VersionStages: ['AWSPENDING'],
      }),
    );
    const missing = await sdkError(
      sm.send(
        new UpdateSecretVersionStageCommand({
          SecretId: 's',
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: t(2),
        }),
      ),
    );
    assert.deepEqual(
      [missing.name, missing.message],
      [
        'InvalidParameterException',
        `The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version ${t(1)}, so you must explicitly reference that version in RemoveFromVersionId.`,
      ],
    );
    const moved = await sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: 's',
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: t(2),
        RemoveFromVersionId: t(1),
      }),
    );
    assert.equal(moved.Name, 's');
    assert.deepEqual(await stages(), { [t(1)]: ['AWSPREVIOUS'], [t(2)]: ['AWSCURRENT', 'AWSPENDING'] });
    await sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: 's',
        VersionStage: 'AWSPENDING',
        RemoveFromVersionId: t(2),
      }),
    );
    assert.deepEqual(await stages(), { [t(1)]: ['AWSPREVIOUS'], [t(2)]: ['AWSCURRENT'] });
    const unknown = await sdkError(
      sm.send(
        new UpdateSecretVersionStageCommand({ SecretId: 's', VersionStage: 'X', MoveToVersionId: t(9) }),
      ),
    );
    assert.equal(unknown.name, 'InvalidParameterException');
  });

  test('GetSecretValue by VersionId and VersionStage: mismatch and missing labels have AWS texts', async () => {
    const { sm } = await setup();
    const mismatch = await sdkError(
      sm.send(new GetSecretValueCommand({ SecretId: 's', VersionId: t(1), VersionStage: 'AWSPREVIOUS' })),
    );
    assert.deepEqual(
      [mismatch.name, mismatch.message],
      [
        'InvalidRequestException',
        'You provided a VersionStage that is not associated to the provided VersionId.',
      ],
    );
    const label = await sdkError(
      sm.send(new GetSecretValueCommand({ SecretId: 's', VersionStage: 'AWSPENDING' })),
    );
    assert.deepEqual(
      [label.name, label.message],
      [
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
      ],
    );
    const version = await sdkError(sm.send(new GetSecretValueCommand({ SecretId: 's', VersionId: t(7) })));
    assert.equal(
      version.message,
      `Secrets Manager can't find the specified secret value for VersionId: ${t(7)}`,
    );
  });

  test('ClientRequestToken: same token and value is a no-op, another value is refused', async () => {
    const { sm, stages } = await setup();
    const again = await sm.send(
      new PutSecretValueCommand({ SecretId: 's', SecretString: 'one', ClientRequestToken: t(1) }),
    );
    assert.deepEqual([again.VersionId, again.VersionStages], [t(1), ['AWSCURRENT']]);
    assert.deepEqual(await stages(true), { [t(1)]: ['AWSCURRENT'] });
    const changed = await sdkError(
      sm.send(new PutSecretValueCommand({ SecretId: 's', SecretString: 'other', ClientRequestToken: t(1) })),
    );
    assert.deepEqual(
      [changed.name, changed.message],
      ['ResourceExistsException', "You can't modify an existing version, you can only create a new version."],
    );
    const retried = await sm.send(
      new CreateSecretCommand({ Name: 's', SecretString: 'one', ClientRequestToken: t(1) }),
    );
    assert.equal(retried.VersionId, t(1));
    const update = await sdkError(
      sm.send(new UpdateSecretCommand({ SecretId: 's', SecretString: 'one', ClientRequestToken: t(1) })),
    );
    assert.equal(update.name, 'ResourceExistsException');
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 's' }))).SecretString, 'one');
  });

  test('values up to 65,536 bytes; one more is a ValidationException that does not show the value', async () => {
    const { sm } = await setup();
    await sm.send(new PutSecretValueCommand({ SecretId: 's', SecretString: 'a'.repeat(65_536) }));
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 's' }))).SecretString!.length, 65_536);
    for (const SecretString of ['b'.repeat(65_537), 'é'.repeat(32_769)]) {
      const error = await sdkError(sm.send(new PutSecretValueCommand({ SecretId: 's', SecretString })));
      assert.deepEqual(
        [error.name, error.message],
        [
          'ValidationException',
          "1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536",
        ],
      );
    }
    const binary = await sdkError(
      sm.send(new PutSecretValueCommand({ SecretId: 's', SecretBinary: new Uint8Array(65_537) })),
    );
    assert.match(
      binary.message,
      /Value at 'secretBinary' failed to satisfy constraint: Member must have length less than or equal to 65536$/,
    );
    const noValue = await sdkError(sm.send(new PutSecretValueCommand({ SecretId: 's' })));
    assert.equal(noValue.name, 'InvalidParameterException');
    assert.equal((await sm.send(new ListSecretVersionIdsCommand({ SecretId: 's' }))).Versions!.length, 2);
  });

  test('ListSecretVersionIds pages with MaxResults/NextToken', async () => {
    const { sm } = await setup();
    for (let n = 2; n <= 5; n++)
      await sm.send(
        new PutSecretValueCommand({
          SecretId: 's',
          SecretString: `v${n}`,
          ClientRequestToken: t(n),
          VersionStages: [`L${n}`],
        }),
      );
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await sm.send(
        new ListSecretVersionIdsCommand({ SecretId: 's', MaxResults: 2, NextToken }),
      );
      seen.push(...page.Versions!.map((v) => v.VersionId!));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(seen, [t(1), t(2), t(3), t(4), t(5)]);
    const bad = await sdkError(
      sm.send(new ListSecretVersionIdsCommand({ SecretId: 's', NextToken: 'garbage' })),
    );
    assert.equal(bad.name, 'InvalidNextTokenException');
  });
});
