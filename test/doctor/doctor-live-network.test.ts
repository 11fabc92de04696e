// `berth doctor --service NAME` against a real `berth up` (issue 15): the service's task definition and its awsvpc
// network, whose subnets the doctor reads live through EC2 (DescribeSubnets, DescribeRouteTables,
// DescribeVpcEndpoints). A private subnet without a NAT gateway or endpoints is C13; the same task in a subnet that
// routes through a NAT gateway, or in a public subnet with a public IP, is not (ref peers-and-misconfigurations §C13).
// The services have no tasks (desiredCount 0): C13 is about where the tasks would run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcEndpointCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { allowing, trustFor } from '../../src/testing/doctor-policies.js';
import { type BerthProcess, berthBin, startBerth } from '../integ/berth-process.js';

interface Finding {
  rule: string;
  message: string;
}

describe('berth doctor --service reads the network path live (C13)', () => {
  let berth: BerthProcess;
  let ec2: EC2Client;
  let ecs: ECSClient;
  let vpcId: string;
  let family: string;

  before(async () => {
    berth = await startBerth();
    const config = { endpoint: berth.endpoint, region: berth.region, credentials: berth.credentials };
    ec2 = new EC2Client(config);
    ecs = new ECSClient(config);
    const iam = new IAMClient(config);
    const secrets = new SecretsManagerClient(config);
    const { ARN } = await secrets.send(
      new CreateSecretCommand({ Name: 'registry/app', SecretString: '{"username":"u","password":"p"}' }),
    );
    const role = await iam.send(
      new CreateRoleCommand({
        RoleName: 'appExecution',
        AssumeRolePolicyDocument: JSON.stringify(trustFor('ecs-tasks.amazonaws.com')),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'appExecution',
        PolicyName: 'secret',
        PolicyDocument: JSON.stringify(allowing('secretsmanager:GetSecretValue', ARN!)),
      }),
    );
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'app',
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        executionRoleArn: role.Role!.Arn,
        containerDefinitions: [
          {
            name: 'app',
            // A registry that refuses at once: the doctor's live login (C11) stays on this machine.
            image: '127.0.0.1:9/example/app:1',
            essential: true,
            repositoryCredentials: { credentialsParameter: ARN },
          },
        ],
      }),
    );
    family = registered.taskDefinition!.taskDefinitionArn!;
    vpcId = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
    iam.destroy();
    secrets.destroy();
  });

  after(async () => {
    ec2?.destroy();
    ecs?.destroy();
    await berth?.stop();
  });

  /** A subnet of the default VPC with a route table of its own, with these routes. */
  async function subnet(cidr: string, routes: (table: string) => Promise<void>): Promise<string> {
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr }));
    const table = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: table, SubnetId: Subnet!.SubnetId }));
    await routes(table);
    return Subnet!.SubnetId!;
  }

  async function service(name: string, subnets: string[], assignPublicIp: 'ENABLED' | 'DISABLED') {
    await ecs.send(
      new CreateServiceCommand({
        serviceName: name,
        taskDefinition: family,
        desiredCount: 0,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets, assignPublicIp } },
      }),
    );
  }

  function doctor(name: string): Finding[] {
    const run = spawnSync(process.execPath, [berthBin, 'doctor', '--service', name, '--format', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, ...berth.env },
    });
    assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
    return (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
  }

  test('a private subnet without NAT: C13, naming the subnet and Secrets Manager', async () => {
    const isolated = await subnet('172.31.200.0/24', async () => undefined);
    await service('private', [isolated], 'DISABLED');
    const c13 = doctor('private').filter((f) => f.rule === 'C13');
    assert.equal(c13.length, 1, JSON.stringify(c13));
    assert.match(c13[0]!.message, new RegExp(`subnet ${isolated} has no route to the internet`));
    assert.match(c13[0]!.message, /Secrets Manager/);
  });

  test('through a NAT gateway, or public with a public IP: no C13', async () => {
    const publicSubnet = (
      await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }))
    ).Subnets![0]!.SubnetId!;
    const { AllocationId } = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    const nat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: publicSubnet, AllocationId })))
      .NatGateway!.NatGatewayId!;
    const natted = await subnet('172.31.201.0/24', async (table) => {
      await ec2.send(
        new CreateRouteCommand({ RouteTableId: table, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat }),
      );
    });
    await service('natted', [natted], 'DISABLED');
    assert.deepEqual(
      doctor('natted').filter((f) => f.rule === 'C13'),
      [],
    );
    await service('public', [publicSubnet], 'ENABLED');
    assert.deepEqual(
      doctor('public').filter((f) => f.rule === 'C13'),
      [],
    );
    // The same public subnet without a public IP reaches nothing.
    await service('public-no-ip', [publicSubnet], 'DISABLED');
    assert.equal(doctor('public-no-ip').filter((f) => f.rule === 'C13').length, 1);
  });

  test('a Secrets Manager endpoint does not reach a non-ECR registry: still C13, for the registry only', async () => {
    const isolated = await subnet('172.31.202.0/24', async () => undefined);
    await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        VpcEndpointType: 'Interface',
        ServiceName: `com.amazonaws.${berth.region}.secretsmanager`,
        SubnetIds: [isolated],
      }),
    );
    await service('endpoint', [isolated], 'DISABLED');
    const c13 = doctor('endpoint').filter((f) => f.rule === 'C13');
    assert.equal(c13.length, 1);
    assert.match(c13[0]!.message, /the registry of 127\.0\.0\.1:9\/example\/app:1/);
    assert.doesNotMatch(c13[0]!.message, /Secrets Manager/);
  });
});
