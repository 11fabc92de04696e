// Stack operations in process with a fake provisioner: status machines, events, rollback, the update diff and
// CloudFormation's texts (ref cloudformation-cdk §1.5, §1.7, §4.2, §4.4).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListExportsCommand,
  ListImportsCommand,
  UpdateStackCommand,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { cloudformationHarness } from '../../testing/cloudformation-fixtures.js';
import { sdkError } from '../../testing/sdk-error.js';

const template = JSON.stringify({
  Parameters: {
    Env: { Type: 'String', Default: 'prod' },
    Secret: { Type: 'String', NoEcho: true, Default: 's' },
  },
  Resources: {
    A: { Type: 'Test::Thing', Properties: { Name: 'a', Env: { Ref: 'Env' } } },
    B: { Type: 'Test::Thing', Properties: { From: { 'Fn::GetAtt': ['A', 'Arn'] } } },
    C: { Type: 'Test::Thing', DeletionPolicy: 'Retain', Properties: { Ref: { Ref: 'B' } } },
  },
  Outputs: { Out: { Value: { Ref: 'C' }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-out' } } } },
});

test('CreateStack answers at once, creates in dependency order, and DescribeStacks shows every parameter, outputs and exports', async () => {
  const { cfn, settle, provisioner } = cloudformationHarness();
  const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'web', TemplateBody: template }));
  assert.match(StackId!, /^arn:aws:cloudformation:us-east-1:000000000000:stack\/web\/[0-9a-f-]{36}$/);
  const stack = await settle('web');
  assert.equal(stack.StackStatus, 'CREATE_COMPLETE');
  assert.deepEqual(provisioner.calls, ['create A', 'create B', 'create C']);
  assert.deepEqual(
    stack.Parameters?.map((p) => [p.ParameterKey, p.ParameterValue]),
    [
      ['Env', 'prod'],
      ['Secret', '****'],
    ],
  );
  assert.deepEqual(stack.Outputs, [{ OutputKey: 'Out', OutputValue: 'thing-3', ExportName: 'web-out' }]);
  const { Exports } = await cfn.send(new ListExportsCommand({}));
  assert.deepEqual(
    Exports?.map((e) => [e.Name, e.Value]),
    [['web-out', 'thing-3']],
  );
  const { TemplateBody } = await cfn.send(
    new GetTemplateCommand({ StackName: 'web', TemplateStage: 'Original' }),
  );
  assert.equal(TemplateBody, template, 'GetTemplate returns the submitted text verbatim (§1.5)');
  const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: StackId }))).StackEvents!;
  assert.deepEqual(
    events.slice(-4).map((e) => [e.LogicalResourceId, e.ResourceStatus, e.ResourceStatusReason]),
    [
      ['A', 'CREATE_COMPLETE', undefined],
      ['A', 'CREATE_IN_PROGRESS', 'Resource creation Initiated'],
      ['A', 'CREATE_IN_PROGRESS', undefined],
      ['web', 'CREATE_IN_PROGRESS', 'User Initiated'],
    ],
    'events are newest first (§4.4)',
  );
  assert.deepEqual(
    await sdkError(cfn.send(new CreateStackCommand({ StackName: 'web', TemplateBody: template }))),
    {
      name: 'AlreadyExistsException',
      message: 'Stack [web] already exists',
      status: 400,
    },
  );
});

test('UpdateStack: no change is "No updates are to be performed."; a change updates in place, replaces, and cleans up', async () => {
  const { cfn, settle, provisioner } = cloudformationHarness();
  await cfn.send(new CreateStackCommand({ StackName: 'web', TemplateBody: template }));
  await settle('web');
  assert.deepEqual(
    await sdkError(cfn.send(new UpdateStackCommand({ StackName: 'web', TemplateBody: template }))),
    { name: 'ValidationError', message: 'No updates are to be performed.', status: 400 },
  );
  provisioner.calls.length = 0;
  const renamed = template.replace('"Name":"a"', '"Name":"a2"');
  await cfn.send(new UpdateStackCommand({ StackName: 'web', TemplateBody: renamed }));
  const stack = await settle('web');
  assert.equal(stack.StackStatus, 'UPDATE_COMPLETE');
  // A is replaced (new physical id), so B's GetAtt changes (update in place) and C's Ref stays the same.
  assert.deepEqual(provisioner.calls, ['create A', 'update B', 'delete A']);
  const statuses = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'web' })))
    .StackEvents!.filter((e) => e.LogicalResourceId === 'web')
    .map((e) => e.ResourceStatus);
  assert.deepEqual(statuses.slice(0, 3), [
    'UPDATE_COMPLETE',
    'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
    'UPDATE_IN_PROGRESS',
  ]);
});

