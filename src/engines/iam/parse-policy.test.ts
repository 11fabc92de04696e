import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isBerthError } from '../../errors/index.js';
import { malformedMessages as say } from './malformed.js';
import { parsePolicy, validatePolicy } from './parse-policy.js';
import type { PolicyKind } from './policy.js';
import { policySize, policySizeLimits } from './policy-size.js';
import { RequestContext } from './request-context.js';

const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
const doc = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const problem = (document: unknown, kind: PolicyKind = 'identity') => validatePolicy(document, { kind });

describe('policy grammar — ref aws-iam-and-protocols §1.8 and §1.14 (IAM MalformedPolicyDocument texts)', () => {
  test('a statement object or array, Version 2012-10-17, 2008-10-17 or none', () => {
    assert.equal(problem({ Version: '2012-10-17', Statement: ok }), undefined);
    assert.equal(problem({ Version: '2008-10-17', Statement: [ok] }), undefined);
    assert.equal(problem({ Statement: [ok] }), undefined);
    assert.equal(parsePolicy({ Statement: [ok] }, { kind: 'identity' }).version, '2008-10-17');
    assert.equal(
      problem('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'),
      undefined,
    );
  });
  const malformedCases: [string, unknown, string, PolicyKind?][] = [
    ['not JSON', '{"Version": ', say.invalidJson],
    ['URL-encoded JSON', '%7B%22Version%22%3A%222012-10-17%22%7D', say.invalidJson],
    ['not an object', '[]', say.syntax],
    ['an unknown version', { Version: '2012-10-18', Statement: [ok] }, say.legacyParsing],
    ['an unknown top-level key', { Version: '2012-10-17', Statement: [ok], Condition: {} }, say.syntax],
    ['no Statement', { Version: '2012-10-17' }, say.syntax],
    ['an empty Statement list', doc(), say.syntax],
    ['a bad Effect', doc({ ...ok, Effect: 'allow' }), say.syntax],
    ['an unknown statement key', doc({ ...ok, Actions: 's3:*' }), say.syntax],
    ['no Action', doc({ Effect: 'Allow', Resource: '*' }), say.missingActions],
    ['Action and NotAction together', doc({ ...ok, NotAction: 'iam:*' }), say.syntax],
    ['an action without a vendor', doc({ ...ok, Action: 'GetObject' }), say.vendorPrefix],
    ['an action with two colons', doc({ ...ok, Action: 's3:Get:Object' }), say.oneColon],
    ['no Resource in an identity policy', doc({ Effect: 'Allow', Action: 's3:*' }), say.missingResources],
    ['a resource that is not an ARN', doc({ ...ok, Resource: 'my-bucket' }), say.resourceFormat('my-bucket')],
    ['a Principal in an identity policy', doc({ ...ok, Principal: '*' }), say.principalInIdentityPolicy],
    ['duplicate Sids', doc({ ...ok, Sid: 'A' }, { ...ok, Sid: 'A' }), say.duplicateSid],
    ['a Sid with a space in an IAM policy', doc({ ...ok, Sid: 'Read objects' }), say.sidNotAlphanumeric],
    ['a value of the wrong type', doc({ ...ok, Action: { s3: 'GetObject' } }), say.syntax],
    [
      'an unknown condition operator',
      doc({ ...ok, Condition: { StringEqual: { 'aws:username': 'a' } } }),
      say.syntax,
    ],
    ['a condition without an operator', doc({ ...ok, Condition: { 'aws:username': 'a' } }), say.syntax],
    [
      'a condition key without a vendor',
      doc({ ...ok, Condition: { StringEquals: { username: 'a' } } }),
      say.vendorPrefix,
    ],
    [
      'Null with IfExists',
      doc({ ...ok, Condition: { NullIfExists: { 'aws:username': 'true' } } }),
      say.syntax,
    ],
    [
      'a trust policy with a Resource',
      doc({ ...ok, Principal: { Service: 'ecs-tasks.amazonaws.com' } }),
      say.prohibitedField('Resource'),
      'trust',
    ],
    [
      'a trust policy without a Principal',
      doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }),
      say.missingPrincipal,
      'trust',
    ],
    ['a resource policy without a Principal', doc(ok), say.missingPrincipal, 'resource'],
    [
      'a partial wildcard principal',
      doc({ ...ok, Principal: { AWS: 'arn:aws:iam::111122223333:role/*' } }),
      say.invalidPrincipal('AWS', 'arn:aws:iam::111122223333:role/*'),
      'resource',
    ],
    [
      'a principal that is no ARN',
      doc({ ...ok, Principal: { AWS: 'alice' } }),
      say.invalidPrincipal('AWS', 'alice'),
      'resource',
    ],
    [
      'a bad service principal',
      doc({ ...ok, Principal: { Service: 'ecs-tasks' } }),
      say.invalidPrincipal('Service', 'ecs-tasks'),
      'resource',
    ],
    [
      'a NotPrincipal in a trust policy',
      doc({ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }),
      say.prohibitedField('NotPrincipal'),
      'trust',
    ],
  ];
  for (const [what, document, message, kind] of malformedCases) {
    test(`rejects ${what}`, () => assert.equal(problem(document, kind), message));
  }

  test('principals of every documented form are accepted in resource and trust policies', () => {
    const principals = [
      '*',
      { AWS: '*' },
      { AWS: '111122223333' },
      { AWS: 'arn:aws:iam::111122223333:root' },
      { AWS: ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:role/path/exec'] },
      { AWS: 'arn:aws:sts::111122223333:assumed-role/exec/session' },
      { AWS: 'AROAEXAMPLEUNIQUEID1' },
      { Service: ['ecs-tasks.amazonaws.com', 'secretsmanager.amazonaws.com'] },
      { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
    ];
    for (const Principal of principals) {
      assert.equal(problem(doc({ ...ok, Principal }), 'resource'), undefined, JSON.stringify(Principal));
      assert.equal(
        problem(doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal }), 'trust'),
        undefined,
      );
    }
  });
  test('key policies allow Sids with spaces and statements without Resource (which then match nothing)', () => {
    const keyPolicy = doc({
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: '*',
      Action: 'kms:*',
    });
    assert.equal(problem(keyPolicy, 'key'), undefined);
    const statement = parsePolicy(keyPolicy, { kind: 'key' }).statements[0]!;
    assert.equal(
      statement.matchesResource('arn:aws:kms:us-east-1:111122223333:key/k', new RequestContext()),
      false,
    );
  });
  test('the parsed policy keeps its statements in order with their Sids and kind', () => {
    const parsed = parsePolicy(doc({ ...ok, Sid: 'One' }, { ...ok, Effect: 'Deny' }), {
      kind: 'identity',
      name: 'p',
    });
    assert.equal(parsed.kind, 'identity');
    assert.equal(parsed.name, 'p');
    assert.deepEqual(
      parsed.statements.map((s) => [s.index, s.sid, s.effect]),
      [
        [0, 'One', 'Allow'],
        [1, undefined, 'Deny'],
      ],
    );
  });
  test('malformed documents throw BERTH_MALFORMED_POLICY', () => {
    assert.throws(
      () => parsePolicy('nope', { kind: 'identity' }),
      (e: unknown) => isBerthError(e) && e.code === 'BERTH_MALFORMED_POLICY' && e.message === say.invalidJson,
    );
  });
});

