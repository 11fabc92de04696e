// ECS checks a task's awsvpc subnets and security groups against EC2's records (through its network-records port,
// wired by the EC2 part as in `berth up`): unknown ids and a group of another VPC are InvalidParameterException,
// at RunTask, CreateService and UpdateService.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DescribeSubnetsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { ec2Part, ecsPart, iamStsPart, kmsSecretsPart } from '../../cli/control-plane/index.js';
import { controlPlaneHarness } from '../../testing/control-plane-harness.js';
import { recordingAgent } from '../../testing/ecs-fixtures.js';
import { sdkError } from '../../testing/sdk-error.js';
import { awsvpcTexts } from './awsvpc-check.js';

async function world() {
  const agent = recordingAgent();
  const managed = { ...agent.port, start: async () => undefined, close: async () => undefined };
  const h = controlPlaneHarness({
    parts: [iamStsPart, kmsSecretsPart, ec2Part(), ecsPart({ agent: () => managed, networkRecords: true })],
  });
  const ecs = h.client(ECSClient);
  const ec2 = h.client(EC2Client);
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'web', image: 'busybox', essential: true }],
    }),
  );
  const subnets = (
    await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }))
  ).Subnets!.map((s) => s.SubnetId!);
  return { ecs, ec2, agent, subnet: subnets[0]! };
}

const run = (subnets: string[], securityGroups?: string[]) =>
  new RunTaskCommand({
    taskDefinition: 'web',
    launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets, ...(securityGroups ? { securityGroups } : {}) } },
  });

test('RunTask: a subnet or group EC2 does not have is refused with the EC2 error quoted; the default subnet runs', async () => {
  const { ecs, ec2, agent, subnet } = await world();
  assert.deepEqual(await sdkError(ecs.send(run(['subnet-0123456789abcdef0']))), {
    name: 'InvalidParameterException',
    message: awsvpcTexts.subnetNotFound(['subnet-0123456789abcdef0']),
    status: 400,
  });
  assert.equal(
    awsvpcTexts.subnetNotFound(['subnet-1']),
    "Error retrieving subnet information for [subnet-1]: The subnet ID 'subnet-1' does not exist (ErrorCode: InvalidSubnetID.NotFound)",
  );
  assert.deepEqual(await sdkError(ecs.send(run([subnet], ['sg-0123456789abcdef0']))), {
    name: 'InvalidParameterException',
    message: awsvpcTexts.groupNotFound(['sg-0123456789abcdef0']),
    status: 400,
  });
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.5.0.0/16' }))).Vpc!.VpcId!;
  const { GroupId } = await ec2.send(
    new CreateSecurityGroupCommand({ GroupName: 'x', Description: 'x', VpcId: vpcId }),
  );
  assert.deepEqual(await sdkError(ecs.send(run([subnet], [GroupId!]))), {
    name: 'InvalidParameterException',
    message: `Security group ${GroupId} does not appear to belong to the same VPC as the input subnets.`,
    status: 400,
  });
  assert.equal(agent.launched.length, 0);
  const ran = await ecs.send(run([subnet]));
  assert.equal(ran.tasks!.length, 1);
  assert.deepEqual(agent.launched[0]!.networkConfiguration?.subnets, [subnet]);
});

test('CreateService and UpdateService check the network configuration the same way', async () => {
  const { ecs, subnet } = await world();
  const create = (subnets: string[]) =>
    ecs.send(
      new CreateServiceCommand({
        serviceName: 'web',
        taskDefinition: 'web',
        desiredCount: 0,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets } },
      }),
    );
  assert.deepEqual(await sdkError(create(['subnet-berth'])), {
    name: 'InvalidParameterException',
    message: awsvpcTexts.subnetNotFound(['subnet-berth']),
    status: 400,
  });
  await create([subnet]);
  const update = await sdkError(
    ecs.send(
      new UpdateServiceCommand({
        service: 'web',
        networkConfiguration: { awsvpcConfiguration: { subnets: [subnet, 'subnet-00000000000000000'] } },
      }),
    ),
  );
  assert.deepEqual(update, {
    name: 'InvalidParameterException',
    message: awsvpcTexts.subnetNotFound(['subnet-00000000000000000']),
    status: 400,
  });
});
