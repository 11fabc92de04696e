// The resource providers against berth's own services in process: a stack of IAM, KMS, Secrets Manager and ECR
// resources is created, updated and deleted through their public APIs, and a stack role without permission fails the
// resource with IAM's AccessDenied text (ref cloudformation-cdk §5.2, §8.2, §8.3 risk 2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  DeleteParameterCommand,
  GetParameterCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import {
  cloudformationPart,
  ecrPart,
  iamStsPart,
  kmsSecretsPart,
  ssmPart,
} from '../../cli/control-plane/index.js';
import { inProcessHandler } from '../../testing/aws-test-services.js';
import { fakeLookups } from '../../testing/cloudformation-fixtures.js';
import { type ControlPlaneHarness, controlPlaneHarness } from '../../testing/control-plane-harness.js';
import { sdkError } from '../../testing/sdk-error.js';

/** The parts berth up runs for these types; CloudFormation's lookups faked unless `realLookups` (through SSM). */
function harness(realLookups = false) {
  let h: ControlPlaneHarness | undefined;
  const requestHandler = inProcessHandler((request) => h!.handle(request));
  h = controlPlaneHarness({
    signatureClock: 'real',
    parts: [
      iamStsPart,
      kmsSecretsPart,
      ecrPart(),
      ssmPart,
      cloudformationPart(realLookups ? { requestHandler } : { requestHandler, lookups: fakeLookups() }),
    ],
  });
  const cfn = h.client(CloudFormationClient);
  const settle = async (name: string) => {
    for (let i = 0; i < 1000; i++) {
      const stack = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0]!;
      if (!stack.StackStatus!.endsWith('_IN_PROGRESS')) return stack;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('did not settle');
  };
  return { h, cfn, settle };
}

const template = (policyAction: string) =>
  JSON.stringify({
    Resources: {
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'ecs-tasks.amazonaws.com' },
                Action: 'sts:AssumeRole',
              },
            ],
          },
        },
      },
      Policy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'read',
          Roles: [{ Ref: 'Role' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: policyAction, Resource: { Ref: 'Secret' } }],
          },
        },
      },
      Key: { Type: 'AWS::KMS::Key', DeletionPolicy: 'Retain', Properties: { Description: 'cfn key' } },
      Alias: {
        Type: 'AWS::KMS::Alias',
        Properties: { AliasName: 'alias/cfn-test', TargetKeyId: { Ref: 'Key' } },
      },
      Secret: {
        Type: 'AWS::SecretsManager::Secret',
        Properties: {
          KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] },
          GenerateSecretString: {
            SecretStringTemplate: '{"username":"u"}',
            GenerateStringKey: 'password',
            PasswordLength: 20,
          },
        },
      },
      Repo: {
        Type: 'AWS::ECR::Repository',
        Properties: { RepositoryName: 'cfn-repo', ImageTagMutability: 'IMMUTABLE' },
      },
      Meta: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:x' } },
    },
    Outputs: {
      RoleArn: { Value: { 'Fn::GetAtt': ['Role', 'Arn'] } },
      SecretArn: { Value: { Ref: 'Secret' } },
      RepoUri: { Value: { 'Fn::GetAtt': ['Repo', 'RepositoryUri'] } },
    },
  });

test('IAM, KMS, Secrets Manager and ECR resources are created, updated and deleted through berth’s APIs', async () => {
  const { h, cfn, settle } = harness();
  await cfn.send(
    new CreateStackCommand({
      StackName: 'app',
      TemplateBody: template('secretsmanager:GetSecretValue'),
      Capabilities: ['CAPABILITY_IAM'],
    }),
  );
  const created = await settle('app');
  assert.equal(created.StackStatus, 'CREATE_COMPLETE', created.StackStatusReason);
  const outputs = Object.fromEntries(created.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
  assert.match(outputs.RoleArn!, /^arn:aws:iam::000000000000:role\/app-Role-[A-Z0-9]{12}$/);
  assert.equal(outputs.RepoUri, '000000000000.dkr.ecr.us-east-1.amazonaws.com/cfn-repo');
  const secret = await h
    .client(SecretsManagerClient)
    .send(new GetSecretValueCommand({ SecretId: outputs.SecretArn }));
  const value = JSON.parse(secret.SecretString!) as { username: string; password: string };
  assert.deepEqual([value.username, value.password.length], ['u', 20]);
  const roleName = outputs.RoleArn!.split('/').at(-1)!;
  const iam = h.client(IAMClient);
  const policy = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'read' }));
  assert.match(decodeURIComponent(policy.PolicyDocument!), /secretsmanager:GetSecretValue/);

  await cfn.send(
    new UpdateStackCommand({
      StackName: 'app',
      TemplateBody: template('secretsmanager:DescribeSecret'),
      Capabilities: ['CAPABILITY_IAM'],
    }),
  );
  assert.equal((await settle('app')).StackStatus, 'UPDATE_COMPLETE');
  const updated = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'read' }));
  assert.match(decodeURIComponent(updated.PolicyDocument!), /secretsmanager:DescribeSecret/);

  const keyId = (await h.client(KMSClient).send(new DescribeKeyCommand({ KeyId: 'alias/cfn-test' })))
    .KeyMetadata!.KeyId!;
  await cfn.send(new DeleteStackCommand({ StackName: 'app' }));
  assert.equal((await settle(created.StackId!)).StackStatus, 'DELETE_COMPLETE');
  assert.equal(
    (await sdkError(iam.send(new GetRoleCommand({ RoleName: roleName })))).name,
    'NoSuchEntityException',
  );
  assert.equal(
    (
      await sdkError(
        h.client(ECRClient).send(new DescribeRepositoriesCommand({ repositoryNames: ['cfn-repo'] })),
      )
    ).name,
    'RepositoryNotFoundException',
  );
  const key = await h.client(KMSClient).send(new DescribeKeyCommand({ KeyId: keyId }));
  assert.equal(key.KeyMetadata?.KeyState, 'Enabled', 'DeletionPolicy Retain keeps the key');
});

