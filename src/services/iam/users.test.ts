// IAM users and access keys through the SDK: the secret is shown once, stored sealed, and the key authenticates
// (or, inactive or deleted, does not: InvalidClientTokenId, ref aws-iam-and-protocols §3.3 step 4).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  PutUserPolicyCommand,
  TagUserCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { account, iamStsHarness, policyText, sdkError } from '../../testing/iam-sts-harness.js';

describe('users', () => {
  test('CreateUser, GetUser (also of the caller itself), ListUsers, tags, DeleteUser', async () => {
    const h = iamStsHarness();
    const { iam } = h.clients();
    const created = (
      await iam.send(
        new CreateUserCommand({ UserName: 'alice', Path: '/devs/', Tags: [{ Key: 'team', Value: 'a' }] }),
      )
    ).User!;
    assert.match(created.UserId!, /^AIDA[A-Z0-9]{17}$/);
    assert.equal(created.Arn, `arn:aws:iam::${account}:user/devs/alice`);
    assert.deepEqual(created.Tags, [{ Key: 'team', Value: 'a' }]);
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const exists = await sdkError(iam.send(new CreateUserCommand({ UserName: 'Alice' })));
    assert.deepEqual(exists, {
      name: 'EntityAlreadyExistsException',
      message: 'User with name Alice already exists.',
      status: 409,
    });
    assert.deepEqual(
      (await iam.send(new ListUsersCommand({}))).Users!.map((u) => u.UserName),
      ['alice', 'bob'],
    );
    assert.deepEqual(
      (await iam.send(new ListUsersCommand({ PathPrefix: '/devs/' }))).Users!.map((u) => u.UserName),
      ['alice'],
    );
    await iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'env', Value: 'dev' }] }));
    assert.equal((await iam.send(new ListUserTagsCommand({ UserName: 'alice' }))).Tags!.length, 2);

    // Without UserName, GetUser answers about the calling user; other callers must name one.
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'self',
        PolicyDocument: policyText({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }),
      }),
    );
    const asAlice = h.clients({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    assert.equal((await asAlice.iam.send(new GetUserCommand({}))).User!.UserName, 'alice');
    const root = await sdkError(iam.send(new GetUserCommand({})));
    assert.deepEqual(root, {
      name: 'ValidationError',
      message: 'Must specify userName when calling with non-User credentials',
      status: 400,
    });

    await iam.send(
      new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    );
    const conflicts: Array<[() => Promise<unknown>, string]> = [
      [
        () =>
          iam.send(
            new DetachUserPolicyCommand({
              UserName: 'alice',
              PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
            }),
          ),
        'Cannot delete entity, must detach all policies first.',
      ],
      [
        () => iam.send(new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'self' })),
        'Cannot delete entity, must delete policies first.',
      ],
      [
        () => iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.AccessKeyId })),
        'Cannot delete entity, must delete access keys first.',
      ],
    ];
    for (const [fix, message] of conflicts) {
      assert.deepEqual(await sdkError(iam.send(new DeleteUserCommand({ UserName: 'alice' }))), {
        name: 'DeleteConflictException',
        message,
        status: 409,
      });
      await fix();
    }
    await iam.send(new DeleteUserCommand({ UserName: 'alice' }));
    const gone = await sdkError(iam.send(new GetUserCommand({ UserName: 'alice' })));
    assert.deepEqual(gone, {
      name: 'NoSuchEntityException',
      message: 'The user with name alice cannot be found.',
      status: 404,
    });
  });
});

describe('access keys', () => {
  test('the secret is returned once, stored sealed, and the key signs requests as the user', async () => {
    const h = iamStsHarness();
    const { iam } = h.clients();
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    assert.match(key.AccessKeyId!, /^AKIA[A-Z0-9]{16}$/);
    assert.match(key.SecretAccessKey!, /^[A-Za-z0-9+/]{40}$/);
    assert.equal(key.Status, 'Active');
    const listed = (await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }))).AccessKeyMetadata!;
    assert.deepEqual(
      listed.map((k) => [k.AccessKeyId, k.Status, k.UserName]),
      [[key.AccessKeyId, 'Active', 'alice']],
    );
    assert.equal((listed[0] as Record<string, unknown>)['SecretAccessKey'], undefined);
    assert.ok(!h.storedText().includes(key.SecretAccessKey!), 'the secret is stored in the clear');

    const asAlice = h.clients({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const identity = await asAlice.sts.send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, `arn:aws:iam::${account}:user/alice`);
    assert.match(identity.UserId!, /^AIDA/);
    // Without UserName the key calls act on the calling user.
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'keys',
        PolicyDocument: policyText({
          Effect: 'Allow',
          Action: 'iam:*AccessKey*',
          Resource: `arn:aws:iam::${account}:user/alice`,
        }),
      }),
    );
    const own = (await asAlice.iam.send(new ListAccessKeysCommand({}))).AccessKeyMetadata!;
    assert.equal(own.length, 1);

    await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    const third = await sdkError(iam.send(new CreateAccessKeyCommand({ UserName: 'alice' })));
    assert.deepEqual(third, {
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
      status: 409,
    });

    await iam.send(
      new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.AccessKeyId, Status: 'Inactive' }),
    );
    const inactive = await sdkError(asAlice.sts.send(new GetCallerIdentityCommand({})));
    assert.deepEqual(inactive, {
      name: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
      status: 403,
    });
    await iam.send(
      new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.AccessKeyId, Status: 'Active' }),
    );
    await asAlice.sts.send(new GetCallerIdentityCommand({}));
    const badStatus = await sdkError(
      iam.send(
        new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.AccessKeyId, Status: 'Expired' }),
      ),
    );
    assert.match(badStatus.message, /Member must satisfy enum value set: \[Active, Inactive\]/);

    await iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.AccessKeyId }));
    assert.equal(
      (await sdkError(asAlice.sts.send(new GetCallerIdentityCommand({})))).name,
      'InvalidClientTokenId',
    );
    const again = await sdkError(
      iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.AccessKeyId })),
    );
    assert.deepEqual(again, {
      name: 'NoSuchEntityException',
      message: `The Access Key with id ${key.AccessKeyId} cannot be found.`,
      status: 404,
    });
  });

  test("another user's key cannot be changed through a user that does not own it", async () => {
    const h = iamStsHarness();
    const { iam } = h.clients();
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    const error = await sdkError(
      iam.send(
        new UpdateAccessKeyCommand({ UserName: 'bob', AccessKeyId: key.AccessKeyId, Status: 'Inactive' }),
      ),
    );
    assert.equal(error.status, 404);
    assert.equal(
      (await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }))).AccessKeyMetadata![0]!.Status,
      'Active',
    );
  });
});
