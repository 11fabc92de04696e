import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alice, allow, decide, execSession, secretArn } from '../../../testing/iam-fixtures.js';
import { parsePolicy } from '../parse-policy.js';

const get = 'secretsmanager:GetSecretValue';

/** Whether a single Allow statement with this Condition grants alice's request in this context. */
function holds(
  condition: Record<string, unknown>,
  context: Record<string, string | string[]> = {},
  version = '2012-10-17',
) {
  const statement = allow(get, '*', { Condition: condition });
  const identity = [parsePolicy({ Version: version, Statement: [statement] }, { kind: 'identity' })];
  return decide(alice, get, secretArn, { identity }, context) === 'Allow';
}

describe('operator families — ref aws-iam-and-protocols §1.9 (operators table)', () => {
  const cases: [string, string, string | string[], string, boolean][] = [
    // operator, key, policy value(s), request value, holds?
    ['StringEquals', 'aws:username', 'alice', 'alice', true],
    ['StringEquals', 'aws:username', 'alice', 'Alice', false],
    ['StringEquals', 'aws:username', ['bob', 'alice'], 'alice', true],
    ['StringNotEquals', 'aws:username', ['bob', 'carol'], 'alice', true],
    ['StringNotEquals', 'aws:username', ['bob', 'alice'], 'alice', false],
    ['StringEqualsIgnoreCase', 'aws:username', 'ALICE', 'alice', true],
    ['StringNotEqualsIgnoreCase', 'aws:username', 'ALICE', 'alice', false],
    ['StringLike', 'aws:username', 'al*', 'alice', true],
    ['StringLike', 'aws:username', 'al?ce', 'alice', true],
    ['StringLike', 'aws:username', 'Al*', 'alice', false],
    ['StringNotLike', 'aws:username', 'b*', 'alice', true],
    ['StringEquals', 'aws:username', 'al*', 'alice', false],
    ['NumericEquals', 'aws:MultiFactorAuthAge', '10', '10', true],
    ['NumericEquals', 'aws:MultiFactorAuthAge', '10', '10.0', true],
    ['NumericNotEquals', 'aws:MultiFactorAuthAge', '10', '11', true],
    ['NumericLessThan', 'aws:MultiFactorAuthAge', '3600', '60', true],
    ['NumericLessThan', 'aws:MultiFactorAuthAge', '3600', '3600', false],
    ['NumericLessThanEquals', 'aws:MultiFactorAuthAge', '3600', '3600', true],
    ['NumericGreaterThan', 'aws:MultiFactorAuthAge', '1.5', '2', true],
    ['NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', '2', '1.9', false],
    ['NumericEquals', 'aws:MultiFactorAuthAge', '10', 'ten', false],
    ['DateLessThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z', '2026-11-22T05:00:00Z', true],
    ['DateGreaterThan', 'aws:CurrentTime', '2030-01-01', '2026-11-22T05:00:00Z', false],
    ['DateEquals', 'aws:CurrentTime', '2026-01-01T00:00:00Z', '1767225600', true],
    ['DateNotEquals', 'aws:CurrentTime', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', true],
    ['DateLessThanEquals', 'aws:EpochTime', '1767225600', '2026-01-01T00:00:00+00:00', true],
    ['DateGreaterThanEquals', 'aws:CurrentTime', 'not a date', '2026-01-01T00:00:00Z', false],
    ['Bool', 'aws:SecureTransport', 'true', 'true', true],
    ['Bool', 'aws:SecureTransport', 'true', 'false', false],
    ['Bool', 'aws:SecureTransport', 'false', 'FALSE', true],
    ['BinaryEquals', 'aws:RequestTag/blob', 'QmluYXJ5VmFsdWU=', 'QmluYXJ5VmFsdWU=', true],
    ['BinaryEquals', 'aws:RequestTag/blob', 'QmluYXJ5VmFsdWU=', 'T3RoZXI=', false],
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', '203.0.113.7', true],
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', '203.0.114.7', false],
    ['IpAddress', 'aws:SourceIp', '203.0.113.7', '203.0.113.7', true],
    ['IpAddress', 'aws:SourceIp', '2001:db8::/32', '2001:db8:1::5', true],
    ['IpAddress', 'aws:SourceIp', '2001:db8::/32', '2001:db9::5', false],
    ['IpAddress', 'aws:SourceIp', '::ffff:192.0.2.0/120', '::ffff:192.0.2.9', true],
    ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', '::1', false],
    ['NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8', '192.168.0.0/16'], '127.0.0.1', true],
    ['NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8', '127.0.0.0/8'], '127.0.0.1', false],
    [
      'ArnLike',
      'aws:SourceArn',
      'arn:aws:ecs:us-east-1:111122223333:*',
      'arn:aws:ecs:us-east-1:111122223333:task/c/1',
      true,
    ],
    [
      'ArnEquals',
      'aws:SourceArn',
      'arn:aws:ecs:*:111122223333:task/*',
      'arn:aws:ecs:eu-west-1:111122223333:task/c/1',
      true,
    ],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:ecs:*', 'arn:aws:ecs:us-east-1:111122223333:task/c/1', false],
    ['StringLike', 'aws:SourceArn', 'arn:aws:ecs:*', 'arn:aws:ecs:us-east-1:111122223333:task/c/1', true],
    [
      'ArnNotLike',
      'aws:SourceArn',
      'arn:aws:ecs:us-east-1:999999999999:*',
      'arn:aws:ecs:us-east-1:111122223333:task/1',
      true,
    ],
    [
      'ArnNotEquals',
      'aws:SourceArn',
      'arn:aws:ecs:us-east-1:111122223333:task/1',
      'arn:aws:ecs:us-east-1:111122223333:task/1',
      false,
    ],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:ecs:us-east-1:111122223333:*', 'not-an-arn', false],
  ];
  for (const [operator, key, values, value, expected] of cases) {
    test(`${operator} ${JSON.stringify(values)} vs ${value} → ${expected}`, () => {
      assert.equal(holds({ [operator]: { [key]: values } }, { [key]: value }), expected);
    });
  }
});

