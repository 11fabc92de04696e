// taskRoleArn / executionRoleArn: an ARN, or a bare name ECS completes (ref ecs-private-auth §2.1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { resolveRoleArn } from './role-arn.js';

test('names become ARNs in the account; role ARNs stay; anything else is not a role', () => {
  assert.equal(
    resolveRoleArn('ecsTaskExecutionRole', 'aws', '111122223333'),
    'arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
  );
  const withPath = 'arn:aws:iam::111122223333:role/service-role/exec';
  assert.equal(resolveRoleArn(withPath, 'aws', '000000000000'), withPath);
  for (const bad of [
    '',
    'has space',
    'arn:aws:iam::111122223333:user/bob',
    'arn:aws:iam:us-east-1:111122223333:role/x',
    'arn:aws:sts::111122223333:role/x',
    'a'.repeat(65),
  ])
    assert.equal(resolveRoleArn(bad, 'aws', '111122223333'), undefined, bad);
});

test('property: any text resolves to a role ARN of the iam service or to undefined', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 120 }), (text) => {
      const arn = resolveRoleArn(text, 'aws', '111122223333');
      if (arn !== undefined) assert.match(arn, /^arn:aws:iam::\d{12}:role\//);
    }),
  );
});
