// IAM roles through the real SDK v3 client (ref aws-iam-and-protocols §4.5): shapes, URL-encoded documents (§4.2), AWS's error codes
// and texts (§1.14), and that a refused request changes nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  ListInstanceProfilesForRoleCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { account, iamStsHarness, policyText, sdkError, trustText } from '../../testing/iam-sts-harness.js';

const ecsTrust = trustText({ Service: 'ecs-tasks.amazonaws.com' });
// Pretty-printed on purpose: IAM returns the document exactly as submitted, whitespace included.
const prettyTrust = JSON.stringify(JSON.parse(ecsTrust), null, 2);

function setup() {
  const h = iamStsHarness();
  return { h, iam: h.clients().iam };
}

describe('CreateRole / GetRole', () => {
  test('a role comes back with its ids, ARN (path included) and the trust policy URL-encoded', async () => {
    const { iam } = setup();
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: 'ecsTaskExecutionRole',
        Path: '/ecs/',
        AssumeRolePolicyDocument: prettyTrust,
        Description: 'pulls images',
        Tags: [{ Key: 'team', Value: 'platform' }],
      }),
    );
    const role = created.Role!;
    assert.match(role.RoleId!, /^AROA[A-Z0-9]{17}$/);
    assert.equal(role.Arn, `arn:aws:iam::${account}:role/ecs/ecsTaskExecutionRole`);
    assert.equal(role.Path, '/ecs/');
    assert.equal(role.MaxSessionDuration, 3600);
    assert.equal(role.Description, 'pulls images');
    assert.deepEqual(role.Tags, [{ Key: 'team', Value: 'platform' }]);
    assert.equal(role.CreateDate!.getMilliseconds(), 0);
    assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument!), prettyTrust);

    // Names are unique without regard to case: any spelling finds the role.
    const got = (await iam.send(new GetRoleCommand({ RoleName: 'ECSTASKEXECUTIONROLE' }))).Role!;
    assert.equal(got.RoleName, 'ecsTaskExecutionRole');
    assert.equal(got.RoleId, role.RoleId);
    assert.deepEqual(got.RoleLastUsed, {});
    // RFC 3986: everything but A-Za-z0-9-_.~ is percent-encoded, newlines and spaces too.
    assert.match(got.AssumeRolePolicyDocument!, /^%7B%0A%20%20%22Version%22%3A%20%222012-10-17%22%2C/);
    assert.doesNotMatch(got.AssumeRolePolicyDocument!, /[^A-Za-z0-9%._~-]/);
  });

  test('EntityAlreadyExists 409, in any case of the name; NoSuchEntity 404 for a missing role', async () => {
    const { iam } = setup();
    await iam.send(new CreateRoleCommand({ RoleName: 'exec', AssumeRolePolicyDocument: ecsTrust }));
    const again = await sdkError(
      iam.send(new CreateRoleCommand({ RoleName: 'EXEC', AssumeRolePolicyDocument: ecsTrust })),
    );
    assert.deepEqual(again, {
      name: 'EntityAlreadyExistsException',
      message: 'Role with name EXEC already exists.',
      status: 409,
    });
    const missing = await sdkError(iam.send(new GetRoleCommand({ RoleName: 'nope' })));
    assert.deepEqual(missing, {
      name: 'NoSuchEntityException',
      message: 'The role with name nope cannot be found.',
      status: 404,
    });
  });

  test('ValidationError lists every violated constraint with AWS texts', async () => {
    const { iam } = setup();
    const bad = await sdkError(
      iam.send(
        new CreateRoleCommand({
          RoleName: 'bad name',
          AssumeRolePolicyDocument: ecsTrust,
          MaxSessionDuration: 100,
        }),
      ),
    );
    assert.equal(bad.name, 'ValidationError');
    assert.equal(bad.status, 400);
    assert.equal(
      bad.message,
      "2 validation errors detected: Value 'bad name' at 'roleName' failed to satisfy constraint: Member must " +
        "satisfy regular expression pattern: [\\w+=,.@-]+; Value '100' at 'maxSessionDuration' failed to satisfy " +
        'constraint: Member must have value greater than or equal to 3600',
    );
    const long = await sdkError(iam.send(new GetRoleCommand({ RoleName: 'r'.repeat(65) })));
    assert.match(
      long.message,
      /at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64$/,
    );
    const path = await sdkError(
      iam.send(
        new CreateRoleCommand({ RoleName: 'r', Path: 'no-slash', AssumeRolePolicyDocument: ecsTrust }),
      ),
    );
    assert.match(path.message, /Value 'no-slash' at 'path' failed to satisfy constraint/);
  });

  test('trust policies: IAM grammar, ACLSizePerRole quota, principals that must exist — and nothing is created', async () => {
    const { iam } = setup();
    const cases: Array<[string, string, number, string]> = [
      ['{"Version":', 'MalformedPolicyDocumentException', 400, 'This policy contains invalid Json'],
      // Passing a URL-encoded document is a classic mistake (aws-sdk-js#1444).
      [
        encodeURIComponent(ecsTrust),
        'MalformedPolicyDocumentException',
        400,
        'This policy contains invalid Json',
      ],
      [
        policyText({
          Effect: 'Allow',
          Principal: { Service: 'ecs-tasks.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Resource: '*',
        }),
        'MalformedPolicyDocumentException',
        400,
        'Has prohibited field Resource',
      ],
      [
        trustText({ AWS: `arn:aws:iam::${account}:role/missing` }),
        'MalformedPolicyDocumentException',
        400,
        `Invalid principal in policy: "AWS":"arn:aws:iam::${account}:role/missing"`,
      ],
      [
        trustText({
          AWS: Array.from(
            { length: 60 },
            (_, i) => `arn:aws:iam::11112222${String(i).padStart(4, '0')}:root`,
          ),
        }),
        'LimitExceededException',
        409,
        'Cannot exceed quota for ACLSizePerRole: 2048',
      ],
    ];
    for (const [document, name, status, message] of cases) {
      const error = await sdkError(
        iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: document })),
      );
      assert.deepEqual(error, { name, message, status }, message);
    }
    assert.deepEqual((await iam.send(new ListRolesCommand({}))).Roles, []);
    // Principals of other accounts cannot be checked and are accepted; whitespace does not count towards the size.
    const spaced = trustText({ AWS: 'arn:aws:iam::111122223333:root' }).replaceAll(
      ',',
      `,\n${' '.repeat(1000)}`,
    );
    assert.equal(spaced.length > 2048, true);
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: spaced }));
  });

  test('a trust policy may name an existing user or role of the account', async () => {
    const { iam } = setup();
    await iam.send(new CreateRoleCommand({ RoleName: 'first', AssumeRolePolicyDocument: ecsTrust }));
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'second',
        AssumeRolePolicyDocument: trustText({ AWS: `arn:aws:iam::${account}:role/first` }),
      }),
    );
    const wrongPath = await sdkError(
      iam.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: 'second',
          PolicyDocument: trustText({ AWS: `arn:aws:iam::${account}:role/team/first` }),
        }),
      ),
    );
    assert.equal(
      wrongPath.message,
      `Invalid principal in policy: "AWS":"arn:aws:iam::${account}:role/team/first"`,
    );
  });
});

