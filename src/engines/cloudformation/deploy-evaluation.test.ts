// Deploy-time evaluation: intrinsic functions with created resources' values, parameters and their constraints,
// Rules, and CloudFormation's texts for refused templates (ref cloudformation-cdk §4.5, §5.1, §5.2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBerthError } from '../../errors/index.js';
import {
  chooseParameterValues,
  type DeployFacts,
  parameterDeclarations,
  readTemplateText,
  resolveSsmParameters,
  StackEvaluation,
} from './index.js';

const scope = { accountId: '111122223333', region: 'eu-west-1', partition: 'aws', stackName: 'S' };

function facts(resources: Record<string, { ref: string; attributes?: Record<string, string> }>): DeployFacts {
  return {
    stackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/S/1',
    resource: (id) => {
      const r = resources[id];
      return r && { ref: r.ref, attributes: r.attributes ?? {} };
    },
    exports: { Shared: 'exported-value' },
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    dynamicReferences: new Map([['{{resolve:ssm:/db/host}}', 'db.local']]),
  };
}

const template = `
Parameters:
  Env: { Type: String, Default: prod, AllowedValues: [prod, dev] }
  Ports: { Type: List<Number>, Default: "80, 443" }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Both: !And [!Condition IsProd, !Not [!Equals [!Ref Env, dev]]]
  Either: !Or [!Condition IsProd, !Equals [a, b]]
Mappings:
  Sizes: { prod: { cpu: "512" } }
Resources:
  Key: { Type: AWS::KMS::Key }
  Topic:
    Type: Custom::Thing
    Condition: Both
    Properties:
      KeyArn: !GetAtt Key.Arn
      KeyRef: !Ref Key
      Sub: !Sub "\${Key}/\${Key.Arn}/\${AWS::StackId}"
      Vars: !Sub ["\${X}", { X: !Ref Env }]
      Cpu: !FindInMap [Sizes, !Ref Env, cpu]
      Az: !Select [1, !GetAZs ""]
      Import: !ImportValue Shared
      Host: "jdbc://{{resolve:ssm:/db/host}}:5432"
      Cidrs: !Cidr ["10.0.0.0/16", 3, 8]
      Cidr6: !Cidr ["2001:db8::/56", 2, 64]
      Json: !ToJsonString { a: [1, 2] }
      Length: !Length [a, b, c]
      Port: !Select [1, !Ref Ports]
      Gone: !If [Either, !Ref AWS::NoValue, x]
      List: [a, !If [IsProd, !Ref AWS::NoValue, b], c]
      Split: !Split [",", !Join [",", [a, b]]]
      B64: !Base64 hi
Outputs:
  Arn: { Value: !GetAtt Key.Arn, Export: { Name: !Sub "\${AWS::StackName}-Arn" } }
  Never: { Value: x, Condition: Impossible }
`.replace('Condition: Impossible', 'Condition: Either');

