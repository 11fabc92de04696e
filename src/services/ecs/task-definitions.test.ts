// Task definitions through the SDK: normalization, families and revisions, list pagination (ref ecs-private-auth §2.1;
// [DOC] API_RegisterTaskDefinition, API_ListTaskDefinitions, API_ListTaskDefinitionFamilies).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionFamiliesCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { ec2Container, ecsSetup, execRoleArn, fargateDefinition } from '../../testing/ecs-fixtures.js';
import { account, sdkError } from '../../testing/iam-sts-harness.js';

test('RegisterTaskDefinition normalizes sizes and roles and computes compatibilities and requiresAttributes', async () => {
  const { ecs } = await ecsSetup();
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand(
      fargateDefinition({
        cpu: '0.25 vCPU',
        memory: '1GB',
        taskRoleArn: 'app-role',
        tags: [{ key: 'team', value: 'a' }],
      }),
    ),
  );
  const definition = registered.taskDefinition!;
  assert.equal(definition.taskDefinitionArn, `arn:aws:ecs:us-east-1:${account}:task-definition/web:1`);
  assert.deepEqual(
    [definition.cpu, definition.memory, definition.revision, definition.status],
    ['256', '1024', 1, 'ACTIVE'],
  );
  assert.equal(definition.executionRoleArn, execRoleArn);
  assert.equal(definition.taskRoleArn, `arn:aws:iam::${account}:role/app-role`);
  assert.equal(definition.registeredBy, `arn:aws:iam::${account}:root`);
  assert.ok(definition.registeredAt instanceof Date);
  assert.deepEqual(definition.compatibilities, ['EC2', 'FARGATE']);
  assert.deepEqual(
    definition.requiresAttributes?.map((a) => a.name),
    [
      'ecs.capability.private-registry-authentication.secretsmanager',
      'com.amazonaws.ecs.capability.task-iam-role',
      'com.amazonaws.ecs.capability.docker-remote-api.1.18',
      'ecs.capability.task-eni',
    ],
  );
  const app = definition.containerDefinitions![0]!;
  assert.deepEqual(
    [app.essential, app.cpu, app.portMappings],
    [true, 0, [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }]],
  );
  assert.deepEqual(registered.tags, [{ key: 'team', value: 'a' }]);

  const ec2 = await ecs.send(
    new RegisterTaskDefinitionCommand({ family: 'batch', containerDefinitions: [ec2Container({})] }),
  );
  assert.deepEqual(ec2.taskDefinition?.compatibilities, ['EC2']);
});

test('families and revisions: numbering, lookup by family, family:revision and ARN, deregistration', async () => {
  const { ecs } = await ecsSetup();
  for (let i = 0; i < 3; i++) await ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition()));
  await ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition({ family: 'api' })));
  const describe = async (taskDefinition: string) =>
    (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition }))).taskDefinition!;
  assert.equal((await describe('web')).revision, 3);
  assert.equal((await describe('web:2')).revision, 2);
  assert.equal((await describe(`arn:aws:ecs:us-east-1:${account}:task-definition/api:1`)).family, 'api');

  const gone = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:3' }));
  assert.equal(gone.taskDefinition?.status, 'INACTIVE');
  assert.ok(gone.taskDefinition?.deregisteredAt instanceof Date);
  assert.equal((await describe('web')).revision, 2, 'a family names its latest ACTIVE revision');
  assert.equal((await describe('web:3')).status, 'INACTIVE');
  const again = await ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition()));
  assert.equal(again.taskDefinition?.revision, 4, 'revisions are never reused');
  const inactive = await ecs.send(new ListTaskDefinitionsCommand({ status: 'INACTIVE' }));
  assert.deepEqual(inactive.taskDefinitionArns, [`arn:aws:ecs:us-east-1:${account}:task-definition/web:3`]);
  const missing = await sdkError(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope' })));
  assert.deepEqual(missing, {
    name: 'ClientException',
    message: 'Unable to describe task definition.',
    status: 400,
  });
  const tagged = await ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1', include: ['TAGS'] }),
  );
  assert.deepEqual(tagged.tags, []);
});

test('list pagination: task definitions in both orders, and families', async () => {
  const { ecs } = await ecsSetup();
  for (let i = 0; i < 5; i++) await ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition()));
  await ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition({ family: 'web-2' })));
  await ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition({ family: 'api' })));
  const all = async (sort: 'ASC' | 'DESC', familyPrefix?: string) => {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(
        new ListTaskDefinitionsCommand({ sort, familyPrefix, maxResults: 2, nextToken }),
      );
      assert.ok(page.taskDefinitionArns!.length <= 2);
      arns.push(...page.taskDefinitionArns!.map((arn) => arn.split('/')[1]!));
      nextToken = page.nextToken;
    } while (nextToken);
    return arns;
  };
  assert.deepEqual(await all('ASC'), ['api:1', 'web:1', 'web:2', 'web:3', 'web:4', 'web:5', 'web-2:1']);
  assert.deepEqual(await all('DESC'), ['web-2:1', 'web:5', 'web:4', 'web:3', 'web:2', 'web:1', 'api:1']);
  assert.deepEqual(
    await all('ASC', 'web'),
    ['web:1', 'web:2', 'web:3', 'web:4', 'web:5'],
    'familyPrefix is the full family',
  );
  const families = await ecs.send(new ListTaskDefinitionFamiliesCommand({ familyPrefix: 'we' }));
  assert.deepEqual(families.families, ['web', 'web-2']);
});

test('healthCheck settings out of their ranges are refused with ClientException, the bounds themselves accepted (ref ecs-services-elb-logs §3.1)', async () => {
  const { ecs } = await ecsSetup();
  const withCheck = (healthCheck: Record<string, unknown>) => {
    const definition = fargateDefinition();
    const app = {
      ...definition.containerDefinitions![0]!,
      healthCheck: { command: ['CMD', 'true'], ...healthCheck },
    };
    return new RegisterTaskDefinitionCommand({ ...definition, containerDefinitions: [app] });
  };
  const cases: [string, number, number][] = [
    ['interval', 5, 300],
    ['timeout', 2, 60],
    ['retries', 1, 10],
    ['startPeriod', 0, 300],
  ];
  for (const [field, min, max] of cases) {
    for (const bad of [min - 1, max + 1]) {
      assert.deepEqual(
        await sdkError(ecs.send(withCheck({ [field]: bad }))),
        {
          name: 'ClientException',
          message: `Invalid 'healthCheck' setting for container 'app'. '${field}' must be between ${min} and ${max}.`,
          status: 400,
        },
        `${field} ${bad}`,
      );
    }
  }
  const bounds = Object.fromEntries(cases.map(([field, min]) => [field, min]));
  // The bounds themselves are accepted and echoed back as sent.
  const low = await ecs.send(withCheck(bounds));
  assert.deepEqual(low.taskDefinition?.containerDefinitions?.[0]?.healthCheck, {
    command: ['CMD', 'true'],
    ...bounds,
  });
  await ecs.send(withCheck(Object.fromEntries(cases.map(([field, , max]) => [field, max]))));
  const wrongType = await sdkError(ecs.send(withCheck({ interval: '30' })));
  assert.equal(wrongType.name, 'SerializationException');
  assert.equal((await ecs.send(new ListTaskDefinitionsCommand({}))).taskDefinitionArns?.length, 2);
});
