import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  account,
  alice,
  allow,
  decide,
  deny,
  ecsTasks,
  execSession,
  keyArn,
  otherAccount,
  outsider,
  policy,
  roleArn,
  root,
  secretArn,
} from '../../testing/iam-fixtures.js';

const get = 'secretsmanager:GetSecretValue';
const grantGet = policy('identity', allow(get, secretArn));

describe('single account, identity policies — ref aws-iam-and-protocols §1.1', () => {
  test('implicit deny by default', () => {
    assert.equal(decide(alice, get, secretArn, {}), 'ImplicitDeny');
    assert.equal(decide(alice, get, secretArn, { identity: [] }), 'ImplicitDeny');
  });
  test('an allow grants; an explicit deny anywhere wins over any allow', () => {
    assert.equal(decide(alice, get, secretArn, { identity: [grantGet] }), 'Allow');
    const denyAll = policy('identity', deny('*'));
    assert.equal(decide(alice, get, secretArn, { identity: [grantGet, denyAll] }), 'ExplicitDeny');
    const denyInResource = policy('resource', deny(get, '*', { Principal: '*' }));
    assert.equal(
      decide(alice, get, secretArn, { identity: [grantGet], resource: denyInResource }),
      'ExplicitDeny',
    );
  });
  test('the root user is allowed without policies (§1.7) but not past an explicit deny', () => {
    assert.equal(decide(root, get, secretArn, {}), 'Allow');
    const denyRoot = policy(
      'resource',
      deny(get, '*', { Principal: { AWS: `arn:aws:iam::${account}:root` } }),
    );
    assert.equal(decide(root, get, secretArn, { resource: denyRoot }), 'ExplicitDeny');
  });
});

describe('identity and resource policies within one account — ref aws-iam-and-protocols §1.2', () => {
  const namesAlice = policy('resource', allow(get, '*', { Principal: { AWS: alice.arn } }));
  const namesRole = policy('resource', allow(get, '*', { Principal: { AWS: roleArn } }));
  const namesSession = policy('resource', allow(get, '*', { Principal: { AWS: execSession.arn } }));
  const namesAccount = policy('resource', allow(get, '*', { Principal: { AWS: account } }));
  const boundaryWithoutGet = policy('identity', allow('s3:*'));
  const sessionPolicyWithoutGet = policy('identity', allow('s3:*'));

  test('the union: a resource policy naming the user grants with no identity policy', () => {
    assert.equal(decide(alice, get, secretArn, { resource: namesAlice }), 'Allow');
  });
  test('naming the user is not limited by the user’s permissions boundary', () => {
    assert.equal(
      decide(alice, get, secretArn, { resource: namesAlice, boundary: boundaryWithoutGet }),
      'Allow',
    );
  });
  test('naming the role grants its sessions, but its boundary and session policy still limit', () => {
    assert.equal(decide(execSession, get, secretArn, { resource: namesRole }), 'Allow');
    assert.equal(
      decide(execSession, get, secretArn, { resource: namesRole, boundary: boundaryWithoutGet }),
      'ImplicitDeny',
    );
    assert.equal(
      decide(execSession, get, secretArn, { resource: namesRole, session: [sessionPolicyWithoutGet] }),
      'ImplicitDeny',
    );
  });
  test('naming the session ARN is limited by neither boundary nor session policy', () => {
    const policies = {
      resource: namesSession,
      boundary: boundaryWithoutGet,
      session: [sessionPolicyWithoutGet],
    };
    assert.equal(decide(execSession, get, secretArn, policies), 'Allow');
  });
  test('naming the account delegates to IAM: the identity policy must allow', () => {
    assert.equal(decide(alice, get, secretArn, { resource: namesAccount }), 'ImplicitDeny');
    assert.equal(decide(alice, get, secretArn, { resource: namesAccount, identity: [grantGet] }), 'Allow');
  });
  test('a resource policy naming someone else grants nothing', () => {
    assert.equal(decide(execSession, get, secretArn, { resource: namesAlice }), 'ImplicitDeny');
  });
});

