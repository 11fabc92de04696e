import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoleNode } from '../engines/doctor/index.js';
import { decideDenial, deniedRequest, roleMay } from './access-decisions.js';

const secret = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:registry/app-AbCdEf';
// ref ecs-private-auth §3.3: the Fargate text of a GetSecretValue denied to the execution role.
const reason =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ' +
  'unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret ' +
  `${secret} from secrets manager: AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role/appExec/` +
  `0123abcd is not authorized to perform: secretsmanager:GetSecretValue on resource: ${secret} because no ` +
  'identity-based policy allows the secretsmanager:GetSecretValue action status code: 400, request id: x';

function role(statements: object[]): RoleNode {
  return {
    arn: 'arn:aws:iam::000000000000:role/appExec',
    name: 'appExec',
    trustPolicy: {},
    policies: [{ name: 'inline', document: { Version: '2012-10-17', Statement: statements } }],
    location: { file: '', pointer: '' },
  };
}

test('an AccessDenied text names the role, the action and the resource', () => {
  assert.deepEqual(deniedRequest(reason), {
    principal: 'arn:aws:sts::000000000000:assumed-role/appExec/0123abcd',
    roleArn: 'arn:aws:iam::000000000000:role/appExec',
    action: 'secretsmanager:GetSecretValue',
    resource: secret,
  });
  assert.equal(deniedRequest('CannotPullContainerError: pull access denied'), undefined);
});

test('the decision: an implicit deny proposes the allowing statement; an explicit deny is named, with no proposal', () => {
  const request = deniedRequest(reason)!;
  const implicit = decideDenial(request, role([]), undefined);
  assert.equal(implicit.result, 'ImplicitDeny');
  assert.deepEqual(JSON.parse(implicit.allowingStatement!), {
    Effect: 'Allow',
    Action: 'secretsmanager:GetSecretValue',
    Resource: secret,
  });
  const denied = decideDenial(
    request,
    role([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' },
      { Sid: 'NoSecrets', Effect: 'Deny', Action: 'secretsmanager:*', Resource: '*' },
    ]),
    undefined,
  );
  assert.equal(denied.result, 'ExplicitDeny');
  assert.equal(denied.allowingStatement, undefined);
  assert.ok(denied.matched.some((m) => m.includes('Sid NoSecrets')));
  assert.equal(decideDenial(request, undefined, undefined).roleFound, false);
});

test('who may read a secret: the role whose policy allows it, not one without', () => {
  const reader = role([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secret }]);
  assert.equal(roleMay(reader, 'secretsmanager:GetSecretValue', secret, undefined), true);
  assert.equal(roleMay(role([]), 'secretsmanager:GetSecretValue', secret, undefined), false);
});
