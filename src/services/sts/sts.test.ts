// STS through the real SDK v3 client (ref aws-iam-and-protocols §4.6): GetCallerIdentity for each kind of caller, AssumeRole decided
// by the trust policy (§1.3) with STS's limits and texts, and temporary credentials that expire (§3.3 step 5).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  type Credentials as StsCredentials,
} from '@aws-sdk/client-sts';
import {
  account,
  type Credentials,
  iamStsHarness,
  policyText,
  rootArn,
  sdkError,
  trustText,
} from '../../testing/iam-sts-harness.js';

const roleArn = `arn:aws:iam::${account}:role/exec`;
const bobArn = `arn:aws:iam::${account}:user/bob`;

async function setup(trust = trustText({ AWS: rootArn })) {
  const h = iamStsHarness();
  const { iam, sts } = h.clients();
  await iam.send(new CreateRoleCommand({ RoleName: 'exec', AssumeRolePolicyDocument: trust }));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'exec',
      PolicyName: 'list',
      PolicyDocument: policyText({
        Effect: 'Allow',
        Action: ['iam:ListRoles', 'iam:GetRole', 'sts:AssumeRole'],
        Resource: '*',
      }),
    }),
  );
  await iam.send(new CreateUserCommand({ UserName: 'bob' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).AccessKey!;
  const bob = h.clients({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
  return { h, iam, sts, bob };
}

function creds(c: StsCredentials | undefined): Credentials {
  return {
    accessKeyId: c!.AccessKeyId!,
    secretAccessKey: c!.SecretAccessKey!,
    sessionToken: c!.SessionToken!,
  };
}

describe('GetCallerIdentity', () => {
  test('root, a user and a role session, never denied even by an explicit deny', async () => {
    const { h, iam, sts, bob } = await setup();
    assert.deepEqual(
      { ...(await sts.send(new GetCallerIdentityCommand({}))), $metadata: undefined },
      { UserId: account, Account: account, Arn: rootArn, $metadata: undefined },
    );
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'bob',
        PolicyName: 'deny',
        PolicyDocument: policyText({ Effect: 'Deny', Action: '*', Resource: '*' }),
      }),
    );
    const me = await bob.sts.send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, bobArn);
    const { Credentials, AssumedRoleUser } = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'task-1' }),
    );
    const session = await h.clients(creds(Credentials)).sts.send(new GetCallerIdentityCommand({}));
    assert.equal(session.Arn, `arn:aws:sts::${account}:assumed-role/exec/task-1`);
    assert.equal(session.UserId, AssumedRoleUser!.AssumedRoleId);
    assert.equal(session.Account, account);
  });
});

