// The EC2 network providers called directly (no CloudFormation engine) against a real `berth up`, in the order a
// CDK Vpc with one NAT gateway creates them (ref cloudformation-cdk §8.2): VPC, Subnet, InternetGateway and its
// attachment, RouteTable, Route, SubnetRouteTableAssociation, EIP, NatGateway, SecurityGroup with inline rules and
// standalone SecurityGroupIngress/Egress; Ref and GetAtt values (ref cloudformation-cdk §5.2), in-place updates, and
// deleting everything in reverse — twice, since deleting what is gone succeeds.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { ec2ResourceTypes as types } from '../../src/adapters/cloudformation-resources/ec2.js';
import { permission } from '../../src/adapters/cloudformation-resources/ec2-security-groups.js';
import { providerCall, provisionContext } from '../../src/testing/provision-context.js';
import { type BerthProcess, startBerth } from './berth-process.js';

let berth: BerthProcess;
let ec2: EC2Client;

before(async () => {
  berth = await startBerth();
  ec2 = new EC2Client({
    endpoint: berth.endpoint,
    region: berth.region,
    credentials: berth.credentials,
    maxAttempts: 1,
  });
});
after(async () => {
  ec2?.destroy();
  await berth?.stop({ removeState: true });
});

const as = (logicalId: string) =>
  providerCall(
    berth.endpoint,
    provisionContext(berth.credentials, { logicalId, stackTags: { team: 'web' } }),
  );