test('a failed create rolls back with CloudFormation’s texts; an unsupported type fails its resource loudly', async () => {
  const { cfn, settle, provisioner } = cloudformationHarness();
  const failing = JSON.stringify({
    Resources: {
      A: { Type: 'Test::Thing' },
      B: { Type: 'Test::Thing', Properties: { Fail: true, After: { Ref: 'A' } } },
      U: { Type: 'AWS::Nope::Thing', DependsOn: 'A' },
    },
  });
  await cfn.send(new CreateStackCommand({ StackName: 'bad', TemplateBody: failing }));
  const stack = await settle('bad');
  assert.equal(stack.StackStatus, 'ROLLBACK_COMPLETE');
  const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'bad' }))).StackEvents!;
  const reasons = Object.fromEntries(
    events
      .filter((e) => e.ResourceStatus === 'CREATE_FAILED')
      .map((e) => [e.LogicalResourceId, e.ResourceStatusReason]),
  );
  assert.deepEqual(reasons, {
    B: 'thing failed',
    U: 'berth does not support resource type AWS::Nope::Thing',
  });
  const rollback = events.find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS')!;
  assert.match(
    rollback.ResourceStatusReason!,
    /^The following resource\(s\) failed to create: \[(B, U|U, B)\]\. Rollback requested by user\.$/,
  );
  assert.equal(provisioner.live.size, 0, 'what was created is deleted');
  assert.deepEqual(
    await sdkError(cfn.send(new UpdateStackCommand({ StackName: 'bad', TemplateBody: failing }))),
    {
      name: 'ValidationError',
      message: `Stack:${stack.StackId} is in ROLLBACK_COMPLETE state and can not be updated.`,
      status: 400,
    },
  );
});

test('a failed update rolls back: in-place updates reverted, new resources deleted (UPDATE_ROLLBACK_COMPLETE)', async () => {
  const { cfn, settle, provisioner } = cloudformationHarness();
  await cfn.send(new CreateStackCommand({ StackName: 'web', TemplateBody: template }));
  await settle('web');
  const broken = JSON.parse(template);
  broken.Resources.B.Properties.Extra = 'x';
  broken.Resources.D = { Type: 'Test::Thing', DependsOn: 'B', Properties: { Fail: true } };
  await cfn.send(new UpdateStackCommand({ StackName: 'web', TemplateBody: JSON.stringify(broken) }));
  const stack = await settle('web');
  assert.equal(stack.StackStatus, 'UPDATE_ROLLBACK_COMPLETE');
  assert.equal(
    [...provisioner.live.values()].some((p) => p.Extra === 'x'),
    false,
  );
  const { TemplateBody } = await cfn.send(new GetTemplateCommand({ StackName: 'web' }));
  assert.equal(TemplateBody, template, 'the stack keeps its previous template');
});

test('DeleteStack: reverse order, Retain skipped; by name the stack is gone, by ARN it is DELETE_COMPLETE (§1.5)', async () => {
  const { cfn, settle, provisioner } = cloudformationHarness();
  const { StackId } = await cfn.send(new CreateStackCommand({ StackName: 'web', TemplateBody: template }));
  await settle('web');
  provisioner.calls.length = 0;
  await cfn.send(new DeleteStackCommand({ StackName: 'web' }));
  const deleted = await settle(StackId!);
  assert.equal(deleted.StackStatus, 'DELETE_COMPLETE');
  assert.deepEqual(provisioner.calls, ['delete B', 'delete A']);
  const { StackResources } = await cfn.send(new DescribeStackResourcesCommand({ StackName: StackId }));
  assert.equal(StackResources?.find((r) => r.LogicalResourceId === 'C')?.ResourceStatus, 'DELETE_SKIPPED');
  assert.deepEqual(await sdkError(cfn.send(new DescribeStacksCommand({ StackName: 'web' }))), {
    name: 'ValidationError',
    message: 'Stack with id web does not exist',
    status: 400,
  });
  await cfn.send(new DeleteStackCommand({ StackName: 'web' }));
  assert.deepEqual((await cfn.send(new ListExportsCommand({}))).Exports, []);
});

