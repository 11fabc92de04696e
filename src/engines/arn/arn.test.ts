import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isBerthError } from '../../errors/index.js';
import { arnBuilders } from './arn-builders.js';
import { arnMatches } from './arn-matches.js';
import { formatArn, parseArn, tryParseArn } from './parse-arn.js';
import { wildcardMatches } from './wildcard.js';

describe('parsing ARNs', () => {
  test('six fields; the resource keeps its own colons and slashes', () => {
    assert.deepEqual(parseArn('arn:aws:secretsmanager:us-east-1:111122223333:secret:db/prod:x-AbCdEf'), {
      partition: 'aws',
      service: 'secretsmanager',
      region: 'us-east-1',
      account: '111122223333',
      resource: 'secret:db/prod:x-AbCdEf',
    });
    assert.deepEqual(tryParseArn('arn:aws:s3:::bucket/key'), {
      partition: 'aws',
      service: 's3',
      region: '',
      account: '',
      resource: 'bucket/key',
    });
  });
  test('not ARNs', () => {
    for (const text of [
      '',
      'arn',
      'arn:aws:s3',
      'arn:aws:s3:::',
      'arn::s3:::b',
      'arn:aws::::b',
      'ARN:aws:s3:::b',
      'secret-name',
    ]) {
      assert.equal(tryParseArn(text), undefined, text);
    }
    assert.throws(
      () => parseArn('registry-creds'),
      (e: unknown) =>
        isBerthError(e) && e.code === 'BERTH_INVALID_ARN' && e.message.includes("'registry-creds'"),
    );
  });
  test('format is the inverse of parse', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z-]{1,8}$/),
        fc.stringMatching(/^[a-z0-9-]{1,12}$/),
        fc.stringMatching(/^[a-z0-9-]{0,12}$/),
        fc.stringMatching(/^\d{0,12}$/),
        fc.string({ minLength: 1 }),
        (partition, service, region, account, resource) => {
          const arn = { partition, service, region, account, resource };
          assert.deepEqual(parseArn(formatArn(arn)), arn);
        },
      ),
    );
  });
  test('builders make the documented formats', () => {
    assert.equal(arnBuilders.role('aws', '111122223333', 'exec'), 'arn:aws:iam::111122223333:role/exec');
    assert.equal(
      arnBuilders.role('aws', '111122223333', 'exec', '/ecs/'),
      'arn:aws:iam::111122223333:role/ecs/exec',
    );
    assert.equal(arnBuilders.assumedRole('aws', '1', 'exec', 's'), 'arn:aws:sts::1:assumed-role/exec/s');
    assert.equal(
      arnBuilders.secret('aws', 'us-east-1', '1', 'db-AbCdEf'),
      'arn:aws:secretsmanager:us-east-1:1:secret:db-AbCdEf',
    );
    assert.equal(
      arnBuilders.awsManagedPolicy('aws', 'ReadOnlyAccess'),
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    );
    assert.equal(
      arnBuilders.kmsAlias('aws', 'us-east-1', '1', 'alias/aws/secretsmanager'),
      'arn:aws:kms:us-east-1:1:alias/aws/secretsmanager',
    );
  });
});

describe('IAM wildcard matching — ref aws-iam-and-protocols §1.8', () => {
  test('* is any run, ? exactly one character, the rest literal (regex characters included)', () => {
    assert.ok(wildcardMatches('a*c', 'abbbc'));
    assert.ok(wildcardMatches('a*c', 'ac'));
    assert.ok(wildcardMatches('a?c', 'abc'));
    assert.ok(!wildcardMatches('a?c', 'ac'));
    assert.ok(wildcardMatches('a.c', 'a.c'));
    assert.ok(!wildcardMatches('a.c', 'abc'));
    assert.ok(wildcardMatches('(x)+[y]', '(x)+[y]'));
    assert.ok(wildcardMatches('a*', 'a\nb'));
    assert.ok(!wildcardMatches('A*', 'abc'));
    assert.ok(wildcardMatches('A*', 'abc', { ignoreCase: true }));
  });
  test('agrees with a plain backtracking matcher on random patterns', () => {
    const alphabet = fc.constantFrom('a', 'b', '.', '*', '?', '\\', '$');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 8 }),
        fc.array(fc.constantFrom('a', 'b', '.', '*', '?', '\\', '$'), { maxLength: 8 }),
        (p, v) => {
          const pattern = p.join('');
          const value = v.join('');
          assert.equal(wildcardMatches(pattern, value), reference(pattern, value), `${pattern} vs ${value}`);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('ARN matching — ref aws-iam-and-protocols §1.8 (Resource), §1.9 (ARN operators)', () => {
  const secret = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db/prod-AbCdEf';
  const cases: [string, string, boolean][] = [
    ['*', secret, true],
    [secret, secret, true],
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:*', secret, true],
    ['arn:aws:secretsmanager:*:*:*', secret, true],
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:db/prod-??????', secret, true],
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:db/prod', secret, false],
    ['arn:aws:secretsmanager:us-east-?:111122223333:secret:*', secret, true],
    ['arn:aws:secretsmanager:us-east-1:*', secret, false],
    ['arn:aws:secretsmanager:*', secret, false],
    ['arn:aws:SecretsManager:us-east-1:111122223333:secret:*', secret, false],
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:DB/*', secret, false],
    ['arn:aws:secretsmanager:us-east-1:111122223333:*prod*', secret, true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a:b/c', true],
    ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/a', false],
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:*', '*', false],
  ];
  for (const [pattern, arn, expected] of cases) {
    test(`${pattern} ${expected ? 'matches' : 'does not match'} ${arn}`, () =>
      assert.equal(arnMatches(pattern, arn), expected));
  }
});

/** The obvious exponential matcher, as the oracle for the compiled one. */
function reference(pattern: string, value: string): boolean {
  if (pattern === '') return value === '';
  const [head, rest] = [pattern[0]!, pattern.slice(1)];
  if (head === '*') return reference(rest, value) || (value !== '' && reference(pattern, value.slice(1)));
  if (value === '') return false;
  return (head === '?' || head === value[0]) && reference(rest, value.slice(1));
}