test('with created resources, every intrinsic function and condition evaluates as CloudFormation does', () => {
  const text = readTemplateText(template);
  const evaluation = new StackEvaluation(
    text.root,
    scope,
    { Env: 'prod', Ports: '80, 443' },
    facts({ Key: { ref: 'k-1', attributes: { Arn: 'arn:key/k-1' } } }),
  );
  assert.deepEqual(
    evaluation.resources().map((r) => r.logicalId),
    ['Key', 'Topic'],
  );
  const p = evaluation.properties('Topic');
  assert.equal(p.KeyArn, 'arn:key/k-1');
  assert.equal(p.KeyRef, 'k-1');
  assert.equal(p.Vars, 'prod');
  assert.equal(p.Cpu, '512');
  assert.equal(p.Az, 'eu-west-1b');
  assert.equal(p.Import, 'exported-value');
  assert.equal(p.Host, 'jdbc://db.local:5432');
  assert.deepEqual(p.Cidrs, ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
  assert.deepEqual(p.Cidr6, ['2001:db8::/64', '2001:db8:0:1::/64']);
  assert.equal(p.Json, '{"a":[1,2]}');
  assert.equal(p.Length, 3);
  assert.equal(p.Port, '443');
  assert.equal('Gone' in p, false, 'AWS::NoValue removes a property');
  assert.deepEqual(p.List, ['a', 'c'], 'AWS::NoValue removes a list item');
  assert.deepEqual(p.Split, ['a', 'b']);
  assert.equal(p.B64, 'aGk=');
  assert.match(
    String(p.Sub),
    /^k-1\/arn:key\/k-1\/arn:aws:cloudformation:eu-west-1:111122223333:stack\/S\/1$/,
  );
  assert.deepEqual(
    evaluation.outputs().map((o) => [o.key, o.value, o.exportName]),
    [
      ['Arn', 'arn:key/k-1', 'S-Arn'],
      ['Never', 'x', undefined],
    ],
  );
});

test('a value that depends on a resource not created yet is Unknown, never a guess', () => {
  const evaluation = new StackEvaluation(
    readTemplateText(template).root,
    scope,
    { Env: 'prod', Ports: '1' },
    facts({}),
  );
  const p = evaluation.properties('Topic');
  assert.match((p.KeyArn as { reason: string }).reason, /Key is not created yet/);
});

test('an attribute the type does not have is CloudFormation’s GetAtt text', () => {
  const text = readTemplateText(
    'Resources:\n  A: { Type: T }\n  B: { Type: T, Properties: { X: !GetAtt A.Nope } }\n',
  );
  const p = new StackEvaluation(text.root, scope, {}, facts({ A: { ref: 'a' } })).properties('B');
  assert.equal(
    (p.X as { reason: string }).reason,
    'Template error: resource A does not support attribute type Nope in Fn::GetAtt',
  );
});

const reject = (fn: () => unknown, message: string) =>
  assert.throws(
    fn,
    (e: unknown) => isBerthError(e) && e.code === 'BERTH_TEMPLATE_REJECTED' && e.message === message,
  );

test('parameters: defaults, UsePreviousValue, and each constraint with CloudFormation’s text', () => {
  const root = readTemplateText(`
Parameters:
  Env: { Type: String, AllowedValues: [prod, dev] }
  Name: { Type: String, AllowedPattern: "[a-z]+", Default: abc }
  Size: { Type: Number, MinValue: 1, MaxValue: 10, Default: 5 }
  Q: { Type: String, AllowedPattern: "[A-Za-z0-9_-]{1,10}", ConstraintDescription: Qualifier must be short, Default: hnb659fds }
Resources: { R: { Type: T } }
`).root;
  const d = parameterDeclarations(root);
  assert.deepEqual(chooseParameterValues(d, [{ key: 'Env', value: 'dev' }]), {
    Env: 'dev',
    Name: 'abc',
    Size: '5',
    Q: 'hnb659fds',
  });
  assert.deepEqual(
    chooseParameterValues(d, [{ key: 'Env', usePreviousValue: true }], { Env: 'prod' }).Env,
    'prod',
  );
  reject(() => chooseParameterValues(d, []), 'Parameters: [Env] must have values');
  reject(
    () => chooseParameterValues(d, [{ key: 'Nope', value: 'x' }]),
    'Parameters: [Nope] do not exist in the template',
  );
  reject(
    () => chooseParameterValues(d, [{ key: 'Env', value: 'x' }]),
    "Parameter 'Env' must be one of AllowedValues",
  );
  reject(
    () =>
      chooseParameterValues(d, [
        { key: 'Env', value: 'dev' },
        { key: 'Name', value: 'A1' },
      ]),
    "Parameter 'Name' must match pattern [a-z]+",
  );
  reject(
    () =>
      chooseParameterValues(d, [
        { key: 'Env', value: 'dev' },
        { key: 'Size', value: 'x' },
      ]),
    "Parameter 'Size' must be a number",
  );
  reject(
    () =>
      chooseParameterValues(d, [
        { key: 'Env', value: 'dev' },
        { key: 'Size', value: '11' },
      ]),
    "Parameter 'Size' must be a number not greater than 10",
  );
  reject(
    () =>
      chooseParameterValues(d, [
        { key: 'Env', value: 'dev' },
        { key: 'Q', value: 'far-too-long-qualifier' },
      ]),
    "Parameter 'Q' failed to satisfy constraint: Qualifier must be short",
  );
});

test('SSM-typed parameters are read through the port; a missing one is CloudFormation’s text (ref cloudformation-cdk §4.2)', async () => {
  const d = parameterDeclarations(
    readTemplateText(
      'Parameters:\n  V: { Type: "AWS::SSM::Parameter::Value<String>", Default: /cdk/v }\nResources: { R: { Type: T } }\n',
    ).root,
  );
  const values = chooseParameterValues(d, []);
  const { resolved, ssm } = await resolveSsmParameters(d, values, async () => new Map([['/cdk/v', '34']]));
  assert.deepEqual([resolved, ssm], [{ V: '34' }, { V: '34' }]);
  await assert.rejects(
    resolveSsmParameters(d, values, async () => new Map()),
    (e: Error) => e.message === 'Unable to fetch parameters [/cdk/v] from parameter store for this account.',
  );
});

test('CDK’s CheckBootstrapVersion rule refuses an old bootstrap version with its AssertDescription', () => {
  const root = readTemplateText(`
Parameters:
  BootstrapVersion: { Type: "AWS::SSM::Parameter::Value<String>", Default: /cdk-bootstrap/hnb659fds/version }
Resources: { R: { Type: AWS::CDK::Metadata } }
Rules:
  CheckBootstrapVersion:
    Assertions:
      - Assert: { "Fn::Not": [{ "Fn::Contains": [["1", "2", "3", "4", "5"], { Ref: BootstrapVersion }] }] }
        AssertDescription: CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.
`).root;
  new StackEvaluation(root, scope, { BootstrapVersion: '34' }, facts({})).checkRules();
  reject(
    () => new StackEvaluation(root, scope, { BootstrapVersion: '5' }, facts({})).checkRules(),
    "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.",
  );
});