describe('AssumeRole', () => {
  test('credentials: ASIA key, secret, token, expiry from the clock; the role id in AssumedRoleId', async () => {
    const { h, iam, sts } = await setup();
    const roleId = (await iam.send(new GetRoleCommand({ RoleName: 'exec' }))).Role!.RoleId;
    const before = Math.floor(h.clock.now().getTime() / 1000) * 1000;
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'task-1', DurationSeconds: 900 }),
    );
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA[A-Z0-9]{16}$/);
    assert.match(out.Credentials!.SecretAccessKey!, /^[A-Za-z0-9+/]{40}$/);
    assert.ok(out.Credentials!.SessionToken!.length >= 100);
    const expires = out.Credentials!.Expiration!.getTime();
    assert.ok(expires >= before + 900_000 && expires <= before + 901_000);
    assert.deepEqual(out.AssumedRoleUser, {
      AssumedRoleId: `${roleId}:task-1`,
      Arn: `arn:aws:sts::${account}:assumed-role/exec/task-1`,
    });
    assert.equal(out.PackedPolicySize, undefined);
    // The session acts as the role.
    const asRole = h.clients(creds(out.Credentials));
    assert.deepEqual(
      (await asRole.iam.send(new ListRolesCommand({}))).Roles!.map((r) => r.RoleName),
      ['exec'],
    );
  });

  test('the trust policy decides: it must name the caller, or trust the account and the caller’s policy allow', async () => {
    const { iam, sts, bob } = await setup(trustText({ AWS: rootArn }));
    // Trusting the account delegates to IAM: bob needs sts:AssumeRole in his own policies.
    assert.deepEqual(
      await sdkError(bob.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'bob' }))),
      {
        name: 'AccessDenied',
        message: `User: ${bobArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn} because no identity-based policy allows the sts:AssumeRole action`,
        status: 403,
      },
    );
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'bob',
        PolicyName: 'assume',
        PolicyDocument: policyText({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }),
      }),
    );
    await bob.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'bob' }));

    // A trust policy for a service only: nobody else, not even root, may assume the role.
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'svc',
        AssumeRolePolicyDocument: trustText({ Service: 'ecs-tasks.amazonaws.com' }),
      }),
    );
    const svcArn = `arn:aws:iam::${account}:role/svc`;
    assert.equal(
      (await sdkError(sts.send(new AssumeRoleCommand({ RoleArn: svcArn, RoleSessionName: 'root' })))).message,
      `User: ${rootArn} is not authorized to perform: sts:AssumeRole on resource: ${svcArn} because no role trust policy allows the sts:AssumeRole action`,
    );
    // Naming bob directly is enough without any identity policy.
    await iam.send(
      new CreateRoleCommand({ RoleName: 'bobs', AssumeRolePolicyDocument: trustText({ AWS: bobArn }) }),
    );
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'bob',
        PolicyName: 'assume',
        PolicyDocument: policyText({ Effect: 'Deny', Action: 'iam:*', Resource: '*' }),
      }),
    );
    await bob.sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/bobs`, RoleSessionName: 'bob' }),
    );
    // A role that does not exist is refused the same way, without saying so.
    const missing = `arn:aws:iam::${account}:role/missing`;
    assert.deepEqual(
      await sdkError(bob.sts.send(new AssumeRoleCommand({ RoleArn: missing, RoleSessionName: 'bob' }))),
      {
        name: 'AccessDenied',
        message: `User: ${bobArn} is not authorized to perform: sts:AssumeRole on resource: ${missing}`,
        status: 403,
      },
    );
  });

  test('sts:ExternalId and sts:RoleSessionName are condition keys of the trust policy', async () => {
    const { sts } = await setup(
      trustText(
        { AWS: rootArn },
        {
          Condition: {
            StringEquals: { 'sts:ExternalId': 'acme-7f3c' },
            StringLike: { 'sts:RoleSessionName': 'ci-*' },
          },
        },
      ),
    );
    assert.equal(
      (await sdkError(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ci-1' })))).name,
      'AccessDenied',
    );
    assert.equal(
      (
        await sdkError(
          sts.send(
            new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'dev', ExternalId: 'acme-7f3c' }),
          ),
        )
      ).name,
      'AccessDenied',
    );
    await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ci-1', ExternalId: 'acme-7f3c' }),
    );
  });

  test('DurationSeconds: 900 up to the role’s MaxSessionDuration; role chaining at most one hour', async () => {
    const { h, iam, sts } = await setup();
    const short = await sdkError(
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'abc', DurationSeconds: 899 })),
    );
    assert.deepEqual(short, {
      name: 'ValidationError',
      message:
        "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
      status: 400,
    });
    const long = await sdkError(
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'abc', DurationSeconds: 7200 })),
    );
    assert.deepEqual(long, {
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      status: 400,
    });
    await iam.send(new UpdateRoleCommand({ RoleName: 'exec', MaxSessionDuration: 43200 }));
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'abc', DurationSeconds: 7200 }),
    );
    const chained = h.clients(creds(out.Credentials)).sts;
    const tooLong = await sdkError(
      chained.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'chained', DurationSeconds: 3601 }),
      ),
    );
    assert.equal(
      tooLong.message,
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
    await chained.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'chained' }));
  });

  test('RoleSessionName, Policy, PolicyArns and Tags are checked; PackedPolicySize reports the packed share', async () => {
    const { iam, sts } = await setup();
    const name = await sdkError(
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'has space' })),
    );
    assert.equal(
      name.message,
      "1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
    const malformed = await sdkError(
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'abc', Policy: '{"Statement":' })),
    );
    assert.deepEqual(malformed, {
      name: 'MalformedPolicyDocumentException',
      message: 'This policy contains invalid Json',
      status: 400,
    });
    const principal = await sdkError(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: 'abc',
          Policy: policyText({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }),
        }),
      ),
    );
    assert.equal(principal.message, 'Policy document should not specify a principal.');
    const tooLong = await sdkError(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: 'abc',
          Policy: policyText({ Effect: 'Allow', Action: 's3:*', Resource: 'x'.repeat(2100) }),
        }),
      ),
    );
    assert.match(
      tooLong.message,
      /at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048$/,
    );

    const policy = policyText({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${'b'.repeat(1500)}/*`,
    });
    const packed = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'abc', Policy: policy }),
    );
    assert.equal(packed.PackedPolicySize, Math.ceil((policy.length * 100) / 2048));
    const tags = Array.from({ length: 10 }, (_, i) => ({ Key: `key${i}`, Value: 'v'.repeat(50) }));
    const over = await sdkError(
      sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'abc', Policy: policy, Tags: tags }),
      ),
    );
    assert.equal(over.name, 'PackedPolicyTooLargeException');
    assert.equal(over.status, 400);
    assert.match(
      over.message,
      /^Packed policy consumes 1\d\d% of allotted space, please use smaller policy\.$/,
    );

    const unknown = `arn:aws:iam::${account}:policy/nope`;
    const arns = await sdkError(
      sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'abc', PolicyArns: [{ arn: unknown }] }),
      ),
    );
    assert.equal(arns.message, `Policy ${unknown} does not exist or is not attachable.`);
    const eleven = Array.from({ length: 11 }, () => ({ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    assert.equal(
      (
        await sdkError(
          sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'abc', PolicyArns: eleven })),
        )
      ).name,
      'ValidationError',
    );
    await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'only-get',
        PolicyDocument: policyText({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }),
      }),
    );
    const managed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: 'abc',
        PolicyArns: [{ arn: `arn:aws:iam::${account}:policy/only-get` }],
      }),
    );
    assert.ok(managed.PackedPolicySize! > 0);
  });

  test('managed session policies and session tags take part in the session’s requests', async () => {
    const { h, iam, sts } = await setup();
    await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'only-get',
        PolicyDocument: policyText({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }),
      }),
    );
    const narrowed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: 'abc',
        PolicyArns: [{ arn: `arn:aws:iam::${account}:policy/only-get` }],
      }),
    );
    const narrow = h.clients(creds(narrowed.Credentials)).iam;
    await narrow.send(new GetRoleCommand({ RoleName: 'exec' }));
    assert.match(
      (await sdkError(narrow.send(new ListRolesCommand({})))).message,
      /because no session policy allows the iam:ListRoles action$/,
    );

    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'exec',
        PolicyName: 'list',
        PolicyDocument: policyText({
          Effect: 'Allow',
          Action: 'iam:ListRoles',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalTag/team': 'platform' } },
        }),
      }),
    );
    const tagged = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: 'abc',
        Tags: [{ Key: 'team', Value: 'platform' }],
      }),
    );
    await h.clients(creds(tagged.Credentials)).iam.send(new ListRolesCommand({}));
    const untagged = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'abc' }));
    assert.equal(
      (await sdkError(h.clients(creds(untagged.Credentials)).iam.send(new ListRolesCommand({})))).name,
      'AccessDenied',
    );
  });

  test('ExpiredToken once the clock passes the expiry; a wrong token is InvalidClientTokenId', async () => {
    const { h, sts } = await setup();
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'short', DurationSeconds: 900 }),
    );
    const session = creds(out.Credentials);
    await h.clients(session).sts.send(new GetCallerIdentityCommand({}));
    const wrong = await sdkError(
      h.clients({ ...session, sessionToken: 'forged' }).sts.send(new GetCallerIdentityCommand({})),
    );
    assert.deepEqual(wrong, {
      name: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
      status: 403,
    });
    h.clock.advance(901_000);
    const expired = await sdkError(h.clients(session).sts.send(new GetCallerIdentityCommand({})));
    assert.deepEqual(expired, {
      name: 'ExpiredToken',
      message: 'The security token included in the request is expired',
      status: 403,
    });
  });

  test('secrets never appear in stored documents or in error messages', async () => {
    const { h, sts } = await setup();
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'abc' }));
    const { secretAccessKey, sessionToken } = creds(out.Credentials);
    const stored = h.storedText();
    assert.ok(stored.includes(out.Credentials!.AccessKeyId!));
    assert.ok(
      !stored.includes(secretAccessKey) && !stored.includes(sessionToken!),
      'a secret is stored in the clear',
    );
    const messages = [
      await sdkError(
        h
          .clients({ ...creds(out.Credentials), secretAccessKey: 'wrong' })
          .sts.send(new GetCallerIdentityCommand({})),
      ),
      await sdkError(
        h
          .clients({ ...creds(out.Credentials), sessionToken: `${sessionToken}x` })
          .sts.send(new GetCallerIdentityCommand({})),
      ),
      await sdkError(
        h
          .clients(creds(out.Credentials))
          .iam.send(new CreateRoleCommand({ RoleName: 'x', AssumeRolePolicyDocument: '{' })),
      ),
    ].map((e) => e.message);
    for (const message of messages)
      assert.ok(!message.includes(secretAccessKey) && !message.includes(sessionToken!), message);
  });
});