describe('DeleteRole, ListRoles, UpdateRole, UpdateAssumeRolePolicy, tags', () => {
  test('DeleteConflict while policies are attached or inline, then the role is gone', async () => {
    const { iam } = setup();
    await iam.send(new CreateRoleCommand({ RoleName: 'exec', AssumeRolePolicyDocument: ecsTrust }));
    const ecrPolicy = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn: ecrPolicy }));
    const inline = policyText({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'secrets', PolicyDocument: inline }),
    );
    const attached = await sdkError(iam.send(new DeleteRoleCommand({ RoleName: 'exec' })));
    assert.deepEqual(attached, {
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must detach all policies first.',
      status: 409,
    });
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'exec', PolicyArn: ecrPolicy }));
    const inlineLeft = await sdkError(iam.send(new DeleteRoleCommand({ RoleName: 'exec' })));
    assert.equal(inlineLeft.message, 'Cannot delete entity, must delete policies first.');
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'exec', PolicyName: 'secrets' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'exec' }));
    assert.equal((await sdkError(iam.send(new GetRoleCommand({ RoleName: 'exec' })))).status, 404);
  });

  test('ListRoles: by path prefix, in name order, paginated with Marker/MaxItems', async () => {
    const { iam } = setup();
    for (const [name, path] of [
      ['c', '/ecs/'],
      ['a', '/ecs/'],
      ['b', '/'],
      ['d', '/ecs/x/'],
    ] as const)
      await iam.send(
        new CreateRoleCommand({ RoleName: name, Path: path, AssumeRolePolicyDocument: ecsTrust }),
      );
    const first = await iam.send(new ListRolesCommand({ PathPrefix: '/ecs/', MaxItems: 2 }));
    assert.deepEqual(
      first.Roles!.map((r) => r.RoleName),
      ['a', 'c'],
    );
    assert.equal(first.IsTruncated, true);
    assert.equal(typeof decodeURIComponent(first.Roles![0]!.AssumeRolePolicyDocument!), 'string');
    const second = await iam.send(
      new ListRolesCommand({ PathPrefix: '/ecs/', MaxItems: 2, Marker: first.Marker }),
    );
    assert.deepEqual(
      second.Roles!.map((r) => r.RoleName),
      ['d'],
    );
    assert.equal(second.IsTruncated, false);
    assert.equal(second.Marker, undefined);
    assert.deepEqual(
      (await iam.send(new ListRolesCommand({}))).Roles!.map((r) => r.RoleName),
      ['a', 'b', 'c', 'd'],
    );
  });

  test('UpdateRole sets MaxSessionDuration (3600–43200) and Description; UpdateAssumeRolePolicy replaces the trust', async () => {
    const { iam } = setup();
    await iam.send(new CreateRoleCommand({ RoleName: 'exec', AssumeRolePolicyDocument: ecsTrust }));
    await iam.send(new UpdateRoleCommand({ RoleName: 'exec', MaxSessionDuration: 43200, Description: 'd' }));
    const tooLong = await sdkError(
      iam.send(new UpdateRoleCommand({ RoleName: 'exec', MaxSessionDuration: 43201 })),
    );
    assert.equal(
      tooLong.message,
      "1 validation error detected: Value '43201' at 'maxSessionDuration' failed to satisfy constraint: Member must " +
        'have value less than or equal to 43200',
    );
    const other = trustText({ Service: 'lambda.amazonaws.com' });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'exec', PolicyDocument: other }));
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'exec' }))).Role!;
    assert.equal(role.MaxSessionDuration, 43200);
    assert.equal(role.Description, 'd');
    assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument!), other);
    const missing = await sdkError(iam.send(new UpdateRoleCommand({ RoleName: 'nope', Description: 'x' })));
    assert.equal(missing.message, 'The role with name nope cannot be found.');
  });

  test('TagRole merges (keys without regard to case), UntagRole removes, ListRoleTags lists; duplicates are InvalidInput', async () => {
    const { iam } = setup();
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'exec',
        AssumeRolePolicyDocument: ecsTrust,
        Tags: [{ Key: 'env', Value: 'dev' }],
      }),
    );
    await iam.send(
      new TagRoleCommand({
        RoleName: 'exec',
        Tags: [
          { Key: 'ENV', Value: 'prod' },
          { Key: 'team', Value: 'p' },
        ],
      }),
    );
    assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: 'exec' }))).Tags, [
      { Key: 'ENV', Value: 'prod' },
      { Key: 'team', Value: 'p' },
    ]);
    await iam.send(new UntagRoleCommand({ RoleName: 'exec', TagKeys: ['env'] }));
    assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: 'exec' }))).Tags, [
      { Key: 'team', Value: 'p' },
    ]);
    const duplicate = await sdkError(
      iam.send(
        new TagRoleCommand({
          RoleName: 'exec',
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'A', Value: '2' },
          ],
        }),
      ),
    );
    assert.deepEqual(duplicate, {
      name: 'InvalidInputException',
      message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      status: 400,
    });
    const missingTags = await sdkError(
      iam.send(new TagRoleCommand({ RoleName: 'exec', Tags: undefined as never })),
    );
    assert.match(
      missingTags.message,
      /Value null at 'tags' failed to satisfy constraint: Member must not be null/,
    );
  });
});

// Terraform calls it before deleting a role (docs/iac.md). berth has no instance profiles, so a role is in none.
describe('ListInstanceProfilesForRole', () => {
  test('a role is in no instance profile: an empty list, not truncated, whatever MaxItems says', async () => {
    const { iam } = setup();
    await iam.send(new CreateRoleCommand({ RoleName: 'exec', AssumeRolePolicyDocument: ecsTrust }));
    const listed = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'EXEC', MaxItems: 1 }));
    assert.deepEqual(listed.InstanceProfiles, []);
    assert.equal(listed.IsTruncated, false);
    assert.equal(listed.Marker, undefined);
    // A Marker berth never handed out is refused, as on IAM's other lists.
    assert.deepEqual(
      await sdkError(
        iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'exec', Marker: 'forged' })),
      ),
      { name: 'ValidationError', message: 'Invalid Marker.', status: 400 },
    );
  });

  test('a missing role is NoSuchEntity 404, worded as GetRole words it (ref aws-iam-and-protocols §1.14)', async () => {
    const { iam } = setup();
    assert.deepEqual(await sdkError(iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'nope' }))), {
      name: 'NoSuchEntityException',
      message: 'The role with name nope cannot be found.',
      status: 404,
    });
  });
});