test('a VPC with a public subnet, NAT and security groups: values, updates, deletes', async () => {
  const made: [string, string, Record<string, unknown>][] = [];
  const create = async (type: string, logicalId: string, properties: Record<string, unknown>) => {
    const resource = await types[`AWS::EC2::${type}`]!.create(properties, as(logicalId));
    made.push([type, resource.physicalId, properties]);
    return resource;
  };

  const vpc = await create('VPC', 'Vpc', {
    CidrBlock: '10.0.0.0/16',
    EnableDnsHostnames: true,
    EnableDnsSupport: true,
  });
  assert.match(vpc.physicalId, /^vpc-[0-9a-f]+$/);
  assert.equal(vpc.attributes['VpcId'], vpc.physicalId);
  assert.equal(vpc.attributes['CidrBlock'], '10.0.0.0/16');
  assert.match(vpc.attributes['DefaultSecurityGroup'] as string, /^sg-/);
  const described = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpc.physicalId] }));
  assert.deepEqual(described.Vpcs?.[0]?.Tags, [{ Key: 'team', Value: 'web' }]);

  const subnet = await create('Subnet', 'Public1', {
    VpcId: vpc.physicalId,
    CidrBlock: '10.0.0.0/18',
    AvailabilityZone: 'us-east-1a',
    MapPublicIpOnLaunch: true,
  });
  assert.match(subnet.physicalId, /^subnet-/);
  assert.equal(subnet.attributes['AvailabilityZone'], 'us-east-1a');
  assert.equal(subnet.attributes['VpcId'], vpc.physicalId);
  const subnets = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnet.physicalId] }));
  assert.equal(subnets.Subnets?.[0]?.MapPublicIpOnLaunch, true);

  const igw = await create('InternetGateway', 'Igw', {});
  assert.equal(igw.attributes['InternetGatewayId'], igw.physicalId);
  await create('VPCGatewayAttachment', 'VpcGw', { VpcId: vpc.physicalId, InternetGatewayId: igw.physicalId });
  const table = await create('RouteTable', 'PublicRt', { VpcId: vpc.physicalId });
  assert.equal(table.attributes['RouteTableId'], table.physicalId);
  const route = await create('Route', 'Default', {
    RouteTableId: table.physicalId,
    DestinationCidrBlock: '0.0.0.0/0',
    GatewayId: igw.physicalId,
  });
  assert.equal(route.attributes['CidrBlock'], '0.0.0.0/0');
  const association = await create('SubnetRouteTableAssociation', 'PublicAssoc', {
    SubnetId: subnet.physicalId,
    RouteTableId: table.physicalId,
  });
  assert.equal(association.attributes['Id'], association.physicalId);
  const tables = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [table.physicalId] }));
  const routes = tables.RouteTables?.[0]?.Routes ?? [];
  assert.ok(routes.some((r) => r.DestinationCidrBlock === '0.0.0.0/0' && r.GatewayId === igw.physicalId));
  assert.ok(tables.RouteTables?.[0]?.Associations?.some((a) => a.SubnetId === subnet.physicalId));

  const eip = await create('EIP', 'NatEip', { Domain: 'vpc' });
  assert.equal(eip.attributes['PublicIp'], eip.physicalId);
  assert.match(eip.attributes['AllocationId'] as string, /^eipalloc-/);
  const nat = await create('NatGateway', 'Nat', {
    SubnetId: subnet.physicalId,
    AllocationId: eip.attributes['AllocationId'],
  });
  assert.match(nat.physicalId, /^nat-/);

  const ingress = {
    IpProtocol: 'tcp',
    FromPort: '80',
    ToPort: '80',
    CidrIp: '0.0.0.0/0',
    Description: 'web',
  };
  const egress = {
    IpProtocol: '-1',
    CidrIp: '0.0.0.0/0',
    Description: 'Allow all outbound traffic by default',
  };
  const lbGroup = await create('SecurityGroup', 'LbSg', {
    GroupDescription: 'load balancer',
    VpcId: vpc.physicalId,
    SecurityGroupIngress: [ingress],
    SecurityGroupEgress: [egress],
  });
  assert.deepEqual(lbGroup.attributes, { GroupId: lbGroup.physicalId, VpcId: vpc.physicalId });
  const serviceGroup = await create('SecurityGroup', 'ServiceSg', {
    GroupDescription: 'service',
    VpcId: vpc.physicalId,
  });
  const rule = {
    GroupId: serviceGroup.physicalId,
    IpProtocol: 'tcp',
    FromPort: 8080,
    ToPort: 8080,
    SourceSecurityGroupId: lbGroup.physicalId,
  };
  const standaloneIngress = await create('SecurityGroupIngress', 'FromLb', rule);
  assert.equal(standaloneIngress.attributes['Id'], standaloneIngress.physicalId);
  await create('SecurityGroupEgress', 'ToService', {
    GroupId: lbGroup.physicalId,
    IpProtocol: 'tcp',
    FromPort: 8080,
    ToPort: 8080,
    DestinationSecurityGroupId: serviceGroup.physicalId,
  });
  const groups = await ec2.send(
    new DescribeSecurityGroupsCommand({ GroupIds: [lbGroup.physicalId, serviceGroup.physicalId] }),
  );
  const lb = groups.SecurityGroups?.find((g) => g.GroupId === lbGroup.physicalId);
  const service = groups.SecurityGroups?.find((g) => g.GroupId === serviceGroup.physicalId);
  assert.equal(lb?.IpPermissions?.[0]?.FromPort, 80);
  assert.equal(
    lb?.IpPermissionsEgress?.length,
    2,
    'the inline allow-all and the standalone rule to the service',
  );
  assert.equal(service?.IpPermissions?.[0]?.UserIdGroupPairs?.[0]?.GroupId, lbGroup.physicalId);
  assert.deepEqual(permission(ingress, 'ingress'), {
    IpProtocol: 'tcp',
    FromPort: 80,
    ToPort: 80,
    IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'web' }],
  });

  // In place: a subnet's public-IP mapping, a group's inline ingress.
  const publicSubnet = types['AWS::EC2::Subnet']!;
  const subnetProps = made.find(([type]) => type === 'Subnet')![2];
  await publicSubnet.update!(
    subnet.physicalId,
    { ...subnetProps, MapPublicIpOnLaunch: false },
    subnetProps,
    as('Public1'),
  );
  const remapped = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnet.physicalId] }));
  assert.equal(remapped.Subnets?.[0]?.MapPublicIpOnLaunch, false);
  const lbProps = made.find(([type, id]) => type === 'SecurityGroup' && id === lbGroup.physicalId)![2];
  const https = { ...ingress, FromPort: '443', ToPort: '443' };
  await types['AWS::EC2::SecurityGroup']!.update!(
    lbGroup.physicalId,
    { ...lbProps, SecurityGroupIngress: [https] },
    lbProps,
    as('LbSg'),
  );
  const updated = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [lbGroup.physicalId] }));
  assert.deepEqual(
    updated.SecurityGroups?.[0]?.IpPermissions?.map((p) => p.FromPort),
    [443],
  );

  // A route's new target changes it in place (same physical ID).
  const routeEntry = made.find(([type]) => type === 'Route')!;
  const toNat = {
    RouteTableId: table.physicalId,
    DestinationCidrBlock: '0.0.0.0/0',
    NatGatewayId: nat.physicalId,
  };
  const rerouted = await types['AWS::EC2::Route']!.update!(
    route.physicalId,
    toNat,
    routeEntry[2],
    as('Default'),
  );
  assert.equal(rerouted.physicalId, route.physicalId);
  routeEntry[2] = toNat;
  const after = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [table.physicalId] }));
  const defaults = (after.RouteTables?.[0]?.Routes ?? []).filter(
    (r) => r.DestinationCidrBlock === '0.0.0.0/0',
  );
  assert.deepEqual(
    defaults.map((r) => [r.GatewayId, r.NatGatewayId]),
    [[undefined, nat.physicalId]],
  );

  for (const [type, id, properties] of made.reverse()) {
    await types[`AWS::EC2::${type}`]!.delete(id, properties, as(type));
    await types[`AWS::EC2::${type}`]!.delete(id, properties, as(type));
  }
  const left = await ec2.send(
    new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.physicalId] }] }),
  );
  assert.deepEqual(left.Vpcs, []);
});
