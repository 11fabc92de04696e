// EC2's network records over HTTP against a real `berth up`: the AWS CLI (the brief's commands) and the SDK
// (@aws-sdk/client-ec2) see a new account's default network and make a VPC, a subnet and a security group
// (ref cloudformation-cdk §1.4 step 2 for DescribeAvailabilityZones, §7 for the default-VPC lookup).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeSubnetsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { awsCliEnv, type BerthProcess, startBerth } from './berth-process.js';

const aws = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';

describe('EC2 through the AWS CLI and the SDK', () => {
  let berth: BerthProcess;
  const cli = (...args: string[]) => {
    const run = spawnSync(aws, ['--endpoint-url', berth.endpoint, '--output', 'json', 'ec2', ...args], {
      encoding: 'utf8',
      env: awsCliEnv(berth),
    });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout || '{}') as Record<string, unknown>;
  };

  before(async () => {
    berth = await startBerth();
  });
  after(async () => {
    await berth?.stop();
  });

  test('the AWS CLI: zones, the default VPC by filter, and a VPC, subnet and group it makes', () => {
    const zones = cli('describe-availability-zones') as {
      AvailabilityZones: { ZoneName: string; State: string }[];
    };
    assert.deepEqual(
      zones.AvailabilityZones.map((z) => `${z.ZoneName}:${z.State}`),
      ['a', 'b', 'c', 'd', 'e', 'f'].map((l) => `us-east-1${l}:available`),
    );
    const defaults = cli('describe-vpcs', '--filters', 'Name=isDefault,Values=true') as {
      Vpcs: { CidrBlock: string; IsDefault: boolean }[];
    };
    assert.deepEqual(
      defaults.Vpcs.map((v) => [v.CidrBlock, v.IsDefault]),
      [['172.31.0.0/16', true]],
    );
    const vpc = (cli('create-vpc', '--cidr-block', '10.20.0.0/16') as { Vpc: { VpcId: string } }).Vpc;
    const subnet = (
      cli(
        'create-subnet',
        '--vpc-id',
        vpc.VpcId,
        '--cidr-block',
        '10.20.1.0/24',
        '--availability-zone',
        'us-east-1a',
      ) as {
        Subnet: { SubnetId: string; VpcId: string };
      }
    ).Subnet;
    assert.equal(subnet.VpcId, vpc.VpcId);
    const group = cli(
      'create-security-group',
      '--group-name',
      'web',
      '--description',
      'web',
      '--vpc-id',
      vpc.VpcId,
    ) as {
      GroupId: string;
    };
    assert.match(group.GroupId, /^sg-[0-9a-f]{17}$/);
    cli(
      'authorize-security-group-ingress',
      '--group-id',
      group.GroupId,
      '--protocol',
      'tcp',
      '--port',
      '80',
      '--cidr',
      '0.0.0.0/0',
    );
    const described = cli('describe-security-groups', '--group-ids', group.GroupId) as {
      SecurityGroups: { IpPermissions: { FromPort: number; IpRanges: { CidrIp: string }[] }[] }[];
    };
    assert.deepEqual(
      described.SecurityGroups[0]!.IpPermissions.map((p) => [p.FromPort, p.IpRanges[0]!.CidrIp]),
      [[80, '0.0.0.0/0']],
    );
    const run = spawnSync(
      aws,
      ['--endpoint-url', berth.endpoint, 'ec2', 'delete-vpc', '--vpc-id', vpc.VpcId],
      {
        encoding: 'utf8',
        env: awsCliEnv(berth),
      },
    );
    assert.notEqual(run.status, 0);
    assert.match(
      run.stderr,
      /\(DependencyViolation\) when calling the DeleteVpc operation.*: The vpc 'vpc-[0-9a-f]{17}' has dependencies/,
    );
  });

  test('the SDK: zones, default subnets, a VPC with a subnet and a group', async () => {
    const ec2 = new EC2Client({
      endpoint: berth.endpoint,
      region: berth.region,
      credentials: berth.credentials,
      maxAttempts: 1,
    });
    const { AvailabilityZones } = await ec2.send(new DescribeAvailabilityZonesCommand({}));
    assert.equal(AvailabilityZones!.length, 6);
    const defaults = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }),
    );
    assert.equal(defaults.Subnets!.length, 6);
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }));
    const { Subnet } = await ec2.send(
      new CreateSubnetCommand({ VpcId: Vpc!.VpcId, CidrBlock: '10.30.0.0/24' }),
    );
    assert.equal(Subnet!.VpcId, Vpc!.VpcId);
    const { GroupId } = await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'db', Description: 'db', VpcId: Vpc!.VpcId }),
    );
    assert.match(GroupId!, /^sg-/);
    ec2.destroy();
  });
});
