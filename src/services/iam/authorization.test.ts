// The authorization matrix of IAM operations (issue 3): root, a user without policies, a user with an allow, an
// explicit deny, a boundary, a role session acting with its role's policies, a session policy narrowing it — with
// IAM's AccessDenied texts (ref aws-iam-and-protocols §1.13) and nothing changed by a denied request.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  type IAMClient,
  ListInstanceProfilesForRoleCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { account, iamStsHarness, policyText, sdkError, trustText } from '../../testing/iam-sts-harness.js';

const bobArn = `arn:aws:iam::${account}:user/bob`;

async function setup() {
  const h = iamStsHarness();
  const { iam } = h.clients();
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'exec',
      Path: '/ecs/',
      AssumeRolePolicyDocument: trustText({ AWS: `arn:aws:iam::${account}:root` }),
      Tags: [{ Key: 'team', Value: 'platform' }],
    }),
  );
  await iam.send(new CreateUserCommand({ UserName: 'bob' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).AccessKey!;
  const bob = h.clients({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
  const grant = (...statements: Record<string, unknown>[]) =>
    iam.send(
      new PutUserPolicyCommand({
        UserName: 'bob',
        PolicyName: 'p',
        PolicyDocument: policyText(...statements),
      }),
    );
  return { h, iam, bob, grant };
}

async function denied(call: Promise<unknown>) {
  const error = await sdkError(call);
  assert.equal(error.name, 'AccessDenied');
  assert.equal(error.status, 403);
  return error.message;
}

test('root may do anything in its account', async () => {
  const { iam } = await setup();
  await iam.send(new DeleteRoleCommand({ RoleName: 'exec' }));
});

test('a user without policies is denied, in IAM words, and learns nothing about existence', async () => {
  const { iam, bob } = await setup();
  assert.equal(
    await denied(bob.iam.send(new GetRoleCommand({ RoleName: 'exec' }))),
    `User: ${bobArn} is not authorized to perform: iam:GetRole on resource: role ecs/exec because no ` +
      'identity-based policy allows the iam:GetRole action',
  );
  assert.equal(
    await denied(bob.iam.send(new GetRoleCommand({ RoleName: 'missing' }))),
    `User: ${bobArn} is not authorized to perform: iam:GetRole on resource: role missing because no ` +
      'identity-based policy allows the iam:GetRole action',
  );
  assert.equal(
    await denied(
      bob.iam.send(
        new CreateRoleCommand({
          RoleName: 'new',
          AssumeRolePolicyDocument: trustText({ Service: 'ecs-tasks.amazonaws.com' }),
        }),
      ),
    ),
    `User: ${bobArn} is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::${account}:role/new ` +
      'because no identity-based policy allows the iam:CreateRole action',
  );
  assert.equal(
    await denied(bob.iam.send(new ListRolesCommand({}))),
    `User: ${bobArn} is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${account}:role/ ` +
      'because no identity-based policy allows the iam:ListRoles action',
  );
  assert.deepEqual(
    (await iam.send(new ListRolesCommand({}))).Roles!.map((r) => r.RoleName),
    ['exec'],
  );
});

test('an allow works on the resources it names, at once after it is put; resource tags are condition keys', async () => {
  const { bob, grant } = await setup();
  await grant({ Effect: 'Allow', Action: 'iam:GetRole', Resource: `arn:aws:iam::${account}:role/ecs/*` });
  assert.equal((await bob.iam.send(new GetRoleCommand({ RoleName: 'exec' }))).Role!.RoleName, 'exec');
  // A missing role is NoSuchEntity for a caller allowed to ask about it.
  assert.equal((await sdkError(bob.iam.send(new GetRoleCommand({ RoleName: 'nope' })))).name, 'AccessDenied');
  await grant({
    Effect: 'Allow',
    Action: 'iam:GetRole',
    Resource: '*',
    Condition: { StringEquals: { 'aws:ResourceTag/team': 'platform' } },
  });
  await bob.iam.send(new GetRoleCommand({ RoleName: 'exec' }));
  assert.equal((await sdkError(bob.iam.send(new GetRoleCommand({ RoleName: 'nope' })))).name, 'AccessDenied');
  await grant({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' });
  assert.equal(
    (await sdkError(bob.iam.send(new GetRoleCommand({ RoleName: 'nope' })))).name,
    'NoSuchEntityException',
  );
});

test('ListInstanceProfilesForRole asks for its own action on the role', async () => {
  const { bob, grant } = await setup();
  assert.equal(
    await denied(bob.iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'exec' }))),
    `User: ${bobArn} is not authorized to perform: iam:ListInstanceProfilesForRole on resource: role ecs/exec ` +
      'because no identity-based policy allows the iam:ListInstanceProfilesForRole action',
  );
  await grant({
    Effect: 'Allow',
    Action: 'iam:ListInstanceProfilesForRole',
    Resource: `arn:aws:iam::${account}:role/ecs/exec`,
  });
  const listed = await bob.iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'exec' }));
  assert.deepEqual(listed.InstanceProfiles, []);
});

