import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  type EC2Client,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  ReplaceRouteCommand,
} from '@aws-sdk/client-ec2';
import type { ProvisionedResource } from '../../services/cloudformation/resource-provisioner.js';
import { changed, remove, retagEc2, run, tagSpecifications, text } from './ec2-calls.js';
import { gatewayTypes } from './ec2-gateways.js';
import { securityGroupTypes } from './ec2-security-groups.js';
import { handlerFailure } from './handler-failure.js';
import type { Properties, ResourceProvider } from './provider.js';

// The EC2 network records CloudFormation creates for a VPC (berth's EC2 keeps records only; no packets flow by them):
// VPC, Subnet, RouteTable, Route, InternetGateway, VPCGatewayAttachment, SubnetRouteTableAssociation here; EIP and
// NatGateway in ec2-gateways.ts, security groups and their rules in ec2-security-groups.ts. Ref and GetAtt per ref
// cloudformation-cdk §5.2, properties per §5.3; createOnly properties per the types' schemas (cfn-lint).

const tagsOnly =
  (values: (id: string) => ProvisionedResource): ResourceProvider['update'] =>
  (id, p, previous, call) =>
    run(call, async (client) => {
      await retagEc2(client, id, p, previous, call.context);
      return values(id);
    });
const idOnly = (attribute: string) => (id: string) => ({ physicalId: id, attributes: { [attribute]: id } });

export const ec2ResourceTypes: Readonly<Record<string, ResourceProvider>> = {
  'AWS::EC2::VPC': {
    createOnly: ['CidrBlock', 'InstanceTenancy', 'Ipv4IpamPoolId', 'Ipv4NetmaskLength'],
    create: (p, call) =>
      run(call, async (client) => {
        const out = await client.send(
          new CreateVpcCommand({
            CidrBlock: text(p['CidrBlock']),
            ...(p['InstanceTenancy'] ? { InstanceTenancy: text(p['InstanceTenancy']) as never } : {}),
            ...tagSpecifications('vpc', p, call.context),
          }),
        );
        const id = out.Vpc!.VpcId!;
        await setDns(client, id, p, {});
        return vpcValues(client, id);
      }),
    update: (id, p, previous, call) =>
      run(call, async (client) => {
        await setDns(client, id, p, previous);
        await retagEc2(client, id, p, previous, call.context);
        return vpcValues(client, id);
      }),
    delete: (id, _p, call) => remove(call, (client) => client.send(new DeleteVpcCommand({ VpcId: id }))),
  },

  'AWS::EC2::Subnet': {
    createOnly: ['VpcId', 'CidrBlock', 'AvailabilityZone', 'AvailabilityZoneId', 'Ipv6CidrBlock'],
    create: (p, call) =>
      run(call, async (client) => {
        const out = await client.send(
          new CreateSubnetCommand({
            VpcId: text(p['VpcId']),
            CidrBlock: text(p['CidrBlock']),
            AvailabilityZone: text(p['AvailabilityZone']),
            AvailabilityZoneId: text(p['AvailabilityZoneId']),
            ...tagSpecifications('subnet', p, call.context),
          }),
        );
        const id = out.Subnet!.SubnetId!;
        await mapPublicIp(client, id, p, {});
        return subnetValues(client, id);
      }),
    update: (id, p, previous, call) =>
      run(call, async (client) => {
        await mapPublicIp(client, id, p, previous);
        await retagEc2(client, id, p, previous, call.context);
        return subnetValues(client, id);
      }),
    delete: (id, _p, call) =>
      remove(call, (client) => client.send(new DeleteSubnetCommand({ SubnetId: id }))),
  },

  'AWS::EC2::RouteTable': {
    createOnly: ['VpcId'],
    create: (p, call) =>
      run(call, async (client) => {
        const out = await client.send(
          new CreateRouteTableCommand({
            VpcId: text(p['VpcId']),
            ...tagSpecifications('route-table', p, call.context),
          }),
        );
        const id = out.RouteTable!.RouteTableId!;
        return { physicalId: id, attributes: { RouteTableId: id } };
      }),
    update: tagsOnly(idOnly('RouteTableId')),
    delete: (id, _p, call) =>
      remove(call, (client) => client.send(new DeleteRouteTableCommand({ RouteTableId: id }))),
  },

  'AWS::EC2::Route': {
    createOnly: ['RouteTableId', 'DestinationCidrBlock', 'DestinationIpv6CidrBlock'],
    create: (p, call) =>
      run(call, async (client) => {
        await client.send(new CreateRouteCommand(routeInput(p)));
        return routeValues(p);
      }),
    // A new target changes the route in place, with ReplaceRoute as CloudFormation's handler does.
    update: (_id, p, _previous, call) =>
      run(call, async (client) => {
        await client.send(new ReplaceRouteCommand(routeInput(p)));
        return routeValues(p);
      }),
    delete: (_id, p, call) =>
      remove(call, (client) =>
        client.send(
          new DeleteRouteCommand({
            RouteTableId: text(p['RouteTableId']),
            DestinationCidrBlock: text(p['DestinationCidrBlock']),
            DestinationIpv6CidrBlock: text(p['DestinationIpv6CidrBlock']),
          }),
        ),
      ),
  },

  'AWS::EC2::InternetGateway': {
    createOnly: [],
    create: (p, call) =>
      run(call, async (client) => {
        const out = await client.send(
          new CreateInternetGatewayCommand(tagSpecifications('internet-gateway', p, call.context)),
        );
        const id = out.InternetGateway!.InternetGatewayId!;
        return { physicalId: id, attributes: { InternetGatewayId: id } };
      }),
    update: tagsOnly(idOnly('InternetGatewayId')),
    delete: (id, _p, call) =>
      remove(call, (client) => client.send(new DeleteInternetGatewayCommand({ InternetGatewayId: id }))),
  },

  'AWS::EC2::VPCGatewayAttachment': {
    create: (p, call) =>
      run(call, async (client) => {
        if (p['InternetGatewayId'] === undefined)
          throw handlerFailure(
            'berth supports VPCGatewayAttachment of internet gateways only',
            'InvalidRequest',
          );
        const vpcId = text(p['VpcId'])!;
        await client.send(
          new AttachInternetGatewayCommand({
            InternetGatewayId: text(p['InternetGatewayId']),
            VpcId: vpcId,
          }),
        );
        // The physical ID CloudFormation shows for an internet gateway's attachment: `IGW|<vpc-id>`
        // [UNCONFIRMED: seen in console screenshots; the docs say only "the ID of the attachment"].
        return { physicalId: `IGW|${vpcId}`, attributes: {} };
      }),
    delete: (_id, p, call) =>
      remove(call, (client) =>
        client.send(
          new DetachInternetGatewayCommand({
            InternetGatewayId: text(p['InternetGatewayId']),
            VpcId: text(p['VpcId']),
          }),
        ),
      ),
  },

  'AWS::EC2::SubnetRouteTableAssociation': {
    create: (p, call) =>
      run(call, async (client) => {
        const out = await client.send(
          new AssociateRouteTableCommand({
            SubnetId: text(p['SubnetId']),
            RouteTableId: text(p['RouteTableId']),
          }),
        );
        const id = out.AssociationId!;
        return { physicalId: id, attributes: { Id: id } };
      }),
    delete: (id, _p, call) =>
      remove(call, (client) => client.send(new DisassociateRouteTableCommand({ AssociationId: id }))),
  },

  ...gatewayTypes,
  ...securityGroupTypes,
};

