// How a SecretId finds a secret (name, full ARN, partial ARN) and how ListSecrets filters and pages (reference
// §4.3; Secrets Manager API reference, Filter).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  type ListSecretsCommandInput,
} from '@aws-sdk/client-secrets-manager';
import { accountA, kmsSecretsHarness, sdkError } from '../../testing/kms-secrets-harness.js';

describe('SecretId lookup', () => {
  test('a name, the full ARN and the partial ARN (without the suffix) find the same secret', async () => {
    const sm = kmsSecretsHarness().clients('root').sm;
    const { ARN } = await sm.send(new CreateSecretCommand({ Name: 'team/db', SecretString: 'x' }));
    const partial = ARN!.slice(0, -7);
    assert.equal(partial, `arn:aws:secretsmanager:us-east-1:${accountA}:secret:team/db`);
    for (const SecretId of ['team/db', ARN!, partial]) {
      assert.equal((await sm.send(new GetSecretValueCommand({ SecretId }))).ARN, ARN, SecretId);
    }
    for (const SecretId of [
      `${partial}-AAAAAA`,
      ARN!.replace('us-east-1', 'eu-west-1'),
      'team/d',
      `${partial}x`,
    ]) {
      const error = await sdkError(sm.send(new DescribeSecretCommand({ SecretId })));
      assert.equal(error.name, 'ResourceNotFoundException', SecretId);
    }
  });

  test('a name ending in "-" and six alphanumerics cannot be found by partial ARN, as on AWS', async () => {
    const sm = kmsSecretsHarness().clients('root').sm;
    const tricky = await sm.send(new CreateSecretCommand({ Name: 'svc-a1b2c3', SecretString: 'x' }));
    assert.equal(
      (await sdkError(sm.send(new GetSecretValueCommand({ SecretId: tricky.ARN!.slice(0, -7) })))).name,
      'ResourceNotFoundException',
    );
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'svc-a1b2c3' }))).ARN, tricky.ARN);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: tricky.ARN! }))).ARN, tricky.ARN);
    const trailing = await sm.send(new CreateSecretCommand({ Name: 'svc-a1b2c3-', SecretString: 'x' }));
    assert.equal(
      (await sm.send(new GetSecretValueCommand({ SecretId: trailing.ARN!.slice(0, -7) }))).ARN,
      trailing.ARN,
    );
  });
});