test('an explicit deny wins over an allow, and the denied change does not happen', async () => {
  const { iam, bob, grant } = await setup();
  await grant(
    { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
    { Effect: 'Deny', Action: 'iam:DeleteRole', Resource: '*' },
  );
  assert.equal(
    await denied(bob.iam.send(new DeleteRoleCommand({ RoleName: 'exec' }))),
    `User: ${bobArn} is not authorized to perform: iam:DeleteRole on resource: role ecs/exec with an explicit deny ` +
      'in an identity-based policy',
  );
  await iam.send(new GetRoleCommand({ RoleName: 'exec' }));
  await bob.iam.send(new ListRolesCommand({}));
});

test('a permissions boundary limits what the identity policy grants', async () => {
  const { iam, bob, grant } = await setup();
  await grant({ Effect: 'Allow', Action: 'iam:*', Resource: '*' });
  await iam.send(
    new PutUserPermissionsBoundaryCommand({
      UserName: 'bob',
      PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    }),
  );
  await bob.iam.send(new GetRoleCommand({ RoleName: 'exec' }));
  assert.match(
    await denied(bob.iam.send(new DeleteRoleCommand({ RoleName: 'exec' }))),
    /because no permissions boundary allows the iam:DeleteRole action$/,
  );
});

test('a role session acts with its role’s policies, narrowed by a session policy', async () => {
  const { h, iam } = await setup();
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'exec',
      PolicyName: 'read',
      PolicyDocument: policyText({
        Effect: 'Allow',
        Action: ['iam:GetRole', 'iam:ListRoles'],
        Resource: '*',
      }),
    }),
  );
  const roleArn = `arn:aws:iam::${account}:role/ecs/exec`;
  const session = async (Policy?: string): Promise<IAMClient> => {
    const { Credentials: c } = await h
      .clients()
      .sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'task', Policy }));
    return h.clients({
      accessKeyId: c!.AccessKeyId!,
      secretAccessKey: c!.SecretAccessKey!,
      sessionToken: c!.SessionToken!,
    }).iam;
  };
  const full = await session();
  await full.send(new ListRolesCommand({}));
  await full.send(new GetRoleCommand({ RoleName: 'exec' }));
  assert.equal(
    await denied(full.send(new DeleteRoleCommand({ RoleName: 'exec' }))),
    `User: arn:aws:sts::${account}:assumed-role/exec/task is not authorized to perform: iam:DeleteRole on resource: ` +
      'role ecs/exec because no identity-based policy allows the iam:DeleteRole action',
  );
  const narrow = await session(policyText({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }));
  await narrow.send(new GetRoleCommand({ RoleName: 'exec' }));
  assert.match(
    await denied(narrow.send(new ListRolesCommand({}))),
    /is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::000000000000:role\/ because no session policy allows the iam:ListRoles action$/,
  );
  // The role's policies are read at each request: removing them takes effect for live sessions.
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'exec',
      PolicyName: 'read',
      PolicyDocument: policyText({ Effect: 'Deny', Action: 'iam:*', Resource: '*' }),
    }),
  );
  assert.match(
    await denied(full.send(new ListRolesCommand({}))),
    /with an explicit deny in an identity-based policy$/,
  );
});
