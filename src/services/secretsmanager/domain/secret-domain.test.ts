import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { words } from './list-filters.js';
import type { VersionEntry } from './secret-document.js';
import { arnSuffix, parseSecretId } from './secret-id.js';
import { sameValue, stringValue } from './secret-value.js';
import { attachLabels, moveLabel, pruneDeprecated } from './staging-labels.js';

const arn = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:';

describe('SecretId forms', () => {
  test('names, full ARNs (6-alphanumeric suffix), partial ARNs and other ARNs', () => {
    assert.deepEqual(parseSecretId('prod/db'), { kind: 'name', name: 'prod/db' });
    assert.deepEqual(parseSecretId(`${arn}prod/db-AbC123`), {
      kind: 'full-arn',
      arn: `${arn}prod/db-AbC123`,
      account: '111111111111',
      region: 'us-east-1',
      name: 'prod/db',
    });
    assert.equal(parseSecretId(`${arn}prod/db`).kind, 'partial-arn');
    assert.equal(parseSecretId(`${arn}prod/db-AbC12`).kind, 'partial-arn');
    assert.equal(parseSecretId(`${arn}db-a1b2c3`).kind, 'full-arn', 'read as full, as AWS does');
    assert.equal(parseSecretId('arn:aws:kms:us-east-1:111111111111:key/x').kind, 'other-arn');
    assert.equal(parseSecretId('arn:broken').kind, 'other-arn');
  });

  test('ARN suffixes are 6 alphanumerics', () => {
    let n = 0;
    const random = { bytes: (length: number) => new Uint8Array(length).map(() => (n = (n * 31 + 7) % 256)) };
    for (let i = 0; i < 50; i++) assert.match(arnSuffix(random), /^[A-Za-z0-9]{6}$/);
  });
});

describe('staging labels', () => {
  const v = (versionId: string, ...stages: string[]): VersionEntry => ({
    versionId,
    stages,
    createdDate: '2024-01-01T00:00:00.000Z',
    keyArn: 'k',
    awsManagedKey: true,
  });
  const labels = (versions: VersionEntry[]) =>
    Object.fromEntries(versions.map((x) => [x.versionId, x.stages]));

  test('moving AWSCURRENT gives its old holder AWSPREVIOUS and takes AWSPREVIOUS from everyone else', () => {
    const versions = [v('1', 'AWSPREVIOUS'), v('2', 'AWSCURRENT', 'X'), v('3', 'AWSPENDING')];
    assert.deepEqual(labels(moveLabel(versions, 'AWSCURRENT', '3')), {
      1: [],
      2: ['AWSPREVIOUS', 'X'],
      3: ['AWSCURRENT', 'AWSPENDING'],
    });
    assert.deepEqual(labels(moveLabel(versions, 'X', undefined)), {
      1: ['AWSPREVIOUS'],
      2: ['AWSCURRENT'],
      3: ['AWSPENDING'],
    });
    assert.deepEqual(moveLabel(versions, 'AWSCURRENT', '2'), versions, 'already there: unchanged');
  });

  test('attachLabels puts several labels on a new version at once', () => {
    const versions = [v('1', 'AWSCURRENT', 'one'), v('2')];
    assert.deepEqual(labels(attachLabels(versions, '2', ['one', 'AWSCURRENT', 'two'])), {
      1: ['AWSPREVIOUS'],
      2: ['AWSCURRENT', 'one', 'two'],
    });
  });

  test('beyond 100 versions, the oldest deprecated versions older than a day go', () => {
    const old = Array.from({ length: 102 }, (_, i) => v(String(i)));
    old[101] = v('101', 'AWSCURRENT');
    const pruned = pruneDeprecated(old, new Date('2024-02-01T00:00:00Z'));
    assert.equal(pruned.length, 100);
    assert.deepEqual(
      pruned.slice(0, 1).map((x) => x.versionId),
      ['2'],
    );
    assert.equal(pruneDeprecated(old, new Date('2024-01-01T12:00:00Z')).length, 102, 'none older than a day');
  });
});

test('search words split at case changes, digits and punctuation', () => {
  assert.deepEqual(words('credsDatabase#892'), ['creds', 'database', '892']);
  assert.deepEqual(words('My_Secret'), ['my', 'secret']);
  assert.deepEqual(words('AWSCurrent'), ['aws', 'current']);
});

test('values compare by type and bytes; printing one shows ***', () => {
  assert.ok(sameValue(stringValue('a'), stringValue('a')));
  assert.ok(!sameValue(stringValue('a'), stringValue('b')));
  assert.equal(JSON.stringify(stringValue('hunter2')), '{"type":"string","value":"***"}');
});
