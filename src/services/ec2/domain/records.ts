/**
 * EC2's network records as stored, one document per resource, each carrying its scope (account, region) and tags.
 * Records only: nothing here moves a packet (berth's tasks run on the host bridge whatever a subnet says).
 */
import type { ResourceKind } from './ids.js';

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

interface Stored {
  readonly account: string;
  readonly region: string;
  readonly id: string;
  readonly tags: readonly Tag[];
}

export interface VpcRecord extends Stored {
  readonly cidrBlock: string;
  readonly cidrAssociationId: string;
  readonly isDefault: boolean;
  readonly enableDnsSupport: boolean;
  readonly enableDnsHostnames: boolean;
  readonly instanceTenancy: string;
}

export interface SubnetRecord extends Stored {
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly availabilityZone: string;
  readonly defaultForAz: boolean;
  readonly mapPublicIpOnLaunch: boolean;
}

export interface RouteRecord {
  readonly destinationCidrBlock: string;
  /** `local`, an `igw-`, or a `vpce-` id. */
  readonly gatewayId?: string;
  readonly natGatewayId?: string;
  readonly origin: 'CreateRouteTable' | 'CreateRoute';
}

export interface RouteTableAssociationRecord {
  readonly id: string;
  readonly main: boolean;
  readonly subnetId?: string;
}

export interface RouteTableRecord extends Stored {
  readonly vpcId: string;
  readonly routes: readonly RouteRecord[];
  readonly associations: readonly RouteTableAssociationRecord[];
}

export interface InternetGatewayRecord extends Stored {
  readonly vpcId?: string;
}

export interface NatGatewayRecord extends Stored {
  readonly vpcId: string;
  readonly subnetId: string;
  readonly allocationId?: string;
  readonly publicIp?: string;
  readonly privateIp: string;
  readonly connectivityType: 'public' | 'private';
  readonly state: 'available' | 'deleted';
  readonly createTime: string;
  readonly deleteTime?: string;
}

export interface AddressRecord extends Stored {
  readonly publicIp: string;
  /** The NAT gateway that holds the address. */
  readonly natGatewayId?: string;
}

export interface RuleRecord {
  readonly id: string;
  readonly egress: boolean;
  /** `-1` (all), `tcp`, `udp`, `icmp`, or a protocol number. */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrIp?: string;
  readonly groupId?: string;
  readonly description?: string;
}

export interface SecurityGroupRecord extends Stored {
  readonly vpcId: string;
  readonly name: string;
  readonly description: string;
  readonly rules: readonly RuleRecord[];
}

export interface VpcEndpointRecord extends Stored {
  readonly vpcId: string;
  readonly serviceName: string;
  readonly type: 'Interface' | 'Gateway';
  readonly routeTableIds: readonly string[];
  readonly subnetIds: readonly string[];
  readonly groupIds: readonly string[];
  readonly privateDnsEnabled: boolean;
  readonly policyDocument?: string;
  readonly createdAt: string;
}

/** The record type of each resource kind. */
export interface RecordOf {
  vpc: VpcRecord;
  subnet: SubnetRecord;
  'route-table': RouteTableRecord;
  'internet-gateway': InternetGatewayRecord;
  natgateway: NatGatewayRecord;
  'elastic-ip': AddressRecord;
  'security-group': SecurityGroupRecord;
  'vpc-endpoint': VpcEndpointRecord;
}

export type AnyRecord = RecordOf[ResourceKind];
