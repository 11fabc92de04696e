// EC2's network records made, described, filtered and deleted in process through the SDK, with EC2's error codes
// and texts (the EC2 API reference's error codes; resources as CloudFormation and Terraform make them: ref
// cloudformation-cdk §5.3, §7).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DeleteNatGatewayCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteTagsCommand,
  DeleteVpcCommand,
  DeleteVpcEndpointsCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeTagsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  EC2Client,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  ReleaseAddressCommand,
  ReplaceRouteCommand,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { ec2Harness } from '../../testing/ec2-fixtures.js';
import { sdkError } from '../../testing/sdk-error.js';

const tagged = (resource: string, Key: string, Value: string) => ({
  TagSpecifications: [{ ResourceType: resource as 'vpc', Tags: [{ Key, Value }] }],
});

test('VPCs and subnets: CIDR rules, filters by tag, DependencyViolation, NotFound texts', async () => {
  const { ec2 } = ec2Harness();
  const { Vpc } = await ec2.send(
    new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', ...tagged('vpc', 'Name', 'app') }),
  );
  const vpcId = Vpc!.VpcId!;
  assert.equal(Vpc!.IsDefault, false);
  const byTag = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['app'] }] }));
  assert.deepEqual(
    byTag.Vpcs!.map((v) => v.VpcId),
    [vpcId],
  );
  assert.deepEqual(await sdkError(ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/8' }))), {
    name: 'InvalidVpc.Range',
    message: "The CIDR '10.0.0.0/8' is invalid.",
    status: 400,
  });

  const { Subnet } = await ec2.send(
    new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1b' }),
  );
  assert.equal(Subnet!.AvailabilityZone, 'us-east-1b');
  assert.equal(Subnet!.AvailabilityZoneId, 'use1-az2');
  assert.equal(Subnet!.MapPublicIpOnLaunch, false);
  assert.deepEqual(
    await sdkError(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.128/25' }))),
    {
      name: 'InvalidSubnet.Conflict',
      message: "The CIDR '10.0.1.128/25' conflicts with another subnet",
      status: 400,
    },
  );
  assert.deepEqual(
    await sdkError(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.1.0.0/24' }))),
    {
      name: 'InvalidSubnet.Range',
      message: "The CIDR '10.1.0.0/24' is invalid.",
      status: 400,
    },
  );
  assert.equal(
    (await sdkError(ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.2.7/24' })))).name,
    'InvalidParameterValue',
  );
  assert.deepEqual(
    await sdkError(
      ec2.send(new CreateSubnetCommand({ VpcId: 'vpc-0123456789abcdef0', CidrBlock: '10.0.0.0/24' })),
    ),
    {
      name: 'InvalidVpcID.NotFound',
      message: "The vpc ID 'vpc-0123456789abcdef0' does not exist",
      status: 400,
    },
  );
  await ec2.send(
    new ModifySubnetAttributeCommand({ SubnetId: Subnet!.SubnetId, MapPublicIpOnLaunch: { Value: true } }),
  );
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  const publicOnes = await ec2.send(
    new DescribeSubnetsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'map-public-ip-on-launch', Values: ['true'] },
      ],
    }),
  );
  assert.deepEqual(
    publicOnes.Subnets!.map((s) => s.SubnetId),
    [Subnet!.SubnetId],
  );

  assert.deepEqual(await sdkError(ec2.send(new DeleteVpcCommand({ VpcId: vpcId }))), {
    name: 'DependencyViolation',
    message: `The vpc '${vpcId}' has dependencies and cannot be deleted.`,
    status: 400,
  });
  await ec2.send(new DeleteSubnetCommand({ SubnetId: Subnet!.SubnetId }));
  await ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
  assert.deepEqual(await sdkError(ec2.send(new DescribeSubnetsCommand({ SubnetIds: [Subnet!.SubnetId!] }))), {
    name: 'InvalidSubnetID.NotFound',
    message: `The subnet ID '${Subnet!.SubnetId}' does not exist`,
    status: 400,
  });
  // The VPC's main route table and default group went with it.
  const tables = await ec2.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
  );
  assert.deepEqual(tables.RouteTables, []);
});

