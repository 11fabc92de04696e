// Regression for issue 20 item 1 (the 2026-12-07 probe): a tag with a Value and no Key made IAM answer 500
// InternalFailure (a TypeError in its tag reader) in CreateRole, CreateUser, CreatePolicy, TagRole — even for a role
// that does not exist — and TagUser. AWS answers 400 ValidationError, the Query name of a model constraint failure
// (ref aws-iam-and-protocols §4.2), and nothing is created. Raw signed requests over real loopback HTTP.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { callOperation } from './support/aws-wire-client.js';
import { type InProcessBerth, startInProcessBerth } from './support/in-process-berth.js';
import { queryForm } from './support/query-form.js';

let berth: InProcessBerth;

before(async () => {
  berth = await startInProcessBerth();
});

after(() => berth?.stop());

const tagWithoutKey = { Tags: [{ Value: 'v' }] };
const trust = '{"Version":"2012-10-17","Statement":[]}';

const requests: [string, Record<string, unknown>][] = [
  ['CreateUser', { UserName: 'u1', ...tagWithoutKey }],
  ['CreateRole', { RoleName: 'r1', AssumeRolePolicyDocument: trust, ...tagWithoutKey }],
  ['CreatePolicy', { PolicyName: 'p1', PolicyDocument: '{}', ...tagWithoutKey }],
  ['TagRole', { RoleName: 'no-such-role', ...tagWithoutKey }],
  ['TagUser', { UserName: 'u1', ...tagWithoutKey }],
];

test('the raw request of the finding is the form this test sends', () => {
  assert.equal(
    queryForm({ Action: 'CreateUser', Version: '2010-05-08', UserName: 'u1', ...tagWithoutKey }),
    'Action=CreateUser&Version=2010-05-08&UserName=u1&Tags.member.1.Value=v',
  );
});

for (const [operation, input] of requests) {
  test(`${operation} with Tags.member.1.Value and no Key: 400 ValidationError, not 500`, async () => {
    const answer = await callOperation(berth.target, berth.service('iam'), operation, input);
    assert.equal(answer.status, 400, answer.body);
    assert.match(answer.body, /<Type>Sender<\/Type><Code>ValidationError<\/Code>/);
    assert.match(
      answer.body,
      /<Message>1 validation error detected: Value null at [^<]*Member must not be null/,
    );
  });
}

test('nothing was created by the refused requests', async () => {
  for (const [operation, input] of [
    ['GetUser', { UserName: 'u1' }],
    ['GetRole', { RoleName: 'r1' }],
    ['GetPolicy', { PolicyArn: 'arn:aws:iam::000000000000:policy/p1' }],
  ] as const) {
    const answer = await callOperation(berth.target, berth.service('iam'), operation, input);
    assert.equal(answer.status, 404, `${operation}: ${answer.body}`);
    assert.match(answer.body, /<Code>NoSuchEntity<\/Code>/);
  }
});
