// IAM's policy simulator on berth's engine, through the SDK: EvalDecision, MatchedStatements with positions,
// MissingContextValues (ref aws-iam-and-protocols §4.5).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  PutRolePolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { account, iamStsHarness, policyText, sdkError, trustText } from '../../testing/iam-sts-harness.js';

const secretArn = `arn:aws:secretsmanager:us-east-1:${account}:secret:db-AbCdEf`;

test('SimulatePrincipalPolicy: a role’s inline and AWS managed policies decide, with the statements that did', async () => {
  const h = iamStsHarness();
  const { iam } = h.clients();
  const roleArn = (
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'exec',
        AssumeRolePolicyDocument: trustText({ Service: 'ecs-tasks.amazonaws.com' }),
      }),
    )
  ).Role!.Arn!;
  const inline = `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Sid": "Read", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "${secretArn}"},\n    {"Effect": "Deny", "Action": "secretsmanager:DeleteSecret", "Resource": "*"}\n  ]\n}`;
  await iam.send(
    new PutRolePolicyCommand({ RoleName: 'exec', PolicyName: 'secrets', PolicyDocument: inline }),
  );
  const execPolicy = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'exec', PolicyArn: execPolicy }));

  const result = await iam.send(
    new SimulatePrincipalPolicyCommand({
      PolicySourceArn: roleArn,
      ActionNames: [
        'secretsmanager:GetSecretValue',
        'secretsmanager:DeleteSecret',
        'kms:Decrypt',
        'ecr:BatchGetImage',
      ],
      ResourceArns: [secretArn],
    }),
  );
  const decisions = result.EvaluationResults!.map((r) => [
    r.EvalActionName,
    r.EvalResourceName,
    r.EvalDecision,
  ]);
  assert.deepEqual(decisions, [
    ['secretsmanager:GetSecretValue', secretArn, 'allowed'],
    ['secretsmanager:DeleteSecret', secretArn, 'explicitDeny'],
    ['kms:Decrypt', secretArn, 'implicitDeny'],
    ['ecr:BatchGetImage', secretArn, 'allowed'],
  ]);
  assert.equal(result.IsTruncated, false);
  const [read, del, decrypt, ecr] = result.EvaluationResults!;
  assert.deepEqual(read!.MatchedStatements, [
    {
      SourcePolicyId: 'secrets',
      SourcePolicyType: 'role',
      StartPosition: { Line: 4, Column: 5 },
      EndPosition: { Line: 4, Column: 159 },
    },
  ]);
  assert.deepEqual(
    del!.MatchedStatements!.map((m) => [m.SourcePolicyId, m.StartPosition?.Line]),
    [['secrets', 5]],
  );
  assert.deepEqual(decrypt!.MatchedStatements, []);
  assert.deepEqual(
    ecr!.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType]),
    [[execPolicy, 'aws-managed']],
  );

  const missing = await sdkError(
    iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${account}:role/nope`,
        ActionNames: ['s3:GetObject'],
      }),
    ),
  );
  assert.deepEqual(missing, {
    name: 'NoSuchEntityException',
    message: 'The role with name nope cannot be found.',
    status: 404,
  });
});

test('SimulateCustomPolicy: input policies, context entries, missing context keys, pagination', async () => {
  const { iam } = iamStsHarness().clients();
  const policy = policyText({
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: '*',
    Condition: {
      StringEquals: { 'aws:PrincipalTag/team': 'a' },
      IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
    },
  });
  const without = await iam.send(
    new SimulateCustomPolicyCommand({ PolicyInputList: [policy], ActionNames: ['s3:GetObject'] }),
  );
  assert.equal(without.EvaluationResults![0]!.EvalDecision, 'implicitDeny');
  assert.equal(without.EvaluationResults![0]!.EvalResourceName, '*');
  assert.deepEqual(without.EvaluationResults![0]!.MissingContextValues, [
    'aws:PrincipalTag/team',
    'aws:SourceIp',
  ]);

  const withContext = await iam.send(
    new SimulateCustomPolicyCommand({
      PolicyInputList: [policy],
      ActionNames: ['s3:GetObject', 's3:PutObject'],
      ContextEntries: [
        { ContextKeyName: 'aws:PrincipalTag/team', ContextKeyValues: ['a'], ContextKeyType: 'string' },
        { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.1.2.3'], ContextKeyType: 'ip' },
      ],
      MaxItems: 1,
    }),
  );
  const first = withContext.EvaluationResults![0]!;
  assert.equal(first.EvalDecision, 'allowed');
  assert.deepEqual(first.MatchedStatements![0]!.SourcePolicyId, 'PolicyInputList.1');
  assert.deepEqual(first.MissingContextValues, []);
  assert.equal(withContext.IsTruncated, true);
  const next = await iam.send(
    new SimulateCustomPolicyCommand({
      PolicyInputList: [policy],
      ActionNames: ['s3:GetObject', 's3:PutObject'],
      Marker: withContext.Marker,
    }),
  );
  assert.deepEqual(
    next.EvaluationResults!.map((r) => [r.EvalActionName, r.EvalDecision]),
    [['s3:PutObject', 'implicitDeny']],
  );

  const malformed = await sdkError(
    iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{'], ActionNames: ['s3:GetObject'] })),
  );
  assert.equal(malformed.message, 'This policy contains invalid Json');
});