describe('trust policies and KMS key policies must allow explicitly — ref aws-iam-and-protocols §1.3', () => {
  const assume = 'sts:AssumeRole';
  const trustsEcs = policy('trust', {
    Effect: 'Allow',
    Principal: { Service: 'ecs-tasks.amazonaws.com' },
    Action: assume,
  });
  const trustsAccount = policy('trust', {
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${account}:root` },
    Action: assume,
  });
  const trustsAlice = policy('trust', { Effect: 'Allow', Principal: { AWS: alice.arn }, Action: assume });
  const aliceMayAssume = policy('identity', allow(assume, roleArn));

  test('a trust policy naming the service lets the service assume the role; others are refused', () => {
    assert.equal(decide(ecsTasks, assume, roleArn, { resource: trustsEcs }), 'Allow');
    assert.equal(
      decide(alice, assume, roleArn, { resource: trustsEcs, identity: [aliceMayAssume] }),
      'ImplicitDeny',
    );
    assert.equal(
      decide({ type: 'service', arn: 'ec2.amazonaws.com' }, assume, roleArn, { resource: trustsEcs }),
      'ImplicitDeny',
    );
  });
  test('trusting the account needs the caller’s identity policy too; naming the caller does not', () => {
    assert.equal(decide(alice, assume, roleArn, { resource: trustsAccount }), 'ImplicitDeny');
    assert.equal(
      decide(alice, assume, roleArn, { resource: trustsAccount, identity: [aliceMayAssume] }),
      'Allow',
    );
    assert.equal(decide(alice, assume, roleArn, { resource: trustsAlice }), 'Allow');
  });
  test('an identity policy alone never gets past a key policy that does not name the account', () => {
    const allowAllKms = policy('identity', allow('kms:*'));
    const onlyAdmin = policy('key', {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${account}:user/admin` },
      Action: 'kms:*',
      Resource: '*',
    });
    assert.equal(
      decide(alice, 'kms:Decrypt', keyArn, { resource: onlyAdmin, identity: [allowAllKms] }),
      'ImplicitDeny',
    );
    assert.equal(decide(root, 'kms:Decrypt', keyArn, { resource: onlyAdmin }), 'ImplicitDeny');
  });
  test('the default key policy (account principal, kms:*) delegates to IAM', () => {
    const defaultKeyPolicy = policy('key', {
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: 'kms:*',
      Resource: '*',
    });
    assert.equal(decide(alice, 'kms:Decrypt', keyArn, { resource: defaultKeyPolicy }), 'ImplicitDeny');
    const decrypt = policy('identity', allow('kms:Decrypt', keyArn));
    assert.equal(
      decide(alice, 'kms:Decrypt', keyArn, { resource: defaultKeyPolicy, identity: [decrypt] }),
      'Allow',
    );
    assert.equal(decide(root, 'kms:Decrypt', keyArn, { resource: defaultKeyPolicy }), 'Allow');
  });
  test('the aws/secretsmanager key: usable only via Secrets Manager from its own account — ref aws-iam-and-protocols §1.12', () => {
    const managedKey = policy('key', {
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: [
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:ReEncrypt*',
        'kms:GenerateDataKey*',
        'kms:CreateGrant',
        'kms:DescribeKey',
      ],
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com',
          'kms:CallerAccount': account,
        },
      },
    });
    const via = { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com', 'kms:CallerAccount': account };
    assert.equal(decide(execSession, 'kms:Decrypt', keyArn, { resource: managedKey }, via), 'Allow');
    assert.equal(
      decide(execSession, 'kms:Decrypt', keyArn, { resource: managedKey }, { 'kms:CallerAccount': account }),
      'ImplicitDeny',
    );
    const fromOutside = { ...via, 'kms:CallerAccount': otherAccount };
    const outsiderMayDecrypt = policy('identity', allow('kms:Decrypt'));
    assert.equal(
      decide(
        outsider,
        'kms:Decrypt',
        keyArn,
        { resource: managedKey, identity: [outsiderMayDecrypt] },
        fromOutside,
      ),
      'ImplicitDeny',
    );
  });
});

describe('cross-account requests need both sides — ref aws-iam-and-protocols §1.4', () => {
  const namesOutsider = policy('resource', allow(get, '*', { Principal: { AWS: outsider.arn } }));
  const namesOtherAccount = policy('resource', allow(get, '*', { Principal: { AWS: otherAccount } }));
  const outsiderMayGet = policy('identity', allow(get, secretArn));
  test('naming the principal in the resource policy is not enough without its identity policy', () => {
    assert.equal(decide(outsider, get, secretArn, { resource: namesOutsider }), 'ImplicitDeny');
    assert.equal(decide(outsider, get, secretArn, { identity: [outsiderMayGet] }), 'ImplicitDeny');
    assert.equal(
      decide(outsider, get, secretArn, { resource: namesOutsider, identity: [outsiderMayGet] }),
      'Allow',
    );
    assert.equal(
      decide(outsider, get, secretArn, { resource: namesOtherAccount, identity: [outsiderMayGet] }),
      'Allow',
    );
  });
  test('the principal’s boundary applies on its side', () => {
    const boundary = policy('identity', allow('s3:*'));
    assert.equal(
      decide(outsider, get, secretArn, { resource: namesOutsider, identity: [outsiderMayGet], boundary }),
      'ImplicitDeny',
    );
  });
});

