/**
 * The network a new AWS account has in each region (VPC User Guide, "Default VPCs"): a default VPC 172.31.0.0/16
 * with DNS support and hostnames, one default /20 subnet per Availability Zone (172.31.0.0/20, 172.31.16.0/20, …)
 * that gives public addresses, an internet gateway, a main route table with the local route and 0.0.0.0/0 to that
 * gateway, and the default security group (all traffic from itself in, everything out). Pure: ids come from `newId`.
 */
import type {
  InternetGatewayRecord,
  RouteTableRecord,
  SecurityGroupRecord,
  SubnetRecord,
  VpcRecord,
} from './records.js';
import { regionZones } from './zones.js';

export const defaultVpcCidr = '172.31.0.0/16';

export interface NetworkScope {
  readonly account: string;
  readonly region: string;
}

export interface DefaultNetwork {
  readonly vpc: VpcRecord;
  readonly subnets: readonly SubnetRecord[];
  readonly internetGateway: InternetGatewayRecord;
  readonly routeTable: RouteTableRecord;
  readonly securityGroup: SecurityGroupRecord;
}

export function defaultNetwork(scope: NetworkScope, newId: (prefix: string) => string): DefaultNetwork {
  const vpc = newVpc(scope, newId, { cidrBlock: defaultVpcCidr, isDefault: true, tags: [] });
  const internetGateway: InternetGatewayRecord = { ...scope, id: newId('igw'), tags: [], vpcId: vpc.id };
  const subnets = regionZones(scope.region).map(
    (zone, index): SubnetRecord => ({
      ...scope,
      id: newId('subnet'),
      tags: [],
      vpcId: vpc.id,
      cidrBlock: `172.31.${index * 16}.0/20`,
      availabilityZone: zone.zoneName,
      defaultForAz: true,
      mapPublicIpOnLaunch: true,
    }),
  );
  const routeTable = mainRouteTable(vpc, newId);
  return {
    vpc,
    subnets,
    internetGateway,
    routeTable: {
      ...routeTable,
      routes: [
        ...routeTable.routes,
        { destinationCidrBlock: '0.0.0.0/0', gatewayId: internetGateway.id, origin: 'CreateRoute' },
      ],
    },
    securityGroup: defaultSecurityGroup(vpc, newId),
  };
}

/** A VPC as CreateVpc makes it: DNS support on, hostnames only for the default VPC. */
export function newVpc(
  scope: NetworkScope,
  newId: (prefix: string) => string,
  input: { cidrBlock: string; isDefault: boolean; tags: VpcRecord['tags']; instanceTenancy?: string },
): VpcRecord {
  return {
    ...scope,
    id: newId('vpc'),
    tags: input.tags,
    cidrBlock: input.cidrBlock,
    cidrAssociationId: newId('vpc-cidr-assoc'),
    isDefault: input.isDefault,
    enableDnsSupport: true,
    enableDnsHostnames: input.isDefault,
    instanceTenancy: input.instanceTenancy ?? 'default',
  };
}

/** Every VPC's main route table: the local route, associated as main. */
export function mainRouteTable(vpc: VpcRecord, newId: (prefix: string) => string): RouteTableRecord {
  return {
    account: vpc.account,
    region: vpc.region,
    id: newId('rtb'),
    tags: [],
    vpcId: vpc.id,
    routes: [{ destinationCidrBlock: vpc.cidrBlock, gatewayId: 'local', origin: 'CreateRouteTable' }],
    associations: [{ id: newId('rtbassoc'), main: true }],
  };
}

/** Every VPC's `default` group: all traffic in from members of the group, everything out. */
export function defaultSecurityGroup(vpc: VpcRecord, newId: (prefix: string) => string): SecurityGroupRecord {
  const id = newId('sg');
  return {
    account: vpc.account,
    region: vpc.region,
    id,
    tags: [],
    vpcId: vpc.id,
    name: 'default',
    description: 'default VPC security group',
    rules: [
      { id: newId('sgr'), egress: false, protocol: '-1', groupId: id },
      { id: newId('sgr'), egress: true, protocol: '-1', cidrIp: '0.0.0.0/0' },
    ],
  };
}