describe('size quotas count characters without whitespace — IAM quotas', () => {
  test('whitespace is not counted', () => {
    assert.equal(policySize('{ "a" :\n\t"b c" }'), '{"a":"bc"}'.length);
    assert.deepEqual(policySizeLimits, {
      inlineRolePolicies: 10240,
      inlineUserPolicies: 2048,
      managedPolicy: 6144,
      trustPolicy: 2048,
    });
  });
});

describe('the parser never fails on untrusted input with anything but MalformedPolicyDocument', () => {
  const kinds: PolicyKind[] = ['identity', 'resource', 'trust', 'key'];
  test('random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...kinds), (value, kind) => {
        try {
          parsePolicy(value, { kind });
        } catch (error) {
          return isBerthError(error) && error.code === 'BERTH_MALFORMED_POLICY';
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });
  test('random statements built from policy-shaped pieces', () => {
    const strings = fc.oneof(
      fc.constantFrom('*', 's3:*', 'arn:aws:s3:::b/*', 'aws:username', '${aws:username}', 'Allow', 'Deny'),
      fc.string(),
    );
    const value = fc.oneof(
      strings,
      fc.array(strings, { maxLength: 3 }),
      fc.dictionary(strings, strings, { maxKeys: 2 }),
    );
    const statement = fc.dictionary(
      fc.constantFrom(
        'Sid',
        'Effect',
        'Action',
        'NotAction',
        'Resource',
        'NotResource',
        'Principal',
        'NotPrincipal',
        'Condition',
      ),
      value,
    );
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...kinds),
        (statements, kind) => {
          try {
            parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind });
          } catch (error) {
            return isBerthError(error) && error.code === 'BERTH_MALFORMED_POLICY';
          }
          return true;
        },
      ),
      { numRuns: 2000 },
    );
  });
});
