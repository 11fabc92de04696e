import assert from 'node:assert/strict';
import { test } from 'node:test';
import { principalFromArn } from './principal.js';
import { principalContextKeys } from './principal-context.js';
import { RequestContext } from './request-context.js';

test('principals from ARNs: root, user, role session (with its role), service, anonymous', () => {
  assert.deepEqual(principalFromArn('arn:aws:iam::111122223333:root'), {
    type: 'root',
    arn: 'arn:aws:iam::111122223333:root',
    account: '111122223333',
  });
  assert.equal(principalFromArn('arn:aws:iam::111122223333:user/ops/alice')?.type, 'user');
  assert.deepEqual(principalFromArn('arn:aws:sts::111122223333:assumed-role/exec/task-1'), {
    type: 'assumed-role',
    arn: 'arn:aws:sts::111122223333:assumed-role/exec/task-1',
    account: '111122223333',
    roleArn: 'arn:aws:iam::111122223333:role/exec',
  });
  assert.deepEqual(principalFromArn('ecs-tasks.amazonaws.com'), {
    type: 'service',
    arn: 'ecs-tasks.amazonaws.com',
  });
  assert.equal(principalFromArn('anonymous')?.type, 'anonymous');
  for (const bad of [
    'alice',
    'arn:aws:iam::acct:user/a',
    'arn:aws:iam::111122223333:role/exec',
    'arn:aws:sts::111122223333:assumed-role/exec',
  ]) {
    assert.equal(principalFromArn(bad), undefined, bad);
  }
});

test('context keys are case-insensitive; with() copies and leaves the original alone', () => {
  const context = new RequestContext({
    'aws:SourceIp': '127.0.0.1',
    'aws:MultiFactorAuthAge': 30,
    'aws:SecureTransport': false,
  });
  assert.equal(context.get('AWS:SOURCEIP'), '127.0.0.1');
  assert.equal(context.get('aws:multifactorauthage'), '30');
  assert.equal(context.get('aws:SecureTransport'), 'false');
  const next = context.with({ 'aws:SourceIp': undefined, 'aws:TagKeys': ['a', 'b'] });
  assert.equal(next.get('aws:sourceip'), undefined);
  assert.deepEqual(next.get('aws:tagkeys'), ['a', 'b']);
  assert.equal(context.get('aws:sourceip'), '127.0.0.1');
});

test('the caller’s global condition keys — ref aws-iam-and-protocols §1.11', () => {
  const session = principalFromArn('arn:aws:sts::111122223333:assumed-role/exec/task-1')!;
  assert.deepEqual(principalContextKeys(session), {
    'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/exec',
    'aws:PrincipalType': 'AssumedRole',
    'aws:PrincipalIsAWSService': 'false',
    'aws:PrincipalAccount': '111122223333',
  });
  const user = principalContextKeys(principalFromArn('arn:aws:iam::111122223333:user/ops/alice')!);
  assert.equal(user['aws:username'], 'alice');
  assert.equal(user['aws:PrincipalType'], 'User');
  assert.equal(
    principalContextKeys(principalFromArn('arn:aws:iam::111122223333:root')!)['aws:userid'],
    '111122223333',
  );
  assert.deepEqual(principalContextKeys(principalFromArn('ecs-tasks.amazonaws.com')!), {
    'aws:PrincipalServiceName': 'ecs-tasks.amazonaws.com',
    'aws:PrincipalIsAWSService': 'true',
  });
});
