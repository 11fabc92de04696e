// The registration rules directly: check order where several problems meet, normalization, attributes
// (the texts themselves are pinned through the SDK in test/integ/ecs-api.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { registerTaskDefinitionRules } from './register-task-definition-rules.js';
import type { TaskDefinitionRequest } from './task-definition-request.js';

const scope = { partition: 'aws', accountId: '111122223333' };
const request = (extra: Partial<TaskDefinitionRequest> = {}): TaskDefinitionRequest => ({
  family: 'web',
  containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }],
  other: {},
  ...extra,
});
const rejected = (extra: Partial<TaskDefinitionRequest>) => {
  const result = registerTaskDefinitionRules(request(extra), scope);
  return 'rejected' in result ? result.rejected : undefined;
};
const definition = (extra: Partial<TaskDefinitionRequest>) => {
  const result = registerTaskDefinitionRules(request(extra), scope);
  assert.ok('definition' in result, JSON.stringify(result));
  return result.definition;
};

test('the private-registry rule is reported before Fargate rules (ref ecs-private-auth §7 row 1)', () => {
  const text = rejected({
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'bridge',
    containerDefinitions: [
      { name: 'app', image: 'acme/app', repositoryCredentials: { credentialsParameter: 'hub' } },
    ],
  });
  assert.match(text!, /^Private repository authentication requires/);
});

test('a definition that would pass Fargate rules is FARGATE-compatible even when it does not ask for it', () => {
  assert.deepEqual(definition({ networkMode: 'awsvpc', cpu: '1 vCPU', memory: '2GB' }).compatibilities, [
    'EC2',
    'FARGATE',
  ]);
  assert.deepEqual(definition({ networkMode: 'awsvpc', cpu: '1024', memory: '1024' }).compatibilities, [
    'EC2',
  ]);
  assert.deepEqual(
    definition({ networkMode: 'awsvpc', cpu: '256', memory: '512', ipcMode: 'host' }).compatibilities,
    ['EC2'],
  );
});

test('unknown members are echoed; ECS defaults are filled; sizes are normalized', () => {
  const result = definition({
    cpu: '2 vCPU',
    memory: '4GB',
    other: { volumes: [{ name: 'v' }], runtimePlatform: { cpuArchitecture: 'ARM64' } },
  });
  assert.deepEqual([result.cpu, result.memory], ['2048', '4096']);
  assert.deepEqual(result['volumes'], [{ name: 'v' }]);
  assert.deepEqual(result['runtimePlatform'], { cpuArchitecture: 'ARM64' });
  assert.deepEqual(result['placementConstraints'], []);
  const app = result.containerDefinitions[0]!;
  assert.deepEqual(
    [app.essential, app.cpu, app.environment, app['mountPoints'], app['volumesFrom']],
    [true, 0, [], [], []],
  );
});

test('requiresAttributes follow the features used', () => {
  const names = definition({
    executionRoleArn: 'exec',
    containerDefinitions: [
      {
        name: 'app',
        image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/app',
        memory: 128,
        secrets: [
          { name: 'A', valueFrom: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:a' },
          { name: 'B', valueFrom: 'b-parameter' },
        ],
        logConfiguration: { logDriver: 'awslogs', options: {} },
        dependsOn: [{ containerName: 'side', condition: 'START' }],
      },
      { name: 'side', image: 'busybox', memory: 16 },
    ],
  }).requiresAttributes.map((attribute) => attribute.name);
  assert.deepEqual(names, [
    'com.amazonaws.ecs.capability.logging-driver.awslogs',
    'ecs.capability.execution-role-awslogs',
    'com.amazonaws.ecs.capability.docker-remote-api.1.19',
    'com.amazonaws.ecs.capability.ecr-auth',
    'ecs.capability.execution-role-ecr-pull',
    'ecs.capability.secrets.asm.environment-variables',
    'ecs.capability.secrets.ssm.environment-variables',
    'ecs.capability.container-ordering',
  ]);
});

test('container cpu may not exceed the task cpu; a SUCCESS dependency on an essential container is refused', () => {
  assert.equal(
    rejected({ cpu: '256', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 1, cpu: 512 }] }),
    "The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'.",
  );
  assert.equal(
    rejected({
      containerDefinitions: [
        {
          name: 'app',
          image: 'nginx',
          memory: 1,
          dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }],
        },
        { name: 'init', image: 'busybox', memory: 1 },
      ],
    }),
    'A dependency container with SUCCESS or COMPLETE condition cannot be an essential container',
  );
});