describe('permissions boundaries and session policies — ref aws-iam-and-protocols §1.5, §1.6', () => {
  const broad = policy('identity', allow(['secretsmanager:*', 's3:*']));
  const boundary = policy('identity', allow('secretsmanager:*'));
  test('effective permissions are the intersection of identity policy and boundary', () => {
    assert.equal(decide(alice, get, secretArn, { identity: [broad], boundary }), 'Allow');
    assert.equal(
      decide(alice, 's3:GetObject', 'arn:aws:s3:::b/k', { identity: [broad], boundary }),
      'ImplicitDeny',
    );
    assert.equal(
      decide(alice, 's3:GetObject', 'arn:aws:s3:::b/k', { identity: [boundary], boundary: broad }),
      'ImplicitDeny',
    );
  });
  test('a boundary never grants on its own', () => {
    assert.equal(decide(alice, get, secretArn, { boundary: broad }), 'ImplicitDeny');
  });
  test('a session policy narrows a role session; none passed means no limit', () => {
    assert.equal(decide(execSession, get, secretArn, { identity: [broad] }), 'Allow');
    assert.equal(
      decide(execSession, get, secretArn, {
        identity: [broad],
        session: [policy('identity', allow('s3:*'))],
      }),
      'ImplicitDeny',
    );
    assert.equal(decide(execSession, get, secretArn, { identity: [broad], session: [boundary] }), 'Allow');
  });
  test('a deny in a boundary or session policy is explicit', () => {
    const denyGet = policy('identity', deny(get));
    assert.equal(decide(alice, get, secretArn, { identity: [broad], boundary: denyGet }), 'ExplicitDeny');
    assert.equal(
      decide(execSession, get, secretArn, { identity: [broad], session: [denyGet] }),
      'ExplicitDeny',
    );
  });
});

describe('statement matching — ref aws-iam-and-protocols §1.8', () => {
  const allowVia = (statement: Record<string, unknown>) => ({ identity: [policy('identity', statement)] });
  test('actions match case-insensitively with * and ?', () => {
    assert.equal(
      decide(alice, get, secretArn, allowVia(allow('SecretsManager:getsecretvalue', '*'))),
      'Allow',
    );
    assert.equal(decide(alice, get, secretArn, allowVia(allow('secretsmanager:Get*', '*'))), 'Allow');
    assert.equal(
      decide(alice, get, secretArn, allowVia(allow('secretsmanager:GetSecretValu?', '*'))),
      'Allow',
    );
    assert.equal(
      decide(alice, get, secretArn, allowVia(allow('secretsmanager:GetSecret', '*'))),
      'ImplicitDeny',
    );
    assert.equal(decide(alice, get, secretArn, allowVia(allow('kms:*', '*'))), 'ImplicitDeny');
  });
  test('NotAction with Allow grants everything else; with Deny denies everything else', () => {
    const notIam = { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' };
    assert.equal(decide(alice, get, secretArn, allowVia(notIam)), 'Allow');
    assert.equal(decide(alice, 'iam:PassRole', roleArn, allowVia(notIam)), 'ImplicitDeny');
    const denyAllButGet = policy('identity', { Effect: 'Deny', NotAction: get, Resource: '*' });
    const everything = policy('identity', allow('*'));
    assert.equal(decide(alice, get, secretArn, { identity: [everything, denyAllButGet] }), 'Allow');
    assert.equal(
      decide(alice, 'kms:Decrypt', keyArn, { identity: [everything, denyAllButGet] }),
      'ExplicitDeny',
    );
  });
  test('resources match case-sensitively, segment by segment; the 6-character secret suffix pattern', () => {
    const suffix = `arn:aws:secretsmanager:us-east-1:${account}:secret:registry-??????`;
    assert.equal(decide(alice, get, secretArn, allowVia(allow(get, suffix))), 'Allow');
    assert.equal(decide(alice, get, `${secretArn}x`, allowVia(allow(get, suffix))), 'ImplicitDeny');
    assert.equal(
      decide(alice, get, secretArn, allowVia(allow(get, secretArn.replace('registry', 'Registry')))),
      'ImplicitDeny',
    );
    assert.equal(
      decide(alice, get, secretArn, allowVia(allow(get, 'arn:aws:secretsmanager:*:*:secret:*'))),
      'Allow',
    );
    // A * in the region field does not reach into the account field.
    assert.equal(
      decide(alice, get, secretArn, allowVia(allow(get, `arn:aws:secretsmanager:*:secret:*`))),
      'ImplicitDeny',
    );
  });
  test('a partial ARN in the policy (no suffix) does not match the full secret ARN', () => {
    const partial = `arn:aws:secretsmanager:us-east-1:${account}:secret:registry`;
    assert.equal(decide(alice, get, secretArn, allowVia(allow(get, partial))), 'ImplicitDeny');
  });
  test('a * in the resource field spans / and :', () => {
    const pattern = 'arn:aws:s3:::bucket/*';
    assert.equal(
      decide(alice, 's3:GetObject', 'arn:aws:s3:::bucket/a/b:c', allowVia(allow('s3:GetObject', pattern))),
      'Allow',
    );
  });
  test('NotResource', () => {
    const notSecret = { Effect: 'Allow', Action: get, NotResource: secretArn };
    assert.equal(decide(alice, get, secretArn, allowVia(notSecret)), 'ImplicitDeny');
    assert.equal(decide(alice, get, `${secretArn}-other`, allowVia(notSecret)), 'Allow');
  });
  test('NotPrincipal with Deny denies everyone but the listed principals', () => {
    const guard = policy('resource', {
      Effect: 'Deny',
      NotPrincipal: { AWS: [alice.arn] },
      Action: get,
      Resource: '*',
    });
    assert.equal(decide(alice, get, secretArn, { identity: [grantGet], resource: guard }), 'Allow');
    assert.equal(
      decide(execSession, get, secretArn, { identity: [grantGet], resource: guard }),
      'ExplicitDeny',
    );
  });
});