test('templates and requests CloudFormation refuses, with its texts (§4.5)', async () => {
  const { cfn } = cloudformationHarness();
  const iam = JSON.stringify({ Resources: { R: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'r' } } } });
  assert.deepEqual(await sdkError(cfn.send(new CreateStackCommand({ StackName: 's', TemplateBody: iam }))), {
    name: 'InsufficientCapabilitiesException',
    message: 'Requires capabilities : [CAPABILITY_NAMED_IAM]',
    status: 400,
  });
  const cycle =
    'Resources:\n  A: { Type: Test::Thing, Properties: { X: !Ref B } }\n  B: { Type: Test::Thing, Properties: { X: !Ref A } }\n';
  assert.deepEqual(await sdkError(cfn.send(new ValidateTemplateCommand({ TemplateBody: cycle }))), {
    name: 'ValidationError',
    message: 'Circular dependency between resources: [A, B]',
    status: 400,
  });
  const valid = await cfn.send(new ValidateTemplateCommand({ TemplateBody: iam }));
  assert.deepEqual(valid.Capabilities, ['CAPABILITY_NAMED_IAM']);
  assert.deepEqual(
    await sdkError(
      cfn.send(
        new CreateStackCommand({
          StackName: 's',
          TemplateBody: template,
          Parameters: [{ ParameterKey: 'Nope', ParameterValue: 'x' }],
        }),
      ),
    ),
    { name: 'ValidationError', message: 'Parameters: [Nope] do not exist in the template', status: 400 },
  );
  assert.equal(
    (await sdkError(cfn.send(new CreateStackCommand({ StackName: '1bad', TemplateBody: template })))).name,
    'ValidationError',
  );
  // A TemplateURL S3 will not give is the caller's mistake (ValidationError quoting S3), not an internal failure.
  const unreadable = await sdkError(
    cfn.send(
      new CreateStackCommand({
        StackName: 'fromurl',
        TemplateURL: 'http://127.0.0.1:4566/bucket/missing.json',
      }),
    ),
  );
  assert.equal(unreadable.name, 'ValidationError');
  assert.match(unreadable.message, /^S3 error: The specified key does not exist\./);
});

test('an imported export: ListImports names the importer, and the exporter cannot be deleted until it is gone', async () => {
  const { cfn, settle } = cloudformationHarness();
  await cfn.send(new CreateStackCommand({ StackName: 'web', TemplateBody: template }));
  await settle('web');
  const importer = JSON.stringify({
    Resources: { I: { Type: 'Test::Thing', Properties: { From: { 'Fn::ImportValue': 'web-out' } } } },
  });
  const { StackId: userId } = await cfn.send(
    new CreateStackCommand({ StackName: 'user', TemplateBody: importer }),
  );
  assert.equal((await settle('user')).StackStatus, 'CREATE_COMPLETE');
  assert.deepEqual((await cfn.send(new ListImportsCommand({ ExportName: 'web-out' }))).Imports, ['user']);
  await cfn.send(new DeleteStackCommand({ StackName: 'web' }));
  const refused = await settle('web');
  assert.deepEqual(
    [refused.StackStatus, refused.StackStatusReason],
    ['DELETE_FAILED', 'Export web-out cannot be deleted as it is in use by user'],
  );
  await cfn.send(new DeleteStackCommand({ StackName: 'user' }));
  await settle(userId!);
  assert.deepEqual(await sdkError(cfn.send(new ListImportsCommand({ ExportName: 'web-out' }))), {
    name: 'ValidationError',
    message: "Export 'web-out' is not imported by any stack.",
    status: 400,
  });
  await cfn.send(new DeleteStackCommand({ StackName: 'web' }));
  assert.equal((await settle(refused.StackId!)).StackStatus, 'DELETE_COMPLETE');
});
