// Inline policies and permissions boundaries of roles and users through the SDK (ref aws-iam-and-protocols §4.5): documents
// URL-encoded in GetRolePolicy/GetUserPolicy (§4.2), IAM's grammar, quotas and texts (§1.14).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  GetPolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { account, iamStsHarness, policyText, sdkError, trustText } from '../../testing/iam-sts-harness.js';

const allow = (action: string, resource = '*') =>
  policyText({ Effect: 'Allow', Action: action, Resource: resource });

async function setup() {
  const h = iamStsHarness();
  const { iam } = h.clients();
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'exec',
      AssumeRolePolicyDocument: trustText({ Service: 'ecs-tasks.amazonaws.com' }),
    }),
  );
  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  return { h, iam };
}

describe('inline policies of roles and users', () => {
  test('Put/Get/List/DeleteRolePolicy: the document comes back URL-encoded, as submitted', async () => {
    const { iam } = await setup();
    const document = `{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:${account}:secret:db-*"}]\n}`;
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'secrets', PolicyDocument: document }),
    );
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'kms', PolicyDocument: allow('kms:Decrypt') }),
    );
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'EXEC', PolicyName: 'secrets' }));
    assert.equal(got.RoleName, 'exec');
    assert.equal(got.PolicyName, 'secrets');
    assert.equal(decodeURIComponent(got.PolicyDocument!), document);
    assert.match(got.PolicyDocument!, /db-%2A%22%7D%5D%0A%7D$/);
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'exec' }))).PolicyNames, [
      'kms',
      'secrets',
    ]);
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'exec', PolicyName: 'kms' }));
    const gone = await sdkError(iam.send(new GetRolePolicyCommand({ RoleName: 'exec', PolicyName: 'kms' })));
    assert.deepEqual(gone, {
      name: 'NoSuchEntityException',
      message: 'The role policy with name kms cannot be found.',
      status: 404,
    });
    const again = await sdkError(
      iam.send(new DeleteRolePolicyCommand({ RoleName: 'exec', PolicyName: 'kms' })),
    );
    assert.equal(again.status, 404);
    const noRole = await sdkError(
      iam.send(
        new PutRolePolicyCommand({ RoleName: 'nope', PolicyName: 'p', PolicyDocument: allow('s3:*') }),
      ),
    );
    assert.equal(noRole.message, 'The role with name nope cannot be found.');
  });

  test('identity-policy grammar and the aggregate size quotas (role 10,240, user 2,048; whitespace not counted)', async () => {
    const { iam } = await setup();
    const malformed: Array<[string, string]> = [
      [
        policyText({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }),
        'Policy document should not specify a principal.',
      ],
      [policyText({ Effect: 'Allow', Resource: '*' }), 'Policy statement must contain actions.'],
      [policyText({ Effect: 'Allow', Action: 's3:*' }), 'Policy statement must contain resources.'],
      [
        policyText({ Effect: 'Allow', Action: 'GetObject', Resource: '*' }),
        'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
      ],
      [
        policyText({ Effect: 'Allow', Action: 's3:*', Resource: 'bucket' }),
        'Resource bucket must be in ARN format or "*".',
      ],
    ];
    for (const [document, message] of malformed) {
      const error = await sdkError(
        iam.send(new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'p', PolicyDocument: document })),
      );
      assert.deepEqual(error, { name: 'MalformedPolicyDocumentException', message, status: 400 });
    }
    const resources = (n: number) =>
      Array.from({ length: n }, (_, i) => `arn:aws:s3:::bucket-${String(i).padStart(4, '0')}/*`);
    const big = policyText({ Effect: 'Allow', Action: 's3:GetObject', Resource: resources(200) });
    await iam.send(new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'one', PolicyDocument: big }));
    const second = await sdkError(
      iam.send(new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'two', PolicyDocument: big })),
    );
    assert.deepEqual(second, {
      name: 'LimitExceededException',
      message: 'Maximum policy size of 10240 bytes exceeded for role exec',
      status: 409,
    });
    // Replacing a policy counts its new size instead of the old one.
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'one', PolicyDocument: allow('s3:*') }),
    );
    await iam.send(new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'two', PolicyDocument: big }));
    const user = await sdkError(
      iam.send(
        new PutUserPolicyCommand({
          UserName: 'alice',
          PolicyName: 'p',
          PolicyDocument: policyText({ Effect: 'Allow', Action: 's3:*', Resource: resources(80) }),
        }),
      ),
    );
    assert.equal(user.message, 'Maximum policy size of 2048 bytes exceeded for user alice');
    assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'alice' }))).PolicyNames, []);
  });

  test('Put/Get/List/DeleteUserPolicy', async () => {
    const { iam } = await setup();
    await iam.send(
      new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'read', PolicyDocument: allow('iam:Get*') }),
    );
    const got = await iam.send(new GetUserPolicyCommand({ UserName: 'alice', PolicyName: 'read' }));
    assert.equal(got.UserName, 'alice');
    assert.equal(decodeURIComponent(got.PolicyDocument!), allow('iam:Get*'));
    assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'alice' }))).PolicyNames, [
      'read',
    ]);
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'read' }));
    const gone = await sdkError(
      iam.send(new GetUserPolicyCommand({ UserName: 'alice', PolicyName: 'read' })),
    );
    assert.equal(gone.message, 'The user policy with name read cannot be found.');
  });
});

describe('permissions boundaries', () => {
  test('Put/DeleteRolePermissionsBoundary and PutUserPermissionsBoundary, counted as boundary usage', async () => {
    const { iam } = await setup();
    const boundary = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    await iam.send(
      new PutRolePermissionsBoundaryCommand({ RoleName: 'exec', PermissionsBoundary: boundary }),
    );
    await iam.send(
      new PutUserPermissionsBoundaryCommand({ UserName: 'alice', PermissionsBoundary: boundary }),
    );
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'exec' }))).Role!;
    assert.deepEqual(role.PermissionsBoundary, {
      PermissionsBoundaryType: 'Policy',
      PermissionsBoundaryArn: boundary,
    });
    assert.equal(
      (await iam.send(new GetPolicyCommand({ PolicyArn: boundary }))).Policy!.PermissionsBoundaryUsageCount,
      2,
    );
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'exec' }));
    assert.equal(
      (await iam.send(new GetRoleCommand({ RoleName: 'exec' }))).Role!.PermissionsBoundary,
      undefined,
    );
    assert.equal(
      (await iam.send(new GetPolicyCommand({ PolicyArn: boundary }))).Policy!.PermissionsBoundaryUsageCount,
      1,
    );
    const missing = `arn:aws:iam::${account}:policy/nope`;
    const error = await sdkError(
      iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'exec', PermissionsBoundary: missing })),
    );
    assert.deepEqual(error, {
      name: 'NoSuchEntityException',
      message: `Scope ARN: ${missing} does not exist or is not attachable.`,
      status: 404,
    });
  });
});
