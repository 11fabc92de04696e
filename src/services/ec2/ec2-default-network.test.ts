// A new account's EC2 view in process through the SDK: the default network, zones, regions, account attributes
// (ref cloudformation-cdk §1.4 step 2 for the zones' shape, §7 for what Terraform and awsx read).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DescribeAccountAttributesCommand,
  DescribeAvailabilityZonesCommand,
  DescribeNetworkAclsCommand,
  DescribeRegionsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  DescribeVpnGatewaysCommand,
} from '@aws-sdk/client-ec2';
import { ec2Harness } from '../../testing/ec2-fixtures.js';
import { sdkError } from '../../testing/sdk-error.js';

test('zones: us-east-1 a-f, available, with ids and the members the CDK reads (ref cloudformation-cdk §1.4)', async () => {
  const { ec2 } = ec2Harness();
  const { AvailabilityZones } = await ec2.send(new DescribeAvailabilityZonesCommand({}));
  assert.deepEqual(
    AvailabilityZones!.map((z) => [z.ZoneName, z.ZoneId, z.State]),
    ['a', 'b', 'c', 'd', 'e', 'f'].map((l, i) => [`us-east-1${l}`, `use1-az${i + 1}`, 'available']),
  );
  const first = AvailabilityZones![0]!;
  assert.equal(first.RegionName, 'us-east-1');
  assert.equal(first.GroupName, 'us-east-1');
  assert.equal(first.OptInStatus, 'opt-in-not-required');
  assert.equal(first.ZoneType, 'availability-zone');
  const filtered = await ec2.send(
    new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'zone-name', Values: ['*b', 'us-east-1c'] }] }),
  );
  assert.deepEqual(
    filtered.AvailabilityZones!.map((z) => z.ZoneName),
    ['us-east-1b', 'us-east-1c'],
  );
  assert.deepEqual(
    await sdkError(
      ec2.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'nope', Values: ['x'] }] })),
    ),
    { name: 'InvalidParameterValue', message: "The filter 'nope' is invalid", status: 400 },
  );
  const regions = await ec2.send(new DescribeRegionsCommand({ RegionNames: ['eu-west-1'] }));
  assert.deepEqual(regions.Regions, [
    { RegionName: 'eu-west-1', Endpoint: 'ec2.eu-west-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
  ]);
});

test('a new account has a default VPC: /20 default subnets per zone, IGW route, default group, attributes', async () => {
  const { ec2 } = ec2Harness();
  const { Vpcs } = await ec2.send(
    new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }),
  );
  assert.equal(Vpcs!.length, 1);
  const vpc = Vpcs![0]!;
  assert.match(vpc.VpcId!, /^vpc-[0-9a-f]{17}$/);
  assert.equal(vpc.CidrBlock, '172.31.0.0/16');
  assert.equal(vpc.IsDefault, true);
  assert.equal(vpc.State, 'available');
  assert.equal(vpc.OwnerId, '000000000000');

  const { Subnets } = await ec2.send(
    new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }),
  );
  assert.deepEqual(
    Subnets!.map((s) => [s.AvailabilityZone, s.CidrBlock, s.DefaultForAz, s.MapPublicIpOnLaunch]).sort(),
    ['a', 'b', 'c', 'd', 'e', 'f'].map((l, i) => [`us-east-1${l}`, `172.31.${i * 16}.0/20`, true, true]),
  );
  assert.equal(Subnets![0]!.AvailableIpAddressCount, 4091);
  assert.match(Subnets![0]!.SubnetArn!, /^arn:aws:ec2:us-east-1:000000000000:subnet\/subnet-[0-9a-f]{17}$/);

  const { RouteTables } = await ec2.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.main', Values: ['true'] }] }),
  );
  assert.equal(RouteTables!.length, 1);
  const routes = RouteTables![0]!.Routes!.map((r) => [r.DestinationCidrBlock, r.GatewayId?.slice(0, 4)]);
  assert.deepEqual(routes, [
    ['172.31.0.0/16', 'loca'],
    ['0.0.0.0/0', 'igw-'],
  ]);

  const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] }));
  const group = SecurityGroups![0]!;
  assert.equal(group.VpcId, vpc.VpcId);
  assert.deepEqual(
    group.IpPermissions![0]!.UserIdGroupPairs!.map((p) => p.GroupId),
    [group.GroupId],
  );
  assert.deepEqual(group.IpPermissionsEgress![0]!.IpRanges, [{ CidrIp: '0.0.0.0/0' }]);

  const attributes = await ec2.send(new DescribeAccountAttributesCommand({}));
  const values = Object.fromEntries(
    attributes.AccountAttributes!.map((a) => [
      a.AttributeName,
      a.AttributeValues!.map((v) => v.AttributeValue),
    ]),
  );
  assert.deepEqual(values['supported-platforms'], ['VPC']);
  assert.deepEqual(values['default-vpc'], [vpc.VpcId]);

  const dns = await ec2.send(
    new DescribeVpcAttributeCommand({ VpcId: vpc.VpcId, Attribute: 'enableDnsHostnames' }),
  );
  assert.equal(dns.EnableDnsHostnames?.Value, true);
  const acls = await ec2.send(
    new DescribeNetworkAclsCommand({ Filters: [{ Name: 'default', Values: ['true'] }] }),
  );
  assert.equal(acls.NetworkAcls!.length, 1);
  assert.equal(acls.NetworkAcls![0]!.Associations!.length, 6);
  const vpn = await ec2.send(new DescribeVpnGatewaysCommand({}));
  assert.deepEqual(vpn.VpnGateways, []);
  // The default network is made once: a second look finds the same VPC.
  const again = await ec2.send(new DescribeVpcsCommand({}));
  assert.deepEqual(
    again.Vpcs!.map((v) => v.VpcId),
    [vpc.VpcId],
  );
});
