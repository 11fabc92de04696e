// CloudFormation against a real `berth up` with the AWS CLI and the SDK's waiters (ref cloudformation-cdk §3, §4):
// `aws cloudformation deploy --template-file` (create, update, the no-changes text and exit code, a failure rolled
// back), `validate-template` and bad templates with CloudFormation's texts, change sets through the CLI, and a
// template exercising every intrinsic function and condition.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  waitUntilChangeSetCreateComplete,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
  waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';
import { awsCliEnv, type BerthProcess, startBerth } from './berth-process.js';

const aws = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';
const dir = mkdtempSync(join(tmpdir(), 'berth-cfn-'));
let berth: BerthProcess;

before(async () => {
  berth = await startBerth();
});

after(async () => {
  await berth?.stop({ removeState: true });
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `aws cloudformation …` (asynchronously: `deploy` waits on its waiters while berth answers). */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      aws,
      ['cloudformation', ...args, '--endpoint-url', berth.endpoint, '--output', 'json'],
      {
        env: awsCliEnv(berth),
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const exporter = `
Resources:
  Meta: { Type: AWS::CDK::Metadata }
Outputs:
  Shared: { Value: shared-value, Export: { Name: shared-name } }
`;

const everything = `
Parameters:
  Env: { Type: String, Default: dev, AllowedValues: [dev, prod] }
  Ports: { Type: CommaDelimitedList, Default: "80,443" }
Mappings:
  Sizes: { dev: { cpu: "256" }, prod: { cpu: "1024" } }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition NotProd, !Equals [a, a]]
  Either: !Or [!Condition IsProd, !Condition Both]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement: [{ Effect: Allow, Principal: { Service: ecs-tasks.amazonaws.com }, Action: sts:AssumeRole }]
  Meta:
    Type: AWS::CDK::Metadata
    Condition: Either
    Properties:
      Arn: !GetAtt Role.Arn
      Optional: !If [IsProd, !Ref AWS::NoValue, kept]
      List: [a, !If [IsProd, b, !Ref AWS::NoValue], c]
  ProdOnly:
    Type: AWS::CDK::Metadata
    Condition: IsProd
Outputs:
  Joined: { Value: !Join [":", [!Ref AWS::Region, !Ref AWS::AccountId, !Ref AWS::Partition]] }
  Sub: { Value: !Sub "\${AWS::StackName}/\${Role}/\${Role.Arn}/\${Extra}", Export: { Name: !Sub "\${AWS::StackName}-sub" } }
  SubVars: { Value: !Sub ["\${X}-\${Env}", { X: !FindInMap [Sizes, !Ref Env, cpu] }] }
  Az: { Value: !Select [1, !GetAZs ""] }
  Port: { Value: !Select [1, !Ref Ports] }
  Split: { Value: !Select [2, !Split ["-", a-b-c]] }
  B64: { Value: !Base64 berth }
  Cidr: { Value: !Select [2, !Cidr ["10.0.0.0/16", 4, 8]] }
  Import: { Value: !ImportValue shared-name }
  Prod: { Value: !If [IsProd, yes, no] }
  NoValueList: { Value: !Join [",", [a, !If [IsProd, b, !Ref AWS::NoValue], c]] }
  StackId: { Value: !Ref AWS::StackId }
  Never: { Condition: IsProd, Value: hidden }
`.replace('/${Extra}', '');

test('aws cloudformation validate-template: a good template’s parameters; bad ones with CloudFormation’s texts', async () => {
  const good = await cli('validate-template', '--template-body', `file://${file('good.yaml', everything)}`);
  assert.equal(good.code, 0, good.stderr);
  const out = JSON.parse(good.stdout);
  assert.deepEqual(
    out.Parameters.map((p: { ParameterKey: string }) => p.ParameterKey),
    ['Env', 'Ports'],
  );
  assert.deepEqual(out.Capabilities, ['CAPABILITY_IAM']);
  for (const [name, body, text] of [
    [
      'cycle',
      'Resources:\n  A: { Type: AWS::CDK::Metadata, DependsOn: B }\n  B: { Type: AWS::CDK::Metadata, DependsOn: A }\n',
      'Circular dependency between resources: [A, B]',
    ],
    [
      'unknown',
      'Resources:\n  A: { Type: AWS::CDK::Metadata, Properties: { X: !Ref Ghost } }\n',
      'Template format error: Unresolved resource dependencies [Ghost] in the Resources block of the template',
    ],
    ['yaml', 'Resources:\n  A: { Type: [\n', 'Template format error: YAML not well-formed.'],
  ] as const) {
    const bad = await cli('validate-template', '--template-body', `file://${file(`${name}.yaml`, body)}`);
    assert.notEqual(bad.code, 0);
    // The CLI may add "(reached max retries: 0)" after the operation name.
    assert.match(bad.stderr, /\(ValidationError\) when calling the ValidateTemplate operation[^:]*: /);
    assert.ok(bad.stderr.includes(`: ${text}`), bad.stderr);
  }
});

/** Waits until the clock's second changes: the AWS CLI's next change-set name (its epoch second) is then new. */
async function nextSecond(): Promise<void> {
  const second = Math.floor(Date.now() / 1000);
  while (Math.floor(Date.now() / 1000) === second) await new Promise((resolve) => setTimeout(resolve, 20));
}

test('aws cloudformation deploy: create, no changes (its text, with either exit code), update, every intrinsic evaluated', async () => {
  const shared = await cli(
    'deploy',
    '--template-file',
    file('exporter.yaml', exporter),
    '--stack-name',
    'exporter',
  );
  assert.equal(shared.code, 0, shared.stderr);
  const path = file('everything.yaml', everything);
  const same = [
    'deploy',
    '--template-file',
    path,
    '--stack-name',
    'demo',
    '--capabilities',
    'CAPABILITY_IAM',
    '--tags',
    'team=a',
  ];
  const created = await cli(...same);
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /Successfully created\/updated stack - demo/);
  // The exit code of an empty deploy is the CLI's choice (--fail-on-empty-changeset, whose default differs between
  // CLI versions, ref cloudformation-cdk §3); berth's part is the FAILED change set with the text the CLI recognises.
  const strict = await cli(...same, '--fail-on-empty-changeset');
  assert.equal(strict.code, 255);
  assert.match(strict.stdout + strict.stderr, /No changes to deploy\. Stack demo is up to date/);
  // The CLI names its change set by the second (awscli-cloudformation-package-deploy-<epoch>) and leaves an empty
  // one behind: a second deploy within the same second would reuse the name (AlreadyExistsException, as on AWS).
  await nextSecond();
  const lenient = await cli(...same, '--no-fail-on-empty-changeset');
  assert.equal(lenient.code, 0);
  assert.match(lenient.stdout, /No changes to deploy\. Stack demo is up to date/);
  await nextSecond();
  const updated = await cli(
    'deploy',
    '--template-file',
    path,
    '--stack-name',
    'demo',
    '--capabilities',
    'CAPABILITY_IAM',
    '--parameter-overrides',
    'Env=prod',
  );
  assert.equal(updated.code, 0, updated.stderr);
  const described = JSON.parse((await cli('describe-stacks', '--stack-name', 'demo')).stdout).Stacks[0];
  assert.equal(described.StackStatus, 'UPDATE_COMPLETE');
  const outputs = Object.fromEntries(
    described.Outputs.map((o: { OutputKey: string; OutputValue: string }) => [o.OutputKey, o.OutputValue]),
  );
  const account = berth.accountId;
  assert.equal(outputs.Joined, `${berth.region}:${account}:aws`);
  assert.match(
    outputs.Sub,
    new RegExp(`^demo/demo-Role-[A-Z0-9]{12}/arn:aws:iam::${account}:role/demo-Role-[A-Z0-9]{12}$`),
  );
  assert.equal(outputs.SubVars, '1024-prod');
  assert.equal(outputs.Az, `${berth.region}b`);
  assert.equal(outputs.Port, '443');
  assert.equal(outputs.Split, 'c');
  assert.equal(outputs.B64, Buffer.from('berth').toString('base64'));
  assert.equal(outputs.Cidr, '10.0.2.0/24');
  assert.equal(outputs.Import, 'shared-value');
  assert.equal(outputs.Prod, 'yes');
  assert.equal(outputs.NoValueList, 'a,b,c');
  assert.equal(outputs.StackId, described.StackId);
  assert.equal(outputs.Never, 'hidden');
  assert.deepEqual(described.Parameters, [
    { ParameterKey: 'Env', ParameterValue: 'prod' },
    { ParameterKey: 'Ports', ParameterValue: '80,443' },
  ]);
  const resources = JSON.parse(
    (await cli('list-stack-resources', '--stack-name', 'demo')).stdout,
  ).StackResourceSummaries;
  assert.deepEqual(resources.map((r: { LogicalResourceId: string }) => r.LogicalResourceId).sort(), [
    'Meta',
    'ProdOnly',
    'Role',
  ]);
});

test('deploy of an unsupported type fails its resource loudly and rolls back', async () => {
  const body =
    'Resources:\n  Ok: { Type: AWS::CDK::Metadata }\n  Nope: { Type: AWS::Nope::Thing, DependsOn: Ok }\n';
  const failed = await cli('deploy', '--template-file', file('nope.yaml', body), '--stack-name', 'broken');
  assert.notEqual(failed.code, 0);
  const events = JSON.parse((await cli('describe-stack-events', '--stack-name', 'broken')).stdout)
    .StackEvents as {
    LogicalResourceId: string;
    ResourceStatus: string;
    ResourceStatusReason?: string;
  }[];
  assert.deepEqual(
    events
      .filter((e) => e.ResourceStatus === 'CREATE_FAILED')
      .map((e) => [e.LogicalResourceId, e.ResourceStatusReason]),
    [['Nope', 'berth does not support resource type AWS::Nope::Thing']],
  );
  assert.equal(events[0]!.ResourceStatus, 'ROLLBACK_COMPLETE');
  assert.ok(
    events.some(
      (e) =>
        e.ResourceStatusReason ===
        'The following resource(s) failed to create: [Nope]. Rollback requested by user.',
    ),
  );
});

test('change sets through the CLI, and the SDK’s waiters for create, change set and delete', async () => {
  const body = 'Resources:\n  M: { Type: AWS::CDK::Metadata }\n';
  const made = await cli(
    'create-change-set',
    '--stack-name',
    'sets',
    '--change-set-name',
    'first',
    '--change-set-type',
    'CREATE',
    '--template-body',
    body,
  );
  assert.equal(made.code, 0, made.stderr);
  const { Id } = JSON.parse(made.stdout);
  const described = JSON.parse((await cli('describe-change-set', '--change-set-name', Id)).stdout);
  assert.deepEqual(
    [described.Status, described.ExecutionStatus, described.Changes[0].ResourceChange.Action],
    ['CREATE_COMPLETE', 'AVAILABLE', 'Add'],
  );
  assert.equal((await cli('execute-change-set', '--change-set-name', Id)).code, 0);
  const cfn = new CloudFormationClient({
    endpoint: berth.endpoint,
    region: berth.region,
    credentials: berth.credentials,
  });
  const fast = { client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 2 };
  assert.equal((await waitUntilStackCreateComplete(fast, { StackName: 'sets' })).state, 'SUCCESS');
  await cfn.send(
    new CreateChangeSetCommand({
      StackName: 'sets',
      ChangeSetName: 'second',
      ChangeSetType: 'UPDATE',
      TemplateBody: body.replace('M:', 'N:'),
    }),
  );
  assert.equal(
    (await waitUntilChangeSetCreateComplete(fast, { StackName: 'sets', ChangeSetName: 'second' })).state,
    'SUCCESS',
  );
  await cfn.send(new ExecuteChangeSetCommand({ StackName: 'sets', ChangeSetName: 'second' }));
  assert.equal((await waitUntilStackUpdateComplete(fast, { StackName: 'sets' })).state, 'SUCCESS');
  const { StackId } = (await cfn.send(new DescribeStacksCommand({ StackName: 'sets' }))).Stacks![0]!;
  await cfn.send(new DeleteStackCommand({ StackName: StackId }));
  assert.equal((await waitUntilStackDeleteComplete(fast, { StackName: StackId })).state, 'SUCCESS');
});
