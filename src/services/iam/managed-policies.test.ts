// Managed policies through the SDK (ref aws-iam-and-protocols §4.5): versions, documents URL-encoded in GetPolicyVersion (§4.2),
// IAM's quotas and texts, the AWS managed catalogue (§6).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import { account, iamStsHarness, policyText, sdkError, trustText } from '../../testing/iam-sts-harness.js';

const allow = (action: string, resource = '*') =>
  policyText({ Effect: 'Allow', Action: action, Resource: resource });
const executionPolicy = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';

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

describe('managed policies', () => {
  test('CreatePolicy, GetPolicy, versions (at most 5), SetDefaultPolicyVersion, DeletePolicyVersion, DeletePolicy', async () => {
    const { iam } = await setup();
    const created = (
      await iam.send(
        new CreatePolicyCommand({
          PolicyName: 'read-secrets',
          Path: '/app/',
          PolicyDocument: allow('secretsmanager:GetSecretValue'),
          Description: 'd',
        }),
      )
    ).Policy!;
    const arn = `arn:aws:iam::${account}:policy/app/read-secrets`;
    assert.equal(created.Arn, arn);
    assert.match(created.PolicyId!, /^ANPA[A-Z0-9]{17}$/);
    assert.equal(created.DefaultVersionId, 'v1');
    assert.equal(created.AttachmentCount, 0);
    assert.equal(created.IsAttachable, true);
    const exists = await sdkError(
      iam.send(new CreatePolicyCommand({ PolicyName: 'READ-SECRETS', PolicyDocument: allow('s3:*') })),
    );
    assert.deepEqual(exists, {
      name: 'EntityAlreadyExistsException',
      message: 'A policy called READ-SECRETS already exists. Duplicate names are not allowed.',
      status: 409,
    });

    for (const n of [2, 3, 4, 5]) {
      const version = await iam.send(
        new CreatePolicyVersionCommand({
          PolicyArn: arn,
          PolicyDocument: allow(`s3:Get${n}`),
          SetAsDefault: n === 3,
        }),
      );
      assert.equal(version.PolicyVersion!.VersionId, `v${n}`);
      assert.equal(version.PolicyVersion!.IsDefaultVersion, n === 3);
    }
    const sixth = await sdkError(
      iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:*') })),
    );
    assert.deepEqual(sixth, {
      name: 'LimitExceededException',
      message:
        'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
      status: 409,
    });
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId, 'v3');
    const v3 = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })))
      .PolicyVersion!;
    assert.equal(decodeURIComponent(v3.Document!), allow('s3:Get3'));
    assert.equal(v3.IsDefaultVersion, true);
    const listed = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions!;
    assert.deepEqual(
      listed.map((v) => [v.VersionId, v.IsDefaultVersion, v.Document]),
      [
        ['v5', false, undefined],
        ['v4', false, undefined],
        ['v3', true, undefined],
        ['v2', false, undefined],
        ['v1', false, undefined],
      ],
    );
    const defaultGone = await sdkError(
      iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })),
    );
    assert.deepEqual(defaultGone, {
      name: 'DeleteConflictException',
      message: 'Cannot delete the default version of a policy.',
      status: 409,
    });
    const noVersion = await sdkError(
      iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })),
    );
    assert.deepEqual(noVersion, {
      name: 'NoSuchEntityException',
      message: `Policy ${arn} version v9 does not exist or is not attachable.`,
      status: 404,
    });
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }));
    const hasVersions = await sdkError(iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
    assert.match(
      hasVersions.message,
      /^This policy has more than one version\. Before you delete a policy, you must delete the policy's versions\./,
    );
    for (const v of ['v1', 'v2', 'v3', 'v4'])
      await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
    // Version ids are never reused.
    const next = await iam.send(
      new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allow('s3:*') }),
    );
    assert.equal(next.PolicyVersion!.VersionId, 'v6');
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v6' }));

    await iam.send(new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn: arn }));
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount, 1);
    const attached = await sdkError(iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
    assert.deepEqual(attached, {
      name: 'DeleteConflictException',
      message: 'Cannot delete a policy attached to entities.',
      status: 409,
    });
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'exec', PolicyArn: arn }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    const missing = await sdkError(iam.send(new GetPolicyCommand({ PolicyArn: arn })));
    assert.deepEqual(missing, {
      name: 'NoSuchEntityException',
      message: `Policy ${arn} was not found.`,
      status: 404,
    });
  });

  test('managed policy grammar and size (6,144 without whitespace)', async () => {
    const { iam } = await setup();
    const resources = Array.from(
      { length: 250 },
      (_, i) => `arn:aws:s3:::bucket-${String(i).padStart(4, '0')}/*`,
    );
    const big = await sdkError(
      iam.send(
        new CreatePolicyCommand({
          PolicyName: 'big',
          PolicyDocument: allow('s3:GetObject', resources as never),
        }),
      ),
    );
    assert.deepEqual(big, {
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for PolicySize: 6144',
      status: 409,
    });
    const bad = await sdkError(
      iam.send(new CreatePolicyCommand({ PolicyName: 'bad', PolicyDocument: '{"Statement":' })),
    );
    assert.equal(bad.message, 'This policy contains invalid Json');
    assert.deepEqual((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies, []);
  });

  test('AWS managed policies: listed, readable, attachable, never changed', async () => {
    const { iam } = await setup();
    const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: executionPolicy }))).Policy!;
    assert.equal(policy.PolicyName, 'AmazonECSTaskExecutionRolePolicy');
    assert.equal(policy.Path, '/service-role/');
    assert.match(policy.PolicyId!, /^ANPA[A-Z0-9]{17}$/);
    const version = (
      await iam.send(new GetPolicyVersionCommand({ PolicyArn: executionPolicy, VersionId: 'v1' }))
    ).PolicyVersion!;
    assert.deepEqual(JSON.parse(decodeURIComponent(version.Document!)).Statement[0].Action.slice(0, 2), [
      'ecr:GetAuthorizationToken',
      'ecr:BatchCheckLayerAvailability',
    ]);
    const aws = (await iam.send(new ListPoliciesCommand({ Scope: 'AWS' }))).Policies!.map(
      (p) => p.PolicyName,
    );
    assert.ok(aws.includes('AmazonECSTaskExecutionRolePolicy') && aws.includes('ReadOnlyAccess'));

    await iam.send(new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn: executionPolicy }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn: executionPolicy })); // no-op
    await iam.send(
      new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    );
    assert.equal(
      (await iam.send(new GetPolicyCommand({ PolicyArn: executionPolicy }))).Policy!.AttachmentCount,
      1,
    );
    assert.deepEqual(
      (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'exec' }))).AttachedPolicies,
      [{ PolicyName: 'AmazonECSTaskExecutionRolePolicy', PolicyArn: executionPolicy }],
    );
    assert.deepEqual(
      (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice' }))).AttachedPolicies!.map(
        (p) => p.PolicyName,
      ),
      ['ReadOnlyAccess'],
    );
    const attachedOnly = (await iam.send(new ListPoliciesCommand({ OnlyAttached: true }))).Policies!.map(
      (p) => p.PolicyName,
    );
    assert.deepEqual(attachedOnly, ['AmazonECSTaskExecutionRolePolicy', 'ReadOnlyAccess']);

    const changes: Array<[Promise<unknown>, string]> = [
      [
        iam.send(new DeletePolicyCommand({ PolicyArn: executionPolicy })),
        'Cannot delete policies outside your own account.',
      ],
      [
        iam.send(
          new CreatePolicyVersionCommand({ PolicyArn: executionPolicy, PolicyDocument: allow('s3:*') }),
        ),
        'Cannot create versions for policies outside your own account.',
      ],
    ];
    for (const [call, message] of changes)
      assert.deepEqual(await sdkError(call), { name: 'AccessDenied', message, status: 403 });

    const wrongPath = 'arn:aws:iam::aws:policy/AmazonECSTaskExecutionRolePolicy';
    const notAttachable = await sdkError(
      iam.send(new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn: wrongPath })),
    );
    assert.deepEqual(notAttachable, {
      name: 'NoSuchEntityException',
      message: `Policy ${wrongPath} does not exist or is not attachable.`,
      status: 404,
    });
    const notAttached = await sdkError(
      iam.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: executionPolicy })),
    );
    assert.equal(notAttached.message, `Policy ${executionPolicy} was not found.`);
  });

  test('at most 10 managed policies per role', async () => {
    const { iam } = await setup();
    for (let i = 0; i < 10; i++) {
      await iam.send(new CreatePolicyCommand({ PolicyName: `p${i}`, PolicyDocument: allow('s3:*') }));
      await iam.send(
        new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn: `arn:aws:iam::${account}:policy/p${i}` }),
      );
    }
    const eleventh = await sdkError(
      iam.send(new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn: executionPolicy })),
    );
    assert.deepEqual(eleventh, {
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for PoliciesPerRole: 10',
      status: 409,
    });
  });
});
