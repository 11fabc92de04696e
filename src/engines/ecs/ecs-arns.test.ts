// How the API's identifiers name clusters, task definitions and tasks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  ecsArns,
  parseClusterIdentifier,
  parseResourceArn,
  parseTaskDefinitionIdentifier,
  parseTaskIdentifier,
} from './ecs-arns.js';

const scope = { partition: 'aws', region: 'us-east-1', account: '111122223333' };
const name = fc.string({ unit: fc.constantFrom(...'abzAZ09_-'), minLength: 1, maxLength: 40 });

test('identifiers by name and by ARN', () => {
  assert.deepEqual(parseTaskDefinitionIdentifier('web', scope)?.value, { family: 'web' });
  assert.deepEqual(parseTaskDefinitionIdentifier('web:3', scope)?.value, { family: 'web', revision: 3 });
  assert.equal(parseTaskDefinitionIdentifier('web:0', scope), undefined);
  assert.equal(parseTaskDefinitionIdentifier('web:x', scope), undefined);
  const other = parseTaskDefinitionIdentifier(
    'arn:aws:ecs:eu-west-1:222233334444:task-definition/api:7',
    scope,
  );
  assert.deepEqual(other, {
    scope: { partition: 'aws', region: 'eu-west-1', account: '222233334444' },
    value: { family: 'api', revision: 7 },
  });
  assert.deepEqual(parseTaskIdentifier('arn:aws:ecs:us-east-1:111122223333:task/prod/abc', scope)?.value, {
    cluster: 'prod',
    taskId: 'abc',
  });
  assert.equal(
    parseTaskIdentifier('arn:aws:ecs:us-east-1:111122223333:task/abc', scope),
    undefined,
    'short ARN format',
  );
  assert.equal(parseClusterIdentifier('my cluster', scope), undefined);
  assert.equal(parseResourceArn('arn:aws:ecs:us-east-1:111122223333:task-definition/web')?.type, undefined);
  assert.equal(parseResourceArn('arn:aws:ecs:us-east-1:111122223333:service/prod/web'), undefined);
});

test('property: every minted ARN parses back to what made it', () => {
  fc.assert(
    fc.property(
      name,
      name,
      fc.integer({ min: 1, max: 999_999 }),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 }),
      (a, b, revision, id) => {
        assert.deepEqual(parseResourceArn(ecsArns.cluster(scope, a)), { type: 'cluster', scope, name: a });
        assert.deepEqual(parseResourceArn(ecsArns.taskDefinition(scope, a, revision)), {
          type: 'task-definition',
          scope,
          family: a,
          revision,
        });
        assert.deepEqual(parseResourceArn(ecsArns.task(scope, a, id)), {
          type: 'task',
          scope,
          cluster: a,
          taskId: id,
        });
        assert.deepEqual(parseClusterIdentifier(b, scope), { scope, value: b });
      },
    ),
  );
});

test('property: no identifier text throws', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (text) => {
      parseClusterIdentifier(text, scope);
      parseTaskDefinitionIdentifier(text, scope);
      parseTaskIdentifier(text, scope);
      parseResourceArn(text);
    }),
  );
});
