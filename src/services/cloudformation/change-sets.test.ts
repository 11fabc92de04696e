// Change sets as CDK and `aws cloudformation deploy` drive them (ref cloudformation-cdk §1.3, §1.5, §3, §4.4), the
// stack role's trust, and operations a stopped berth up left running.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
} from '@aws-sdk/client-cloudformation';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { cloudformationHarness } from '../../testing/cloudformation-fixtures.js';
import { ScannablePersistence } from '../../testing/control-plane-harness.js';
import { sdkError } from '../../testing/sdk-error.js';

const v1 = JSON.stringify({
  Parameters: {
    BootstrapVersion: {
      Type: 'AWS::SSM::Parameter::Value<String>',
      Default: '/cdk-bootstrap/hnb659fds/version',
    },
  },
  Resources: { A: { Type: 'Test::Thing', Properties: { V: 1 } } },
  Rules: {
    CheckBootstrapVersion: {
      Assertions: [
        {
          Assert: {
            'Fn::Not': [{ 'Fn::Contains': [['1', '2', '3', '4', '5'], { Ref: 'BootstrapVersion' }] }],
          },
          AssertDescription:
            "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.",
        },
      ],
    },
  },
});
const ssm = new Map([['/cdk-bootstrap/hnb659fds/version', '34']]);

test('CREATE change set: REVIEW_IN_PROGRESS, Changes, execute, the SSM parameter’s ResolvedValue (§1.3, §1.4)', async () => {
  const { cfn, settle } = cloudformationHarness({ parameters: ssm });
  const { Id, StackId } = await cfn.send(
    new CreateChangeSetCommand({
      StackName: 'web',
      ChangeSetName: 'cdk-deploy-change-set',
      ChangeSetType: 'CREATE',
      TemplateBody: v1,
    }),
  );
  assert.match(Id!, /^arn:aws:cloudformation:us-east-1:000000000000:changeSet\/cdk-deploy-change-set\//);
  assert.equal((await settle('web')).StackStatus, 'REVIEW_IN_PROGRESS');
  const described = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id, StackName: StackId }));
  assert.deepEqual([described.Status, described.ExecutionStatus], ['CREATE_COMPLETE', 'AVAILABLE']);
  assert.deepEqual(
    described.Changes?.map((c) => [c.ResourceChange?.Action, c.ResourceChange?.LogicalResourceId]),
    [['Add', 'A']],
  );
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: 'cdk-deploy-change-set', StackName: 'web' }));
  const stack = await settle('web');
  assert.equal(stack.StackStatus, 'CREATE_COMPLETE');
  assert.deepEqual(stack.Parameters, [
    {
      ParameterKey: 'BootstrapVersion',
      ParameterValue: '/cdk-bootstrap/hnb659fds/version',
      ResolvedValue: '34',
    },
  ]);
  const after = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));
  assert.equal(after.ExecutionStatus, 'EXECUTE_COMPLETE');
  assert.equal(stack.ChangeSetId, Id);
});

test('an empty UPDATE change set FAILS with the text CDK and the AWS CLI look for; DeleteChangeSet of a missing name succeeds', async () => {
  const { cfn, settle } = cloudformationHarness({ parameters: ssm });
  await cfn.send(new CreateStackCommand({ StackName: 'web', TemplateBody: v1 }));
  await settle('web');
  const { Id } = await cfn.send(
    new CreateChangeSetCommand({
      StackName: 'web',
      ChangeSetName: 'again',
      ChangeSetType: 'UPDATE',
      TemplateBody: v1,
    }),
  );
  const empty = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));
  assert.deepEqual(
    [empty.Status, empty.ExecutionStatus, empty.StatusReason],
    [
      'FAILED',
      'UNAVAILABLE',
      "The submitted information didn't contain changes. Submit different information to create a change set.",
    ],
  );
  assert.equal(
    (await sdkError(cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: Id })))).message,
    `ChangeSet [${Id}] cannot be executed in its current status of [UNAVAILABLE]`,
  );
  await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: 'never-made', StackName: 'web' }));
  await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: Id }));
  assert.deepEqual(
    await sdkError(cfn.send(new DescribeChangeSetCommand({ ChangeSetName: 'again', StackName: 'web' }))),
    {
      name: 'ChangeSetNotFoundException',
      message: 'ChangeSet [again] does not exist',
      status: 404,
    },
  );
  const changed = v1.replace('"V":1', '"V":2');
  const { Id: update } = await cfn.send(
    new CreateChangeSetCommand({
      StackName: 'web',
      ChangeSetName: 'u',
      ChangeSetType: 'UPDATE',
      TemplateBody: changed,
    }),
  );
  const described = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: update }));
  assert.deepEqual(
    described.Changes?.map((c) => [
      c.ResourceChange?.Action,
      c.ResourceChange?.Replacement,
      c.ResourceChange?.PhysicalResourceId,
    ]),
    [['Modify', 'False', 'thing-1']],
  );
  assert.equal((await cfn.send(new ListChangeSetsCommand({ StackName: 'web' }))).Summaries?.length, 1);
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: update }));
  assert.equal((await settle('web')).StackStatus, 'UPDATE_COMPLETE');
});

test('rules and SSM parameters are checked when the change set is created (§4.2, §4.5)', async () => {
  const { cfn } = cloudformationHarness({ parameters: new Map([['/cdk-bootstrap/hnb659fds/version', '5']]) });
  const create = (template: string) =>
    cfn.send(
      new CreateChangeSetCommand({
        StackName: 'web',
        ChangeSetName: 'c',
        ChangeSetType: 'CREATE',
        TemplateBody: template,
      }),
    );
  assert.equal(
    (await sdkError(create(v1))).message,
    "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.",
  );
  assert.equal(
    (await sdkError(create(v1.replace('/cdk-bootstrap/hnb659fds/version', '/missing')))).message,
    'Unable to fetch parameters [/missing] from parameter store for this account.',
  );
});

test('a RoleARN whose trust policy does not allow cloudformation.amazonaws.com fails as AWS words it', async () => {
  const { h, cfn } = cloudformationHarness({ parameters: ssm });
  const trust = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  };
  const { Role } = await h
    .client(IAMClient)
    .send(new CreateRoleCommand({ RoleName: 'not-cfn', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  assert.deepEqual(
    await sdkError(
      cfn.send(new CreateStackCommand({ StackName: 'web', TemplateBody: v1, RoleARN: Role!.Arn })),
    ),
    { name: 'ValidationError', message: `Role ${Role!.Arn} is invalid or cannot be assumed`, status: 400 },
  );
});

test('an operation a stopped berth up left running ends FAILED with the reason when berth up starts again', async () => {
  const persistence = new ScannablePersistence();
  const first = cloudformationHarness({ parameters: ssm, persistence });
  const slow = v1.replace('"V":1', '"V":1,"Slow":200');
  await first.cfn.send(new CreateStackCommand({ StackName: 'web', TemplateBody: slow }));
  const second = cloudformationHarness({ parameters: ssm, persistence });
  const { Stacks } = await second.cfn.send(new DescribeStacksCommand({ StackName: 'web' }));
  assert.deepEqual(
    [Stacks?.[0]?.StackStatus, Stacks?.[0]?.StackStatusReason],
    ['CREATE_FAILED', 'berth stopped while this operation ran'],
  );
  await first.settle('web');
});
