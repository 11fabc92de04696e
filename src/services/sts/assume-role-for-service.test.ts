// The internal service path: ecs-tasks.amazonaws.com assumes a task's execution role, decided by the trust policy
// with the confused-deputy keys ECS sets (ref aws-iam-and-protocols §1.11, §6), refused with a typed BerthError.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { isBerthError } from '../../errors/index.js';
import { account, iamStsHarness, trustText } from '../../testing/iam-sts-harness.js';
import { RoleNotAssumableError } from './role-not-assumable-error.js';

const ecs = 'ecs-tasks.amazonaws.com';
const sourceArn = `arn:aws:ecs:us-east-1:${account}:task/default/0123456789abcdef`;

async function withRole(trust: string) {
  const h = iamStsHarness();
  const { iam } = h.clients();
  const role = (
    await iam.send(
      new CreateRoleCommand({ RoleName: 'ecsTaskExecutionRole', AssumeRolePolicyDocument: trust }),
    )
  ).Role!;
  const { sts } = await h.services();
  const assume = (overrides: Partial<Parameters<typeof sts.assumeRoleForService>[0]> = {}) =>
    sts.assumeRoleForService({
      roleArn: role.Arn!,
      servicePrincipal: ecs,
      sessionName: '0123456789abcdef',
      sourceAccount: account,
      sourceArn,
      ...overrides,
    });
  return { h, role, assume };
}

async function refusal(promise: Promise<unknown>): Promise<RoleNotAssumableError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RoleNotAssumableError, String(error));
    assert.ok(
      isBerthError(error) && error.code === 'BERTH_ROLE_NOT_ASSUMABLE' && error.kind === 'permission-denied',
    );
    return error;
  }
  assert.fail('the role was assumed');
}

test('the ECS trust policy with confused-deputy conditions lets ecs-tasks assume the role for its own account', async () => {
  const trust = trustText(
    { Service: ecs },
    {
      Condition: {
        StringEquals: { 'aws:SourceAccount': account },
        ArnLike: { 'aws:SourceArn': `arn:aws:ecs:us-east-1:${account}:*` },
        Bool: { 'aws:PrincipalIsAWSService': 'true' },
      },
    },
  );
  const { h, role, assume } = await withRole(trust);
  const issued = await assume({ durationSeconds: 1800 });
  assert.match(issued.accessKeyId, /^ASIA[A-Z0-9]{16}$/);
  assert.equal(
    issued.assumedRoleArn,
    `arn:aws:sts::${account}:assumed-role/ecsTaskExecutionRole/0123456789abcdef`,
  );
  assert.equal(issued.assumedRoleId, `${role.RoleId}:0123456789abcdef`);
  assert.equal(String(issued.secretAccessKey), '***');
  const expiresIn = issued.expiration.getTime() - h.clock.now().getTime();
  assert.ok(expiresIn > 1799_000 && expiresIn <= 1800_000);
  // The credentials work over the wire like AssumeRole's.
  const client = h.clients({
    accessKeyId: issued.accessKeyId,
    secretAccessKey: issued.secretAccessKey.reveal(),
    sessionToken: issued.sessionToken.reveal(),
  });
  assert.equal((await client.sts.send(new GetCallerIdentityCommand({}))).Arn, issued.assumedRoleArn);
  const stored = h.storedText();
  assert.ok(
    !stored.includes(issued.secretAccessKey.reveal()) && !stored.includes(issued.sessionToken.reveal()),
  );
});

test('refused by aws:SourceAccount / aws:SourceArn conditions: trust-policy-denied, with IAM’s text', async () => {
  const trust = trustText(
    { Service: ecs },
    { Condition: { StringEquals: { 'aws:SourceAccount': account } } },
  );
  const { role, assume } = await withRole(trust);
  const error = await refusal(assume({ sourceAccount: '111122223333' }));
  assert.equal(error.reason, 'trust-policy-denied');
  assert.equal(error.roleArn, role.Arn);
  assert.equal(
    error.detail,
    `User: ${ecs} is not authorized to perform: sts:AssumeRole on resource: ${role.Arn} because no role trust policy allows the sts:AssumeRole action`,
  );
  const arnTrust = trustText(
    { Service: ecs },
    { Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:eu-west-1:*:*' } } },
  );
  assert.equal((await refusal((await withRole(arnTrust)).assume())).reason, 'trust-policy-denied');
});

test('a trust policy for another service or for the account does not let ecs-tasks in', async () => {
  for (const principal of [{ Service: 'lambda.amazonaws.com' }, { AWS: `arn:aws:iam::${account}:root` }]) {
    const { assume } = await withRole(trustText(principal));
    assert.equal((await refusal(assume())).reason, 'trust-policy-denied');
  }
  const deny = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"${ecs}"},"Action":"sts:AssumeRole"},{"Effect":"Deny","Principal":{"Service":"${ecs}"},"Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"aws:SourceAccount":"${account}"}}}]}`;
  const { assume } = await withRole(deny);
  await assume();
  assert.match(
    (await refusal(assume({ sourceAccount: '111122223333' }))).detail,
    /with an explicit deny in the role trust policy$/,
  );
});

test('a missing role is role-not-found; bad session names and durations are BERTH_INVALID_ARGUMENT', async () => {
  const { h, assume } = await withRole(trustText({ Service: ecs }));
  const missing = await refusal(assume({ roleArn: `arn:aws:iam::${account}:role/missing` }));
  assert.equal(missing.reason, 'role-not-found');
  assert.match(missing.message, /arn:aws:iam::000000000000:role\/missing/);
  for (const overrides of [
    { sessionName: 'has space' },
    { durationSeconds: 899 },
    { durationSeconds: 3601 },
  ]) {
    await assert.rejects(
      assume(overrides),
      (e: unknown) => isBerthError(e) && e.code === 'BERTH_INVALID_ARGUMENT',
    );
  }
  // Nothing was issued for the refused requests; the role is untouched.
  assert.deepEqual(h.persistence.list('sts.sessions'), []);
  assert.equal(
    (await h.clients().iam.send(new GetRoleCommand({ RoleName: 'ecsTaskExecutionRole' }))).Role!
      .MaxSessionDuration,
    3600,
  );
});