test('a public and a private subnet: IGW attached, EIP + NAT, routes and associations as the CDK makes them', async () => {
  const { ec2 } = ec2Harness();
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc!.VpcId!;
  const subnet = async (cidr: string) =>
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr }))).Subnet!.SubnetId!;
  const [publicSubnet, privateSubnet] = [await subnet('10.1.0.0/24'), await subnet('10.1.1.0/24')];
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  const publicTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!
    .RouteTableId!;
  assert.equal(
    (
      await sdkError(
        ec2.send(
          new CreateRouteCommand({
            RouteTableId: publicTable,
            DestinationCidrBlock: '0.0.0.0/0',
            GatewayId: igw,
          }),
        ),
      )
    ).name,
    'InvalidParameterValue',
  );
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  await ec2.send(
    new CreateRouteCommand({ RouteTableId: publicTable, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }),
  );
  assert.deepEqual(
    await sdkError(
      ec2.send(
        new CreateRouteCommand({
          RouteTableId: publicTable,
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: igw,
        }),
      ),
    ),
    { name: 'RouteAlreadyExists', message: 'The route identified by 0.0.0.0/0 already exists.', status: 400 },
  );
  const { AssociationId } = await ec2.send(
    new AssociateRouteTableCommand({ RouteTableId: publicTable, SubnetId: publicSubnet }),
  );
  assert.match(AssociationId!, /^rtbassoc-[0-9a-f]{17}$/);

  const eip = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  assert.match(eip.PublicIp!, /^203\.0\.113\.\d+$/);
  const nat = (
    await ec2.send(new CreateNatGatewayCommand({ SubnetId: publicSubnet, AllocationId: eip.AllocationId }))
  ).NatGateway!;
  assert.equal(nat.State, 'available');
  assert.equal(nat.NatGatewayAddresses![0]!.PublicIp, eip.PublicIp);
  const privateTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!
    .RouteTableId!;
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: privateTable,
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: nat.NatGatewayId,
    }),
  );
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: privateTable, SubnetId: privateSubnet }));

  const bySubnet = await ec2.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.subnet-id', Values: [privateSubnet] }] }),
  );
  assert.deepEqual(
    bySubnet.RouteTables!.map((t) => t.RouteTableId),
    [privateTable],
  );
  assert.equal(bySubnet.RouteTables![0]!.Routes![1]!.NatGatewayId, nat.NatGatewayId);

  assert.equal(
    (await sdkError(ec2.send(new ReleaseAddressCommand({ AllocationId: eip.AllocationId })))).name,
    'InvalidIPAddress.InUse',
  );
  assert.equal(
    (await sdkError(ec2.send(new DeleteSubnetCommand({ SubnetId: publicSubnet })))).name,
    'DependencyViolation',
  );
  await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: nat.NatGatewayId }));
  const gone = await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [nat.NatGatewayId!] }));
  assert.equal(gone.NatGateways![0]!.State, 'deleted');
  await ec2.send(new ReleaseAddressCommand({ AllocationId: eip.AllocationId }));
  assert.deepEqual(
    await sdkError(
      ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: 'vpc-00000000000000000' })),
    ),
    {
      name: 'Gateway.NotAttached',
      message: `resource ${igw} is not attached to network vpc-00000000000000000`,
      status: 400,
    },
  );
});

test('security groups: default egress, ingress from a CIDR and a group, duplicates, revoke, delete rules', async () => {
  const { ec2 } = ec2Harness();
  const { GroupId } = await ec2.send(
    new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web tier' }),
  );
  const { GroupId: lbGroup } = await ec2.send(
    new CreateSecurityGroupCommand({ GroupName: 'lb', Description: 'lb' }),
  );
  assert.deepEqual(
    await sdkError(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'again' }))),
    {
      name: 'InvalidGroup.Duplicate',
      message: `The security group 'web' already exists for VPC '${(await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId}'`,
      status: 400,
    },
  );
  const ingress = {
    GroupId,
    IpPermissions: [
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: lbGroup }] },
    ],
  };
  const added = await ec2.send(new AuthorizeSecurityGroupIngressCommand(ingress));
  assert.equal(added.Return, true);
  assert.equal(added.SecurityGroupRules!.length, 2);
  assert.deepEqual(await sdkError(ec2.send(new AuthorizeSecurityGroupIngressCommand(ingress))), {
    name: 'InvalidPermission.Duplicate',
    message: 'the specified rule "peer: 0.0.0.0/0, TCP, from port: 80, to port: 80, ALLOW" already exists',
    status: 400,
  });
  await ec2.send(
    new RevokeSecurityGroupEgressCommand({
      GroupId,
      IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    }),
  );
  const [group] = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId!] })))
    .SecurityGroups!;
  assert.deepEqual(group!.IpPermissionsEgress, []);
  assert.deepEqual(
    group!.IpPermissions!.map((p) => [
      p.IpProtocol,
      p.FromPort,
      p.IpRanges!.length,
      p.UserIdGroupPairs!.length,
    ]),
    [
      ['tcp', 80, 1, 0],
      ['tcp', 8080, 0, 1],
    ],
  );
  const rules = await ec2.send(
    new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [GroupId!] }] }),
  );
  assert.equal(rules.SecurityGroupRules!.length, 2);
  assert.equal(
    (await sdkError(ec2.send(new DeleteSecurityGroupCommand({ GroupId: lbGroup })))).name,
    'DependencyViolation',
  );
  assert.equal(
    (await sdkError(ec2.send(new DeleteSecurityGroupCommand({ GroupName: 'default' })))).name,
    'CannotDelete',
  );
  await ec2.send(new DeleteSecurityGroupCommand({ GroupId }));
  await ec2.send(new DeleteSecurityGroupCommand({ GroupId: lbGroup }));
  assert.deepEqual(await sdkError(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId!] }))), {
    name: 'InvalidGroup.NotFound',
    message: `The security group '${GroupId}' does not exist`,
    status: 400,
  });
});

