// The AWS managed policy catalogue: every document is real IAM grammar, the catalogue is well-formed, and the
// policies decide the requests that matter for ECS private-registry auth as AWS's documents imply
// (reference/aws-iam-and-protocols.md §6; evaluation per §1.1–§1.2).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { evaluate, type Policy, parsePolicy, RequestContext, type RequestPrincipal } from '../index.js';
import {
  type AwsManagedPolicy,
  administratorAccess,
  amazonEcsTaskExecutionRolePolicy,
  awsManagedPolicies,
  findAwsManagedPolicy,
  readOnlyAccess,
  secretsManagerReadWrite,
} from './index.js';

const account = '111122223333';
const execRole: RequestPrincipal = {
  type: 'assumed-role',
  arn: `arn:aws:sts::${account}:assumed-role/exec/task`,
  account,
  roleArn: `arn:aws:iam::${account}:role/exec`,
};
const secretArn = `arn:aws:secretsmanager:us-east-1:${account}:secret:registry/dockerhub-AbCdEf`;
const keyArn = `arn:aws:kms:us-east-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const repositoryArn = `arn:aws:ecr:us-east-1:${account}:repository/app`;
const logStreamArn = `arn:aws:logs:us-east-1:${account}:log-group:/ecs/app:log-stream:ecs/app/task`;
const execRoleArn = `arn:aws:iam::${account}:role/exec`;

function compile(managed: AwsManagedPolicy): Policy {
  return parsePolicy(managed.document, { kind: 'identity', name: managed.arn });
}

/** The decision for the exec role's session holding only these policies. */
function decide(
  policies: readonly Policy[],
  action: string,
  resource = '*',
  context = new RequestContext(),
): string {
  return evaluate({ principal: execRole, action, resource, context }, { identity: policies }).result;
}

describe('the catalogue', () => {
  test('every document parses as an identity policy, under its ARN', () => {
    for (const managed of awsManagedPolicies) {
      const policy = compile(managed);
      assert.equal(policy.name, managed.arn);
      assert.equal(policy.version, '2012-10-17');
      assert.equal(policy.statements.length, managed.document.Statement.length, managed.name);
    }
  });

  test('ARNs are unique and are arn:aws:iam::aws:policy + path + name', () => {
    const arns = awsManagedPolicies.map((p) => p.arn);
    assert.equal(new Set(arns).size, arns.length);
    assert.equal(new Set(awsManagedPolicies.map((p) => p.name)).size, arns.length);
    for (const managed of awsManagedPolicies) {
      assert.match(managed.path, /^\/([A-Za-z0-9+=,.@_-]+\/)*$/, managed.name);
      assert.match(managed.name, /^[A-Za-z0-9+=,.@_-]{1,128}$/);
      assert.equal(managed.arn, `arn:aws:iam::aws:policy${managed.path}${managed.name}`);
    }
    assert.equal(amazonEcsTaskExecutionRolePolicy.path, '/service-role/');
  });

  test('versions and dates are IAM-shaped; every document is complete', () => {
    for (const managed of awsManagedPolicies) {
      assert.match(managed.defaultVersionId, /^v[1-9]\d*$/, managed.name);
      for (const date of [managed.createDate, managed.updateDate]) {
        assert.match(date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, managed.name);
        assert.equal(new Date(date).toISOString().replace('.000Z', 'Z'), date);
      }
      assert.ok(managed.createDate <= managed.updateDate, managed.name);
      assert.ok(managed.description.length > 0);
      assert.equal(managed.abridged, undefined, `${managed.name} is marked abridged`);
    }
  });

  test('findAwsManagedPolicy finds each policy by its exact ARN and nothing else', () => {
    for (const managed of awsManagedPolicies) assert.equal(findAwsManagedPolicy(managed.arn), managed);
    assert.equal(findAwsManagedPolicy('arn:aws:iam::aws:policy/NoSuchPolicy'), undefined);
    // The path is part of the ARN: without service-role/ it is not the execution role policy.
    assert.equal(findAwsManagedPolicy('arn:aws:iam::aws:policy/AmazonECSTaskExecutionRolePolicy'), undefined);
    assert.equal(findAwsManagedPolicy(`arn:aws:iam::${account}:policy/ReadOnlyAccess`), undefined);
    assert.equal(findAwsManagedPolicy(''), undefined);
  });

  test('the shared definitions cannot be changed in place', () => {
    assert.throws(() => {
      (readOnlyAccess.document.Statement as unknown[]).push({});
    }, TypeError);
    assert.throws(() => {
      (administratorAccess.document.Statement[0] as { Action: string }).Action = 's3:*';
    }, TypeError);
    assert.throws(() => {
      (awsManagedPolicies as AwsManagedPolicy[]).pop();
    }, TypeError);
  });
});

describe('AmazonECSTaskExecutionRolePolicy — ref aws-iam-and-protocols §6', () => {
  const exec = compile(amazonEcsTaskExecutionRolePolicy);

  test('allows the ECR pull and CloudWatch Logs actions the agent needs', () => {
    assert.equal(decide([exec], 'ecr:GetAuthorizationToken'), 'Allow');
    assert.equal(decide([exec], 'ecr:BatchGetImage'), 'Allow');
    assert.equal(decide([exec], 'ecr:BatchGetImage', repositoryArn), 'Allow');
    assert.equal(decide([exec], 'ecr:GetDownloadUrlForLayer', repositoryArn), 'Allow');
    assert.equal(decide([exec], 'ecr:BatchCheckLayerAvailability', repositoryArn), 'Allow');
    assert.equal(decide([exec], 'logs:CreateLogStream', logStreamArn), 'Allow');
    assert.equal(decide([exec], 'logs:PutLogEvents'), 'Allow');
  });

  test('does not allow reading the registry secret or decrypting it: the classic misconfiguration', () => {
    assert.equal(decide([exec], 'secretsmanager:GetSecretValue', secretArn), 'ImplicitDeny');
    assert.equal(decide([exec], 'kms:Decrypt', keyArn), 'ImplicitDeny');
    assert.equal(decide([exec], 'ssm:GetParameters'), 'ImplicitDeny');
    assert.equal(decide([exec], 'ecr:PutImage', repositoryArn), 'ImplicitDeny');
    assert.equal(decide([exec], 'logs:CreateLogGroup'), 'ImplicitDeny');
  });

  test('with the inline policy ECS asks for, GetSecretValue on that secret is allowed', () => {
    const inline = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [secretArn] }],
      },
      { kind: 'identity', name: 'private-registry' },
    );
    assert.equal(decide([exec, inline], 'secretsmanager:GetSecretValue', secretArn), 'Allow');
    assert.equal(decide([exec, inline], 'secretsmanager:GetSecretValue', `${secretArn}x`), 'ImplicitDeny');
  });
});

describe('SecretsManagerReadWrite v5', () => {
  const readWrite = compile(secretsManagerReadWrite);

  test('has the published statements, in order', () => {
    assert.deepEqual(
      secretsManagerReadWrite.document.Statement.map((s) => s.Sid),
      ['BasePermissions', 'LambdaPermissions', 'SARPermissions', 'S3Permissions'],
    );
  });

  test('allows every Secrets Manager action on a secret, GetSecretValue included', () => {
    assert.equal(decide([readWrite], 'secretsmanager:GetSecretValue', secretArn), 'Allow');
    assert.equal(decide([readWrite], 'secretsmanager:PutSecretValue', secretArn), 'Allow');
    assert.equal(decide([readWrite], 'secretsmanager:CreateSecret'), 'Allow');
  });

  test('excludes IAM and KMS use, as its description says', () => {
    assert.equal(decide([readWrite], 'iam:PassRole', execRoleArn), 'ImplicitDeny');
    assert.equal(decide([readWrite], 'kms:Decrypt', keyArn), 'ImplicitDeny');
    assert.equal(decide([readWrite], 'kms:DescribeKey', keyArn), 'Allow');
  });

  test('scopes the rotation helpers to SecretsManager* functions, applications and buckets', () => {
    const fn = (name: string) => `arn:aws:lambda:us-east-1:${account}:function:${name}`;
    assert.equal(decide([readWrite], 'lambda:InvokeFunction', fn('SecretsManagerRotation')), 'Allow');
    assert.equal(decide([readWrite], 'lambda:InvokeFunction', fn('other')), 'ImplicitDeny');
    assert.equal(
      decide([readWrite], 's3:GetObject', 'arn:aws:s3:::secrets-manager-rotation-apps-0123/app.zip'),
      'Allow',
    );
    assert.equal(decide([readWrite], 's3:GetObject', 'arn:aws:s3:::my-bucket/app.zip'), 'ImplicitDeny');
  });
});

describe('AdministratorAccess', () => {
  const admin = compile(administratorAccess);

  test('allows anything on anything', () => {
    assert.equal(decide([admin], 'iam:PassRole', execRoleArn), 'Allow');
    assert.equal(decide([admin], 'secretsmanager:GetSecretValue', secretArn), 'Allow');
    assert.equal(decide([admin], 'kms:Decrypt', keyArn), 'Allow');
    assert.equal(decide([admin], 'ecs:RunTask'), 'Allow');
    assert.equal(
      decide([admin], 'madeup:Anything', 'arn:aws:madeup:us-east-1:111122223333:thing/x'),
      'Allow',
    );
  });
});

describe('ReadOnlyAccess v182', () => {
  const readOnly = compile(readOnlyAccess);

  test('is the complete published document: statements, counts and content pinned', () => {
    const { Statement } = readOnlyAccess.document;
    assert.deepEqual(
      Statement.map((s) => s.Sid),
      ['ReadOnlyActionsGroup1', 'ReadOnlyActionsGroup2', 'S3ExpressReadOnlySessionObjectAccess'],
    );
    assert.deepEqual(
      Statement.map((s) => (Array.isArray(s.Action) ? s.Action.length : 1)),
      [1430, 1313, 1],
    );
    // Any edit to the transcription changes this digest; replace the definition wholesale for a new version.
    const digest = createHash('sha256').update(JSON.stringify(readOnlyAccess.document)).digest('hex');
    assert.equal(digest, '690ea62663813fa17078cf61b5c02b4a8594d7d8cb1d37eae3ffb0f68d91cbe4');
  });

  test('allows describing and listing what berth emulates', () => {
    assert.equal(decide([readOnly], 'secretsmanager:DescribeSecret', secretArn), 'Allow');
    assert.equal(decide([readOnly], 'secretsmanager:ListSecrets'), 'Allow');
    assert.equal(decide([readOnly], 'secretsmanager:GetResourcePolicy', secretArn), 'Allow');
    assert.equal(decide([readOnly], 'ecs:DescribeTasks'), 'Allow');
    assert.equal(decide([readOnly], 'ecs:ListTaskDefinitions'), 'Allow');
    assert.equal(decide([readOnly], 'iam:GetRole', execRoleArn), 'Allow');
    assert.equal(decide([readOnly], 'kms:DescribeKey', keyArn), 'Allow');
    assert.equal(decide([readOnly], 'sts:GetCallerIdentity'), 'Allow');
  });

  test('does not read secret values: only Describe*, GetResourcePolicy and List* of secretsmanager are in it', () => {
    assert.equal(decide([readOnly], 'secretsmanager:GetSecretValue', secretArn), 'ImplicitDeny');
    assert.equal(decide([readOnly], 'secretsmanager:BatchGetSecretValue'), 'ImplicitDeny');
    assert.equal(decide([readOnly], 'secretsmanager:PutSecretValue', secretArn), 'ImplicitDeny');
    assert.equal(decide([readOnly], 'kms:Decrypt', keyArn), 'ImplicitDeny');
    assert.equal(decide([readOnly], 'iam:PassRole', execRoleArn), 'ImplicitDeny');
    assert.equal(decide([readOnly], 'ecs:RunTask'), 'ImplicitDeny');
  });

  test('does allow pulling from ECR (ecr:Get*, ecr:BatchGet*, ecr:BatchCheck*) but not pushing', () => {
    assert.equal(decide([readOnly], 'ecr:GetAuthorizationToken'), 'Allow');
    assert.equal(decide([readOnly], 'ecr:BatchGetImage', repositoryArn), 'Allow');
    assert.equal(decide([readOnly], 'ecr:GetDownloadUrlForLayer', repositoryArn), 'Allow');
    assert.equal(decide([readOnly], 'ecr:BatchCheckLayerAvailability', repositoryArn), 'Allow');
    assert.equal(decide([readOnly], 'ecr:PutImage', repositoryArn), 'ImplicitDeny');
  });

  test('grants S3 Express sessions only in ReadOnly mode (its one conditional statement)', () => {
    const bucket = 'arn:aws:s3express:us-east-1:111122223333:bucket/data--use1-az4--x-s3';
    const mode = (value: string) => new RequestContext({ 's3express:SessionMode': value });
    assert.equal(decide([readOnly], 's3express:CreateSession', bucket, mode('ReadOnly')), 'Allow');
    assert.equal(decide([readOnly], 's3express:CreateSession', bucket, mode('ReadWrite')), 'ImplicitDeny');
    assert.equal(decide([readOnly], 's3express:CreateSession', bucket), 'ImplicitDeny');
  });
});
