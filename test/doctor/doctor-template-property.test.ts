// Property (house style E10): templates of the chain's resource types with any property values are checked or
// refused with BERTH_INVALID_TEMPLATE — the template → model → rules path never fails with anything else.
import { test } from 'node:test';
import fc from 'fast-check';
import { templateModel } from '../../src/cli/commands/doctor/template-input.js';
import { loadTemplate } from '../../src/engines/cloudformation/index.js';
import { diagnose } from '../../src/engines/doctor/index.js';
import { isBerthError } from '../../src/errors/index.js';

const types = fc.constantFrom(
  'AWS::ECS::TaskDefinition',
  'AWS::ECS::Service',
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::SecretsManager::Secret',
  'AWS::SecretsManager::ResourcePolicy',
  'AWS::KMS::Key',
  'AWS::KMS::Alias',
  'AWS::EC2::Subnet',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::Route',
  'AWS::EC2::VPCEndpoint',
);
const property = fc.constantFrom(
  'ContainerDefinitions',
  'ExecutionRoleArn',
  'RequiresCompatibilities',
  'Family',
  'RoleName',
  'Path',
  'AssumeRolePolicyDocument',
  'Policies',
  'ManagedPolicyArns',
  'PermissionsBoundary',
  'PolicyDocument',
  'Roles',
  'Name',
  'KmsKeyId',
  'SecretString',
  'GenerateSecretString',
  'SecretId',
  'ResourcePolicy',
  'KeyPolicy',
  'AliasName',
  'TargetKeyId',
  'NetworkConfiguration',
  'TaskDefinition',
  'SubnetId',
  'RouteTableId',
  'VpcId',
  'ServiceName',
  'DestinationCidrBlock',
);
const reference = fc.constantFrom(
  { Ref: 'A' },
  { Ref: 'B' },
  { 'Fn::GetAtt': ['A', 'Arn'] },
  { 'Fn::ImportValue': 'x' },
  { Ref: 'AWS::NoValue' },
  [{ Name: 'web', Image: 'ghcr.io/a/b:1', RepositoryCredentials: { CredentialsParameter: { Ref: 'B' } } }],
  { AwsvpcConfiguration: { Subnets: [{ Ref: 'A' }] } },
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  [{ PolicyName: 'p', PolicyDocument: null }],
  '0.0.0.0/0',
);
const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), reference);
const resource = fc.record({ Type: types, Properties: fc.dictionary(property, value, { maxKeys: 6 }) });

test('property: chain resources with any property values are checked or refused with our code, never anything else', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.constantFrom('A', 'B', 'C'), resource, { maxKeys: 3 }), (resources) => {
      try {
        diagnose(templateModel(loadTemplate(JSON.stringify({ Resources: resources })), 't.json'));
      } catch (error) {
        if (!isBerthError(error) || error.code !== 'BERTH_INVALID_TEMPLATE') throw error;
      }
    }),
    { numRuns: 2000 },
  );
});