describe('ListSecrets', () => {
  async function seeded() {
    const h = kmsSecretsHarness();
    const sm = h.clients('root').sm;
    const specs: Array<[string, string | undefined, Array<{ Key: string; Value: string }>]> = [
      ['prod/Database', 'Main credsDatabase for prod', [{ Key: 'env', Value: 'production' }]],
      [
        'prod/registry',
        'Docker Hub robot',
        [
          { Key: 'env', Value: 'production' },
          { Key: 'team', Value: 'platform' },
        ],
      ],
      ['dev/registry', undefined, [{ Key: 'env', Value: 'dev' }]],
      ['database-dev', 'scratch', []],
    ];
    for (const [Name, Description, Tags] of specs) {
      await sm.send(new CreateSecretCommand({ Name, Description, Tags, SecretString: 'x' }));
      h.advance(1000);
    }
    const names = async (input: ListSecretsCommandInput) =>
      (await sm.send(new ListSecretsCommand(input))).SecretList!.map((s) => s.Name!).sort();
    return { sm, names };
  }

  test('name, tag-key, tag-value: prefix, case-sensitive; negation with "!"; filters combine with AND', async () => {
    const { names } = await seeded();
    assert.deepEqual(await names({ Filters: [{ Key: 'name', Values: ['prod/'] }] }), [
      'prod/Database',
      'prod/registry',
    ]);
    assert.deepEqual(await names({ Filters: [{ Key: 'name', Values: ['Prod/'] }] }), []);
    assert.deepEqual(await names({ Filters: [{ Key: 'name', Values: ['dev', 'database'] }] }), [
      'database-dev',
      'dev/registry',
    ]);
    assert.deepEqual(await names({ Filters: [{ Key: 'tag-key', Values: ['te'] }] }), ['prod/registry']);
    assert.deepEqual(await names({ Filters: [{ Key: 'tag-value', Values: ['prod'] }] }), [
      'prod/Database',
      'prod/registry',
    ]);
    assert.deepEqual(
      await names({
        Filters: [
          { Key: 'tag-value', Values: ['prod'] },
          { Key: 'name', Values: ['!prod/D'] },
        ],
      }),
      ['prod/registry'],
    );
  });

  test('description is not case-sensitive; "all" splits words and searches every attribute', async () => {
    const { names } = await seeded();
    assert.deepEqual(await names({ Filters: [{ Key: 'description', Values: ['docker hub'] }] }), [
      'prod/registry',
    ]);
    assert.deepEqual(await names({ Filters: [{ Key: 'all', Values: ['platform'] }] }), ['prod/registry']);
    assert.deepEqual(await names({ Filters: [{ Key: 'all', Values: ['DATABASE'] }] }), [
      'database-dev',
      'prod/Database',
    ]);
    assert.deepEqual(await names({ Filters: [{ Key: 'primary-region', Values: ['us-east-1'] }] }), []);
  });

  test('MaxResults/NextToken page through; SortOrder orders by creation; bad filters are ValidationException', async () => {
    const { sm } = await seeded();
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await sm.send(new ListSecretsCommand({ MaxResults: 3, NextToken, SortOrder: 'desc' }));
      seen.push(...page.SecretList!.map((s) => s.Name!));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(seen, ['database-dev', 'dev/registry', 'prod/registry', 'prod/Database']);
    const byName = await sm.send(new ListSecretsCommand({ SortBy: 'name', SortOrder: 'asc' }));
    assert.deepEqual(
      byName.SecretList!.map((s) => s.Name),
      ['database-dev', 'dev/registry', 'prod/Database', 'prod/registry'],
    );
    const entry = byName.SecretList![2]!;
    assert.deepEqual(entry.Tags, [{ Key: 'env', Value: 'production' }]);
    assert.ok(
      entry.SecretVersionsToStages && Object.values(entry.SecretVersionsToStages)[0]![0] === 'AWSCURRENT',
    );
    const badKey = await sdkError(
      sm.send(new ListSecretsCommand({ Filters: [{ Key: 'colour' as never, Values: ['x'] }] })),
    );
    assert.match(
      badKey.message,
      /^1 validation error detected: Value 'colour' at 'filters.1.member.key' failed/,
    );
    const badValue = await sdkError(
      sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['a*b'] }] })),
    );
    assert.equal(badValue.name, 'ValidationException');
    const tooMany = await sdkError(sm.send(new ListSecretsCommand({ MaxResults: 101 })));
    assert.equal(
      tooMany.message,
      "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
  });

  test('secrets created and deleted between pages are neither skipped nor served twice (keyset NextToken)', async () => {
    const sm = kmsSecretsHarness().clients('root').sm;
    const create = (Name: string) => sm.send(new CreateSecretCommand({ Name, SecretString: 'x' }));
    const remove = (SecretId: string) =>
      sm.send(new DeleteSecretCommand({ SecretId, ForceDeleteWithoutRecovery: true }));
    for (const name of ['s1', 's2', 's3', 's4', 's5', 's6']) await create(name);
    const seen: string[] = [];
    const page = async (NextToken?: string) => {
      const listed = await sm.send(new ListSecretsCommand({ SortBy: 'name', MaxResults: 2, NextToken }));
      seen.push(...listed.SecretList!.map((secret) => secret.Name!));
      return listed.NextToken;
    };
    let token = await page();
    // Both seen secrets go (an offset would now skip s3 and s4) and one appears after the cursor.
    await remove('s1');
    await remove('s2');
    await create('s25');
    token = await page(token);
    // One appears before the cursor (an offset would now serve s3 again).
    await create('s0');
    while (token) token = await page(token);
    assert.deepEqual(seen, ['s1', 's2', 's25', 's3', 's4', 's5', 's6']);
  });
});
