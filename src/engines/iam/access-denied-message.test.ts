import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alice, allow, deny, execSession, policy, roleArn, secretArn } from '../../testing/iam-fixtures.js';
import { accessDeniedMessage } from './access-denied-message.js';
import { evaluate, type PolicySet } from './evaluate.js';
import type { RequestPrincipal } from './principal.js';
import { RequestContext } from './request-context.js';

function message(principal: RequestPrincipal, action: string, resource: string, policies: PolicySet) {
  const request = { principal, action, resource, context: new RequestContext() };
  return accessDeniedMessage(request, evaluate(request, policies));
}

const get = 'secretsmanager:GetSecretValue';

describe('AccessDenied texts — ref aws-iam-and-protocols §1.13', () => {
  test('no identity-based policy allows (the issue’s example, verbatim)', () => {
    const session: RequestPrincipal = {
      type: 'assumed-role',
      arn: 'arn:aws:sts::000000000000:assumed-role/exec/abc',
      account: '000000000000',
      roleArn: 'arn:aws:iam::000000000000:role/exec',
    };
    assert.equal(
      message(session, get, 'arn:aws:secretsmanager:us-east-1:000000000000:secret:x-AbCdEf', {}),
      'User: arn:aws:sts::000000000000:assumed-role/exec/abc is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:000000000000:secret:x-AbCdEf because no identity-based policy allows the secretsmanager:GetSecretValue action',
    );
  });
  test('explicit denies name the policy type that denied', () => {
    const grant = policy('identity', allow(get));
    const head = `User: ${alice.arn} is not authorized to perform: ${get} on resource: ${secretArn}`;
    assert.equal(
      message(alice, get, secretArn, { identity: [policy('identity', deny(get))] }),
      `${head} with an explicit deny in an identity-based policy`,
    );
    const denyResource = policy('resource', deny(get, '*', { Principal: '*' }));
    assert.equal(
      message(alice, get, secretArn, { identity: [grant], resource: denyResource }),
      `${head} with an explicit deny in a resource-based policy`,
    );
    assert.equal(
      message(alice, get, secretArn, { identity: [grant], boundary: policy('identity', deny(get)) }),
      `${head} with an explicit deny in a permissions boundary`,
    );
  });
  test('implicit denies by boundary and session policy', () => {
    const grant = policy('identity', allow(get));
    const other = policy('identity', allow('s3:*'));
    const head = `User: ${execSession.arn} is not authorized to perform: ${get} on resource: ${secretArn}`;
    assert.equal(
      message(execSession, get, secretArn, { identity: [grant], boundary: other }),
      `${head} because no permissions boundary allows the ${get} action`,
    );
    assert.equal(
      message(execSession, get, secretArn, { identity: [grant], session: [other] }),
      `${head} because no session policy allows the ${get} action`,
    );
  });
  test('trust policies are named as such; actions without a resource omit it', () => {
    const trust = policy('trust', {
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
    const mayAssume = policy('identity', allow('sts:AssumeRole'));
    assert.equal(
      message(alice, 'sts:AssumeRole', roleArn, { identity: [mayAssume], resource: trust }),
      `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn} because no role trust policy allows the sts:AssumeRole action`,
    );
    assert.equal(
      message(alice, 'secretsmanager:ListSecrets', '*', {}),
      `User: ${alice.arn} is not authorized to perform: secretsmanager:ListSecrets because no identity-based policy allows the secretsmanager:ListSecrets action`,
    );
  });
});