test('a stack role without permission fails the resource with IAM’s AccessDenied text and rolls back', async () => {
  const { h, cfn, settle } = harness();
  const trust = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  };
  const { Role } = await h
    .client(IAMClient)
    .send(new CreateRoleCommand({ RoleName: 'cfn-exec', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  const body = JSON.stringify({ Resources: { Key: { Type: 'AWS::KMS::Key' } } });
  await cfn.send(new CreateStackCommand({ StackName: 'denied', TemplateBody: body, RoleARN: Role!.Arn }));
  assert.equal((await settle('denied')).StackStatus, 'ROLLBACK_COMPLETE');
  const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'denied' }))).StackEvents!;
  const failed = events.find((e) => e.ResourceStatus === 'CREATE_FAILED')!;
  assert.match(
    failed.ResourceStatusReason!,
    /^User: arn:aws:sts::000000000000:assumed-role\/cfn-exec\/AWSCloudFormation is not authorized to perform: kms:CreateKey/,
  );
});

test('without a RoleARN the stack acts as its caller: an IAM user’s own policies decide, as for its own requests', async () => {
  const { h, settle } = harness();
  const iam = h.client(IAMClient);
  await iam.send(new CreateUserCommand({ UserName: 'deployer' }));
  const allow = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['cloudformation:*', 'kms:CreateKey', 'kms:ScheduleKeyDeletion'],
        Resource: '*',
      },
    ],
  };
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'deployer',
      PolicyName: 'p',
      PolicyDocument: JSON.stringify(allow),
    }),
  );
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'deployer' }));
  const cfn = h.client(CloudFormationClient, {
    accessKeyId: AccessKey!.AccessKeyId!,
    secretAccessKey: AccessKey!.SecretAccessKey!,
  });
  const body = JSON.stringify({
    Resources: { Key: { Type: 'AWS::KMS::Key' }, Repo: { Type: 'AWS::ECR::Repository', DependsOn: 'Key' } },
  });
  await cfn.send(new CreateStackCommand({ StackName: 'as-user', TemplateBody: body }));
  assert.equal((await settle('as-user')).StackStatus, 'ROLLBACK_COMPLETE');
  const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'as-user' }))).StackEvents!;
  assert.ok(events.some((e) => e.LogicalResourceId === 'Key' && e.ResourceStatus === 'CREATE_COMPLETE'));
  assert.match(
    events.find((e) => e.ResourceStatus === 'CREATE_FAILED')!.ResourceStatusReason!,
    /^User: arn:aws:iam::000000000000:user\/deployer is not authorized to perform: ecr:CreateRepository/,
  );
  assert.ok(events.some((e) => e.LogicalResourceId === 'Key' && e.ResourceStatus === 'DELETE_COMPLETE'));
});

test('SSM: an SSM-typed parameter and a {{resolve:ssm:…}} reference read through berth’s SSM, an AWS::SSM::Parameter made and deleted', async () => {
  const { h, cfn, settle } = harness(true);
  const ssm = h.client(SSMClient);
  await ssm.send(new PutParameterCommand({ Name: '/cfn/in', Value: 'x', Type: 'String' }));
  const body = JSON.stringify({
    Parameters: { V: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cfn/in' } },
    Resources: {
      P: {
        Type: 'AWS::SSM::Parameter',
        Properties: {
          Name: '/cfn/out',
          Type: 'String',
          Value: { 'Fn::Sub': '${V}-{{resolve:ssm:/cfn/in}}' },
        },
      },
    },
  });
  await cfn.send(new CreateStackCommand({ StackName: 'params', TemplateBody: body }));
  const stack = await settle('params');
  assert.equal(stack.StackStatus, 'CREATE_COMPLETE', stack.StackStatusReason);
  assert.deepEqual(stack.Parameters, [{ ParameterKey: 'V', ParameterValue: '/cfn/in', ResolvedValue: 'x' }]);
  assert.equal((await ssm.send(new GetParameterCommand({ Name: '/cfn/out' }))).Parameter?.Value, 'x-x');
  await cfn.send(new DeleteStackCommand({ StackName: 'params' }));
  assert.equal((await settle(stack.StackId!)).StackStatus, 'DELETE_COMPLETE');
  assert.equal(
    (await sdkError(ssm.send(new GetParameterCommand({ Name: '/cfn/out' })))).name,
    'ParameterNotFound',
  );
  await ssm.send(new DeleteParameterCommand({ Name: '/cfn/in' }));
  assert.equal(
    (await sdkError(cfn.send(new CreateStackCommand({ StackName: 'params', TemplateBody: body })))).message,
    'Unable to fetch parameters [/cfn/in] from parameter store for this account.',
  );
});