test('VPC endpoints, tags, and IAM: an EC2 caller without permission gets UnauthorizedOperation', async () => {
  const h = ec2Harness();
  const { ec2 } = h;
  const vpcId = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
  const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets!.map((s) => s.SubnetId!);
  const secrets = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: vpcId,
      VpcEndpointType: 'Interface',
      ServiceName: 'com.amazonaws.us-east-1.secretsmanager',
      SubnetIds: subnets.slice(0, 2),
    }),
  );
  assert.equal(secrets.VpcEndpoint!.State, 'available');
  assert.equal(secrets.VpcEndpoint!.PrivateDnsEnabled, true);
  assert.equal(secrets.VpcEndpoint!.Groups![0]!.GroupName, 'default');
  assert.equal(
    (
      await sdkError(
        ec2.send(
          new CreateVpcEndpointCommand({
            VpcId: vpcId,
            VpcEndpointType: 'Gateway',
            ServiceName: 'com.amazonaws.us-east-1.ecr.dkr',
          }),
        ),
      )
    ).name,
    'InvalidServiceName',
  );
  const found = await ec2.send(
    new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'service-name', Values: ['*.secretsmanager'] }] }),
  );
  assert.deepEqual(
    found.VpcEndpoints!.map((e) => e.VpcEndpointId),
    [secrets.VpcEndpoint!.VpcEndpointId],
  );
  const deleted = await ec2.send(
    new DeleteVpcEndpointsCommand({
      VpcEndpointIds: [secrets.VpcEndpoint!.VpcEndpointId!, 'vpce-00000000000000000'],
    }),
  );
  assert.deepEqual(
    deleted.Unsuccessful!.map((u) => [u.ResourceId, u.Error!.Code]),
    [['vpce-00000000000000000', 'InvalidVpcEndpointId.NotFound']],
  );

  await ec2.send(
    new CreateTagsCommand({ Resources: [vpcId, subnets[0]!], Tags: [{ Key: 'env', Value: 'dev' }] }),
  );
  const tags = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['env'] }] }));
  assert.deepEqual(tags.Tags!.map((t) => [t.ResourceType, t.Value]).sort(), [
    ['subnet', 'dev'],
    ['vpc', 'dev'],
  ]);
  await ec2.send(new DeleteTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'env', Value: 'other' }] }));
  assert.equal((await ec2.send(new DescribeTagsCommand({}))).Tags!.length, 2);
  await ec2.send(new DeleteTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'env' }] }));
  assert.equal((await ec2.send(new DescribeTagsCommand({}))).Tags!.length, 1);
  assert.deepEqual(
    await sdkError(
      ec2.send(new CreateTagsCommand({ Resources: ['bogus-1'], Tags: [{ Key: 'a', Value: 'b' }] })),
    ),
    {
      name: 'InvalidID',
      message: "The ID 'bogus-1' is not valid",
      status: 400,
    },
  );

  const iam = h.client(IAMClient);
  await iam.send(new CreateUserCommand({ UserName: 'nobody' }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'nobody' }));
  const denied = h.client(EC2Client, {
    accessKeyId: AccessKey!.AccessKeyId!,
    secretAccessKey: AccessKey!.SecretAccessKey!,
  });
  const error = await sdkError(denied.send(new DeleteVpcCommand({ VpcId: vpcId })));
  assert.equal(error.name, 'UnauthorizedOperation');
  assert.equal(error.status, 403);
  assert.match(
    error.message,
    new RegExp(`ec2:DeleteVpc on resource: arn:aws:ec2:us-east-1:000000000000:vpc/${vpcId}`),
  );
  // DescribeNetworkInterfaces asks on `*` (left out of the text, as on AWS); ReplaceRoute on the route table.
  const interfaces = await sdkError(denied.send(new DescribeNetworkInterfacesCommand({})));
  assert.match(interfaces.message, /perform: ec2:DescribeNetworkInterfaces because no identity-based policy/);
  const replace = await sdkError(
    denied.send(
      new ReplaceRouteCommand({
        RouteTableId: 'rtb-1',
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: 'igw-1',
      }),
    ),
  );
  assert.equal(replace.name, 'UnauthorizedOperation');
  assert.match(
    replace.message,
    /ec2:ReplaceRoute on resource: arn:aws:ec2:us-east-1:000000000000:route-table\/rtb-1 /,
  );
});
