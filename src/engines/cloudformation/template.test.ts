// Static template resolution: intrinsic functions, conditions, parameters and pseudo parameters as AWS's intrinsic
// function reference defines them (ref cloudformation-cdk §5.1, §5.2); unresolvable values stay Unknown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBerthError } from '../../errors/index.js';
import { loadTemplate, placeholderSecretSuffix, Unknown } from './index.js';

const yaml = `
Parameters:
  Env: { Type: String, Default: prod }
  Subnets: { Type: CommaDelimitedList, Default: "subnet-1,subnet-2" }
  NoDefault: { Type: String }
  Version: { Type: "AWS::SSM::Parameter::Value<String>", Default: /cdk/version }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Unknowable: !Equals [!Ref NoDefault, x]
Mappings:
  Sizes: { prod: { cpu: "512" } }
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "\${Env}-exec"
      AssumeRolePolicyDocument: { Statement: [] }
  Key:
    Type: AWS::KMS::Key
  Secret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: !Join ["/", [registry, !Ref Env]]
      KmsKeyId: !GetAtt Key.Arn
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Cpu: !FindInMap [Sizes, !Ref Env, cpu]
      ExecutionRoleArn: !GetAtt [Role, Arn]
      First: !Select [0, !Ref Subnets]
      Split: !Split [",", "a,b"]
      Import: !ImportValue Shared-Secret
      OnlyDev: !If [IsDev, yes, !Ref AWS::NoValue]
      Either: !If [Unknowable, a, b]
      Literal: !Sub "\${!Literal}-\${AWS::Region}-\${AWS::AccountId}"
      Dynamic: "{{resolve:secretsmanager:prod/db}}"
      Missing: !Ref Nothing
      Ssm: !Ref Version
      List: [a, !Ref AWS::NoValue, b]
  DevOnly:
    Type: AWS::IAM::Role
    Condition: IsDev
`;

test('YAML short forms, parameters, conditions, mappings and pseudo parameters resolve as CloudFormation would', () => {
  const template = loadTemplate(yaml, { accountId: '111122223333', region: 'eu-west-1' });
  const task = template.resources.find((r) => r.logicalId === 'Task')!.properties;
  assert.equal(task.Cpu, '512');
  assert.equal(task.ExecutionRoleArn, 'arn:aws:iam::111122223333:role/prod-exec');
  assert.equal(task.First, 'subnet-1');
  assert.deepEqual(task.Split, ['a', 'b']);
  assert.equal('OnlyDev' in task, false, 'AWS::NoValue removes the property');
  assert.deepEqual(task.List, ['a', 'b']);
  assert.equal(task.Literal, '${Literal}-eu-west-1-111122223333');
  const secret = template.resources.find((r) => r.logicalId === 'Secret')!.properties;
  assert.match(String(secret.KmsKeyId), /^arn:aws:kms:eu-west-1:111122223333:key\/[0-9a-f-]{36}$/);
  assert.equal(
    template.ref('Secret'),
    `arn:aws:secretsmanager:eu-west-1:111122223333:secret:registry/prod-${placeholderSecretSuffix}`,
  );
  assert.equal(template.resources.find((r) => r.logicalId === 'DevOnly')!.created, false);
});

test('what only a deployment knows is Unknown with its reason, never a guessed value', () => {
  const task = loadTemplate(yaml).resources.find((r) => r.logicalId === 'Task')!.properties;
  for (const [key, reason] of [
    ['Import', /Fn::ImportValue/],
    ['Either', /NoDefault has no default/],
    ['Dynamic', /dynamic reference/],
    ['Missing', /Nothing is not a parameter or resource/],
    ['Ssm', /read from SSM/],
  ] as const) {
    const value = task[key];
    assert.ok(value instanceof Unknown, `${key} is Unknown`);
    assert.match(value.reason, reason);
    // The pointer names where it became unknown: the Fn::If's condition, not the property.
    assert.match(value.pointer, /^\/(Resources\/Task\/Properties|Conditions\/Unknowable)\//);
  }
});

test('JSON templates (CDK synth output) resolve the long forms and give each value its line', () => {
  const text = JSON.stringify(
    {
      Resources: {
        Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
        Policy: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            Roles: [{ Ref: 'Role' }],
            Arn: {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }]],
            },
            Cycle: { 'Fn::GetAtt': ['Loop', 'Arn'] },
          },
        },
        Loop: { Type: 'AWS::IAM::Role', Properties: { RoleName: { 'Fn::GetAtt': ['Loop', 'Arn'] } } },
      },
    },
    null,
    1,
  );
  const template = loadTemplate(text, { stackName: 'Web' });
  const policy = template.resources.find((r) => r.logicalId === 'Policy')!;
  assert.deepEqual(policy.properties.Roles, ['Web-Role-PLACEHOLDER']);
  assert.equal(policy.properties.Arn, 'arn:aws:iam::000000000000');
  assert.ok(policy.properties.Cycle instanceof Unknown);
  assert.match((policy.properties.Cycle as Unknown).reason, /circular/);
  assert.deepEqual(template.positionOf('/Resources/Policy/Properties/Roles'), { line: 12, column: 14 });
  assert.equal(template.text.format, 'json');
});

test('YAML positions point at the value', () => {
  const template = loadTemplate(
    'Resources:\n  R:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: x\n',
  );
  assert.deepEqual(template.positionOf('/Resources/R/Properties/Description'), { line: 5, column: 20 });
});

function refusal(text: string): string {
  try {
    loadTemplate(text);
  } catch (error) {
    assert.ok(isBerthError(error) && error.code === 'BERTH_INVALID_TEMPLATE', String(error));
    return error.message;
  }
  assert.fail('accepted');
}

test('bad input is one error code with the reason and position', () => {
  assert.match(refusal('{"Resources": {"A": {"Type": "x"}'), /not JSON/);
  assert.match(refusal('Resources:\n  A: [\n'), /at line \d+/);
  assert.match(refusal('{"Resources": {"A": 1, "A": 2}}'), /at line 1, column 24: the key "A" appears twice/);
  assert.match(refusal('Resources:\n  A: 1\n  A: 2\n'), /at line 3, column 3: the key "A" appears twice/);
  assert.match(refusal('Resources:\n  A: !Bogus x\n'), /at line 2, .*unknown tag !Bogus/);
  assert.match(refusal('Outputs: {}\n'), /no Resources object/);
  assert.match(refusal('[1, 2]'), /not an object/);
  assert.match(refusal(`{"Resources": {}, "Pad": "${'x'.repeat(9 * 1024 * 1024)}"}`), /larger than/);
  assert.match(refusal(`{"Resources": ${'['.repeat(200)}${']'.repeat(200)}}`), /nested deeper than 128/);
  const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++)
    laughs.push(
      `${'a'.repeat(i + 1)}: &${'a'.repeat(i + 1)} [${Array(10)
        .fill(`*${'a'.repeat(i)}`)
        .join(', ')}]`,
    );
  assert.match(refusal(`${laughs.join('\n')}\nResources: {}\n`), /more than 2000000 values/);
});
