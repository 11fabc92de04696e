// The CDK sample app of issue 17 synthesizes with aws-cdk-lib 2.276 and the real CDK CLI, offline (the AZs come from
// cdk.context.json, so no EC2 lookup), and every resource type in its template has a CloudFormation resource
// provider in berth: ECS, ELBv2, EC2 and Logs here (adapters/cloudformation-resources), IAM, KMS, Secrets Manager
// and CDK::Metadata from the CloudFormation part's own providers (ref cloudformation-cdk §8.2).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { ec2ResourceTypes } from '../../src/adapters/cloudformation-resources/ec2.js';
import { ecsResourceTypes } from '../../src/adapters/cloudformation-resources/ecs.js';
import { elbv2ResourceTypes } from '../../src/adapters/cloudformation-resources/elbv2.js';
import { logsResourceTypes } from '../../src/adapters/cloudformation-resources/logs.js';
import { synthSample } from './support/cdk-sample.js';

// The types the CloudFormation part's providers cover (its brief, issue 17), named until its registry is on main.
const cloudFormationPartTypes = [
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::KMS::Key',
  'AWS::KMS::Alias',
  'AWS::SecretsManager::Secret',
  'AWS::SSM::Parameter',
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
  'AWS::ECR::Repository',
  'AWS::CDK::Metadata',
];
const providers = { ...ecsResourceTypes, ...elbv2ResourceTypes, ...ec2ResourceTypes, ...logsResourceTypes };
const covered = (type: string) => cloudFormationPartTypes.includes(type) || Object.hasOwn(providers, type);

test('the sample synthesizes offline, shaped as ref cloudformation-cdk §8.2, and every type has a provider', () => {
  const { run, template, outDir } = synthSample({ image: '127.0.0.1:4566/web/web:v1' });
  try {
    assert.equal(run.code, 0, run.stderr);
    const resources = Object.values(template.Resources ?? {});
    const count = (type: string) => resources.filter((r) => r.Type === type).length;
    assert.equal(count('AWS::EC2::Subnet'), 4);
    assert.equal(count('AWS::EC2::NatGateway'), 1);
    assert.equal(count('AWS::ElasticLoadBalancingV2::LoadBalancer'), 1);
    const [service] = resources.filter((r) => r.Type === 'AWS::ECS::Service');
    assert.equal(service?.Properties?.['DesiredCount'], 2);
    assert.deepEqual(
      (service!.Properties!['DeploymentConfiguration'] as { DeploymentCircuitBreaker: unknown })
        .DeploymentCircuitBreaker,
      { Enable: true, Rollback: true },
    );
    const [taskDefinition] = resources.filter((r) => r.Type === 'AWS::ECS::TaskDefinition');
    const [container] = taskDefinition!.Properties!['ContainerDefinitions'] as Record<string, unknown>[];
    assert.equal(container?.['Image'], '127.0.0.1:4566/web/web:v1');
    assert.ok(container?.['RepositoryCredentials'], 'the image is pulled with the secret');
    const [secret] = resources.filter((r) => r.Type === 'AWS::SecretsManager::Secret');
    assert.ok(secret?.Properties?.['KmsKeyId'], 'the secret is encrypted with the customer managed key');
    const uncovered = [...new Set(resources.map((r) => r.Type))].filter((type) => !covered(type));
    assert.deepEqual(uncovered, []);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});

test('the broken variant pulls with a login only the task role may read', () => {
  const { run, template, outDir } = synthSample({ broken: true });
  try {
    assert.equal(run.code, 0, run.stderr);
    const resources = Object.entries(template.Resources ?? {});
    const taskDefinition = resources.find(([, r]) => r.Type === 'AWS::ECS::TaskDefinition')![1];
    const [container] = taskDefinition.Properties!['ContainerDefinitions'] as {
      RepositoryCredentials: { CredentialsParameter: { Ref: string } };
    }[];
    const secretId = container!.RepositoryCredentials.CredentialsParameter.Ref;
    assert.match(secretId, /^RegistryCredentialsOnTaskRole/);
    const readers = resources
      .filter(([, r]) => r.Type === 'AWS::IAM::Policy')
      .filter(([, r]) => JSON.stringify(r.Properties!['PolicyDocument']).includes(`"Ref":"${secretId}"`))
      .map(([id]) => id);
    assert.deepEqual(
      readers.map((id) => /TaskRole/.test(id)),
      [true],
      `policies reading the secret: ${readers.join(', ')}`,
    );
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});