async function setDns(client: EC2Client, id: string, p: Properties, previous: Properties): Promise<void> {
  // ModifyVpcAttribute takes one attribute per call (EC2 API reference).
  for (const name of ['EnableDnsSupport', 'EnableDnsHostnames'] as const)
    if (p[name] !== undefined && changed(p, previous, name))
      await client.send(
        new ModifyVpcAttributeCommand({ VpcId: id, [name]: { Value: String(p[name]) === 'true' } }),
      );
}

async function mapPublicIp(
  client: EC2Client,
  id: string,
  p: Properties,
  previous: Properties,
): Promise<void> {
  if (p['MapPublicIpOnLaunch'] !== undefined && changed(p, previous, 'MapPublicIpOnLaunch'))
    await client.send(
      new ModifySubnetAttributeCommand({
        SubnetId: id,
        MapPublicIpOnLaunch: { Value: String(p['MapPublicIpOnLaunch']) === 'true' },
      }),
    );
}

async function vpcValues(client: EC2Client, id: string): Promise<ProvisionedResource> {
  const vpc = (await client.send(new DescribeVpcsCommand({ VpcIds: [id] }))).Vpcs?.[0];
  const groups = await client.send(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [id] },
        { Name: 'group-name', Values: ['default'] },
      ],
    }),
  );
  const associations = vpc?.CidrBlockAssociationSet ?? [];
  return {
    physicalId: id,
    attributes: {
      VpcId: id,
      CidrBlock: vpc?.CidrBlock ?? '',
      CidrBlockAssociations: associations.map((a) => a.AssociationId ?? ''),
      DefaultSecurityGroup: groups.SecurityGroups?.[0]?.GroupId ?? '',
      Ipv6CidrBlocks: (vpc?.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.Ipv6CidrBlock ?? ''),
    },
  };
}

async function subnetValues(client: EC2Client, id: string): Promise<ProvisionedResource> {
  const subnet = (await client.send(new DescribeSubnetsCommand({ SubnetIds: [id] }))).Subnets?.[0];
  return {
    physicalId: id,
    attributes: {
      SubnetId: id,
      VpcId: subnet?.VpcId ?? '',
      AvailabilityZone: subnet?.AvailabilityZone ?? '',
      AvailabilityZoneId: subnet?.AvailabilityZoneId ?? '',
      CidrBlock: subnet?.CidrBlock ?? '',
      Ipv6CidrBlocks: (subnet?.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.Ipv6CidrBlock ?? ''),
    },
  };
}

function routeInput(p: Properties): { RouteTableId: string } & Record<string, string | undefined> {
  const members = [
    'RouteTableId',
    'DestinationCidrBlock',
    'DestinationIpv6CidrBlock',
    'GatewayId',
    'NatGatewayId',
    'EgressOnlyInternetGatewayId',
    'InstanceId',
    'NetworkInterfaceId',
    'TransitGatewayId',
    'VpcPeeringConnectionId',
    'VpcEndpointId',
  ] as const;
  const given = Object.fromEntries(members.filter((m) => p[m] !== undefined).map((m) => [m, text(p[m])]));
  return { ...given, RouteTableId: text(p['RouteTableId']) ?? '' };
}

// The route's physical ID: `<route-table-id>|<destination>`, the schema's primaryIdentifier [RouteTableId, CidrBlock]
// joined as CloudFormation joins composite identifiers [UNCONFIRMED format]; GetAtt CidrBlock (ref cloudformation-cdk §5.2).
function routeValues(p: Properties): ProvisionedResource {
  const destination = text(p['DestinationCidrBlock']) ?? text(p['DestinationIpv6CidrBlock']) ?? '';
  return { physicalId: `${text(p['RouteTableId'])}|${destination}`, attributes: { CidrBlock: destination } };
}