describe('missing keys, IfExists and Null — ref aws-iam-and-protocols §1.9', () => {
  test('a missing key fails a positive operator and satisfies a negated one', () => {
    assert.equal(holds({ StringEquals: { 'aws:username': 'alice' } }), false);
    assert.equal(holds({ StringNotEquals: { 'aws:username': 'alice' } }), true);
    assert.equal(holds({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }), true);
    assert.equal(holds({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:ecs:*:*:*' } }), true);
  });
  test('IfExists: a missing key holds; a present one is tested', () => {
    assert.equal(holds({ StringEqualsIfExists: { 'aws:username': 'alice' } }), true);
    assert.equal(
      holds({ StringEqualsIfExists: { 'aws:username': 'alice' } }, { 'aws:username': 'bob' }),
      false,
    );
    assert.equal(holds({ NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '60' } }), true);
  });
  test('Null: "true" wants the key absent, "false" present', () => {
    assert.equal(holds({ Null: { 'aws:TokenIssueTime': 'true' } }), true);
    assert.equal(
      holds({ Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }),
      false,
    );
    assert.equal(
      holds({ Null: { 'aws:TokenIssueTime': 'false' } }, { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }),
      true,
    );
    assert.equal(holds({ Null: { 'aws:TokenIssueTime': false } }), false);
  });
  test('condition keys are case-insensitive, tag keys included', () => {
    assert.equal(holds({ StringEquals: { 'AWS:USERNAME': 'alice' } }, { 'aws:username': 'alice' }), true);
    assert.equal(
      holds({ StringEquals: { 'aws:PrincipalTag/Team': 'x' } }, { 'aws:principaltag/team': 'x' }),
      true,
    );
  });
  test('several operators, and several keys under one operator, must all hold (AND)', () => {
    const both = {
      StringEquals: { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'ops' },
      Bool: { 'aws:SecureTransport': 'true' },
    };
    assert.equal(
      holds(both, { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'ops', 'aws:SecureTransport': 'true' }),
      true,
    );
    assert.equal(
      holds(both, { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'dev', 'aws:SecureTransport': 'true' }),
      false,
    );
    assert.equal(holds(both, { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'ops' }), false);
  });
});

describe('multivalued keys and set operators — ref aws-iam-and-protocols §1.9', () => {
  const tagKeys = { 'aws:TagKeys': ['team', 'env'] };
  test('ForAnyValue: at least one request value matches; a missing key fails', () => {
    assert.equal(holds({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env', 'cost'] } }, tagKeys), true);
    assert.equal(holds({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['cost'] } }, tagKeys), false);
    assert.equal(holds({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['cost'] } }), false);
    // Even with IfExists (set-operator page; real AWS reported denying it, re:Post QU9HFmDzP0QGuU-fd7rS6B7w).
    assert.equal(holds({ 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': ['cost'] } }), false);
  });
  test('ForAllValues: every request value matches; a missing or empty key holds', () => {
    assert.equal(
      holds({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env', 'cost'] } }, tagKeys),
      true,
    );
    assert.equal(holds({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }, tagKeys), false);
    assert.equal(holds({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }), true);
    assert.equal(
      holds({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }, { 'aws:TagKeys': [] }),
      true,
    );
  });
  test('negated operators under set qualifiers apply per request value', () => {
    assert.equal(holds({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } }, tagKeys), true);
    assert.equal(holds({ 'ForAnyValue:StringNotLike': { 'aws:TagKeys': ['team'] } }, tagKeys), true);
    assert.equal(holds({ 'ForAnyValue:StringNotLike': { 'aws:TagKeys': ['*'] } }, tagKeys), false);
  });
  test('a multivalued key under a plain operator does not match', () => {
    assert.equal(holds({ StringEquals: { 'aws:TagKeys': 'team' } }, tagKeys), false);
  });
});

describe('policy variables — ref aws-iam-and-protocols §1.10', () => {
  const ownSecret = (resource: string, version = '2012-10-17') =>
    parsePolicy({ Version: version, Statement: [allow(get, resource)] }, { kind: 'identity' });
  const prefix = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:';
  test('a variable in the resource resolves from the request context', () => {
    const identity = [ownSecret(`${prefix}\${aws:username}-*`)];
    assert.equal(
      decide(alice, get, `${prefix}alice-AbCdEf`, { identity }, { 'aws:username': 'alice' }),
      'Allow',
    );
    assert.equal(
      decide(alice, get, `${prefix}bob-AbCdEf`, { identity }, { 'aws:username': 'alice' }),
      'ImplicitDeny',
    );
  });
  test('a variable without a value makes the resource entry match nothing; a default fills in', () => {
    assert.equal(
      decide(execSession, get, `${prefix}-AbCdEf`, { identity: [ownSecret(`${prefix}\${aws:username}-*`)] }),
      'ImplicitDeny',
    );
    const withDefault = [ownSecret(`${prefix}\${aws:PrincipalTag/team, 'shared'}-*`)];
    assert.equal(decide(execSession, get, `${prefix}shared-AbCdEf`, { identity: withDefault }), 'Allow');
    assert.equal(
      decide(
        execSession,
        get,
        `${prefix}ops-AbCdEf`,
        { identity: withDefault },
        { 'aws:PrincipalTag/team': 'ops' },
      ),
      'Allow',
    );
  });
  test('under Version 2008-10-17 a variable is plain text', () => {
    const identity = [ownSecret(`${prefix}\${aws:username}-*`, '2008-10-17')];
    assert.equal(
      decide(alice, get, `${prefix}alice-AbCdEf`, { identity }, { 'aws:username': 'alice' }),
      'ImplicitDeny',
    );
    assert.equal(
      decide(alice, get, `${prefix}\${aws:username}-AbCdEf`, { identity }, { 'aws:username': 'alice' }),
      'Allow',
    );
  });
  test('escapes ${*} ${?} ${$} are literal characters, and a value is never a wildcard', () => {
    const identity = [ownSecret(`${prefix}a\${*}b-*`)];
    assert.equal(decide(alice, get, `${prefix}a*b-AbCdEf`, { identity }), 'Allow');
    assert.equal(decide(alice, get, `${prefix}axxb-AbCdEf`, { identity }), 'ImplicitDeny');
    const byName = [ownSecret(`${prefix}\${aws:username}-AbCdEf`)];
    assert.equal(
      decide(alice, get, `${prefix}anything-AbCdEf`, { identity: byName }, { 'aws:username': '*' }),
      'ImplicitDeny',
    );
  });
  test('variables in String and ARN condition values; not in Numeric', () => {
    assert.equal(
      holds(
        { StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } },
        { 'aws:username': 'alice', 'aws:PrincipalTag/owner': 'alice' },
      ),
      true,
    );
    assert.equal(
      holds(
        { StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } },
        { 'aws:PrincipalTag/owner': 'alice' },
      ),
      false,
    );
    assert.equal(
      holds(
        { StringNotEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } },
        { 'aws:PrincipalTag/owner': 'alice' },
      ),
      true,
    );
    assert.equal(
      holds(
        { ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:*:${aws:PrincipalAccount}:*' } },
        {
          'aws:PrincipalAccount': '111122223333',
          'aws:SourceArn': 'arn:aws:ecs:us-east-1:111122223333:task/x',
        },
      ),
      true,
    );
    assert.equal(
      holds(
        { StringEquals: { 'aws:username': '${aws:username}' } },
        { 'aws:username': 'alice' },
        '2008-10-17',
      ),
      false,
    );
  });
  test('role sessions: aws:userid holds a colon, and resolves in the resource field', () => {
    const identity = [ownSecret(`${prefix}\${aws:userid}`)];
    const userid = 'AROAEXAMPLEID:task-1';
    assert.equal(
      decide(execSession, get, `${prefix}${userid}`, { identity }, { 'aws:userid': userid }),
      'Allow',
    );
  });
});
