import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ecsMembers, toEcsApi } from './ecs-properties.js';

test('PascalCase becomes camelCase recursively, nested lists included (ref cloudformation-cdk §5.4)', () => {
  assert.deepEqual(
    toEcsApi({
      ContainerDefinitions: [
        {
          Name: 'web',
          Environment: [{ Name: 'MODE', Value: 'prod' }],
          PortMappings: [{ ContainerPort: 80, Protocol: 'tcp' }],
          RepositoryCredentials: { CredentialsParameter: 'arn:secret' },
        },
      ],
    }),
    {
      containerDefinitions: [
        {
          name: 'web',
          environment: [{ name: 'MODE', value: 'prod' }],
          portMappings: [{ containerPort: 80, protocol: 'tcp' }],
          repositoryCredentials: { credentialsParameter: 'arn:secret' },
        },
      ],
    },
  );
});

test("free-form maps keep the user's keys: log options, Docker labels, driver options, labels (ref cloudformation-cdk §5.4)", () => {
  const options = { 'awslogs-group': 'g', 'awslogs-stream-prefix': 'Web', 'awslogs-region': 'us-east-1' };
  const labels = { 'com.example.Team': 'A', Owner: 'B' };
  assert.deepEqual(
    toEcsApi({
      LogConfiguration: { LogDriver: 'awslogs', Options: options },
      DockerLabels: labels,
      FirelensConfiguration: { Type: 'fluentbit', Options: { EnableECSLogMetadata: 'true' } },
      DockerVolumeConfiguration: { DriverOpts: { Size: '1' }, Labels: { Key: 'v' } },
    }),
    {
      logConfiguration: { logDriver: 'awslogs', options },
      dockerLabels: labels,
      firelensConfiguration: { type: 'fluentbit', options: { EnableECSLogMetadata: 'true' } },
      dockerVolumeConfiguration: { driverOpts: { Size: '1' }, labels: { Key: 'v' } },
    },
  );
});

test('the irregular names map as the ECS API spells them (ref cloudformation-cdk §5.4)', () => {
  assert.deepEqual(
    toEcsApi({
      Volumes: [
        { EFSVolumeConfiguration: { FilesystemId: 'fs-1', AuthorizationConfig: { IAM: 'ENABLED' } } },
      ],
      ProxyConfiguration: { ProxyConfigurationProperties: [{ Name: 'AppPorts', Value: '80' }] },
      PlacementStrategies: [{ Type: 'spread', Field: 'attribute:ecs.availability-zone' }],
      EnableECSManagedTags: true,
    }),
    {
      volumes: [
        { efsVolumeConfiguration: { fileSystemId: 'fs-1', authorizationConfig: { iam: 'ENABLED' } } },
      ],
      proxyConfiguration: { properties: [{ name: 'AppPorts', value: '80' }] },
      placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
      enableECSManagedTags: true,
    },
  );
});

test('numbers and booleans written as strings get the schema type; other strings stay', () => {
  assert.deepEqual(
    toEcsApi({
      PortMappings: [{ ContainerPort: '8080', Name: '80' }],
      Essential: 'true',
      DesiredCount: '2',
      DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: 'true', Rollback: 'false' } },
      Image: '123',
    }),
    {
      portMappings: [{ containerPort: 8080, name: '80' }],
      essential: true,
      desiredCount: 2,
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
      image: '123',
    },
  );
});

test('ecsMembers leaves out the named properties and Tags', () => {
  assert.deepEqual(
    ecsMembers({ Family: 'f', Tags: [{ Key: 'a', Value: 'b' }], NetworkMode: 'awsvpc' }, ['Family']),
    {
      networkMode: 'awsvpc',
    },
  );
});
