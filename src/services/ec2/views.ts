/**
 * Records as EC2 answers them: the members under their XML names (`vpcId`, `tagSet`, `ipPermissionsEgress` …, as the
 * EC2 model's `xmlName`s), lists as `<item>`s.
 */
import { readCidr, usableAddresses } from './domain/cidr.js';
import type {
  AddressRecord,
  InternetGatewayRecord,
  NatGatewayRecord,
  RouteTableRecord,
  RuleRecord,
  SecurityGroupRecord,
  SubnetRecord,
  Tag,
  VpcEndpointRecord,
  VpcRecord,
} from './domain/records.js';
import { regionZones } from './domain/zones.js';

export const tagSet = (tags: readonly Tag[]) => tags.map((tag) => ({ key: tag.Key, value: tag.Value }));

export function vpcView(vpc: VpcRecord) {
  return {
    vpcId: vpc.id,
    ownerId: vpc.account,
    state: 'available',
    cidrBlock: vpc.cidrBlock,
    cidrBlockAssociationSet: [
      {
        associationId: vpc.cidrAssociationId,
        cidrBlock: vpc.cidrBlock,
        cidrBlockState: { state: 'associated' },
      },
    ],
    dhcpOptionsId: `dopt-${vpc.id.slice(4)}`,
    instanceTenancy: vpc.instanceTenancy,
    isDefault: vpc.isDefault,
    tagSet: tagSet(vpc.tags),
  };
}

export function subnetView(subnet: SubnetRecord, arn: string) {
  const zone = regionZones(subnet.region).find((z) => z.zoneName === subnet.availabilityZone);
  return {
    subnetId: subnet.id,
    subnetArn: arn,
    vpcId: subnet.vpcId,
    ownerId: subnet.account,
    state: 'available',
    cidrBlock: subnet.cidrBlock,
    availableIpAddressCount: usableAddresses(readCidr(subnet.cidrBlock)!),
    availabilityZone: subnet.availabilityZone,
    availabilityZoneId: zone?.zoneId,
    defaultForAz: subnet.defaultForAz,
    mapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch,
    assignIpv6AddressOnCreation: false,
    ipv6CidrBlockAssociationSet: [],
    tagSet: tagSet(subnet.tags),
  };
}

export function routeTableView(table: RouteTableRecord) {
  return {
    routeTableId: table.id,
    vpcId: table.vpcId,
    ownerId: table.account,
    routeSet: table.routes.map((route) => ({
      destinationCidrBlock: route.destinationCidrBlock,
      gatewayId: route.gatewayId,
      natGatewayId: route.natGatewayId,
      state: 'active',
      origin: route.origin,
    })),
    associationSet: table.associations.map((association) => ({
      routeTableAssociationId: association.id,
      routeTableId: table.id,
      subnetId: association.subnetId,
      main: association.main,
      associationState: { state: 'associated' },
    })),
    propagatingVgwSet: [],
    tagSet: tagSet(table.tags),
  };
}

export function internetGatewayView(gateway: InternetGatewayRecord) {
  return {
    internetGatewayId: gateway.id,
    ownerId: gateway.account,
    attachmentSet: gateway.vpcId === undefined ? [] : [{ vpcId: gateway.vpcId, state: 'available' }],
    tagSet: tagSet(gateway.tags),
  };
}

export function natGatewayView(nat: NatGatewayRecord) {
  return {
    natGatewayId: nat.id,
    subnetId: nat.subnetId,
    vpcId: nat.vpcId,
    state: nat.state,
    connectivityType: nat.connectivityType,
    createTime: new Date(nat.createTime),
    deleteTime: nat.deleteTime === undefined ? undefined : new Date(nat.deleteTime),
    natGatewayAddressSet: [
      {
        allocationId: nat.allocationId,
        publicIp: nat.publicIp,
        privateIp: nat.privateIp,
        networkInterfaceId: `eni-${nat.id.slice(4)}`,
        isPrimary: true,
        status: nat.state === 'available' ? 'succeeded' : 'disassociated',
      },
    ],
    tagSet: tagSet(nat.tags),
  };
}

export function addressView(address: AddressRecord) {
  return {
    allocationId: address.id,
    publicIp: address.publicIp,
    domain: 'vpc',
    publicIpv4Pool: 'amazon',
    networkBorderGroup: address.region,
    associationId: address.natGatewayId === undefined ? undefined : `eipassoc-${address.id.slice(9)}`,
    networkInterfaceId:
      address.natGatewayId === undefined ? undefined : `eni-${address.natGatewayId.slice(4)}`,
    tagSet: tagSet(address.tags),
  };
}

function permissionView(rule: RuleRecord, owner: string) {
  const ports = rule.protocol === '-1' ? {} : { fromPort: rule.fromPort, toPort: rule.toPort };
  return {
    ipProtocol: rule.protocol,
    ...ports,
    groups:
      rule.groupId === undefined
        ? []
        : [{ userId: owner, groupId: rule.groupId, description: rule.description }],
    ipRanges: rule.cidrIp === undefined ? [] : [{ cidrIp: rule.cidrIp, description: rule.description }],
    ipv6Ranges: [],
    prefixListIds: [],
  };
}

export function securityGroupView(group: SecurityGroupRecord, arn: string) {
  const of = (egress: boolean) =>
    group.rules.filter((rule) => rule.egress === egress).map((rule) => permissionView(rule, group.account));
  return {
    groupId: group.id,
    groupName: group.name,
    groupDescription: group.description,
    vpcId: group.vpcId,
    ownerId: group.account,
    securityGroupArn: arn,
    ipPermissions: of(false),
    ipPermissionsEgress: of(true),
    tagSet: tagSet(group.tags),
  };
}

export function ruleView(group: SecurityGroupRecord, rule: RuleRecord, arn: string) {
  const ports =
    rule.protocol === '-1' ? { fromPort: -1, toPort: -1 } : { fromPort: rule.fromPort, toPort: rule.toPort };
  return {
    securityGroupRuleId: rule.id,
    securityGroupRuleArn: arn,
    groupId: group.id,
    groupOwnerId: group.account,
    isEgress: rule.egress,
    ipProtocol: rule.protocol,
    ...ports,
    cidrIpv4: rule.cidrIp,
    referencedGroupInfo:
      rule.groupId === undefined ? undefined : { groupId: rule.groupId, userId: group.account },
    description: rule.description,
    tagSet: [],
  };
}

export function vpcEndpointView(endpoint: VpcEndpointRecord, groupNames: ReadonlyMap<string, string>) {
  return {
    vpcEndpointId: endpoint.id,
    vpcEndpointType: endpoint.type,
    vpcId: endpoint.vpcId,
    serviceName: endpoint.serviceName,
    state: 'available',
    policyDocument: endpoint.policyDocument,
    routeTableIdSet: endpoint.routeTableIds,
    subnetIdSet: endpoint.subnetIds,
    groupSet: endpoint.groupIds.map((groupId) => ({ groupId, groupName: groupNames.get(groupId) })),
    ipAddressType: 'ipv4',
    privateDnsEnabled: endpoint.privateDnsEnabled,
    requesterManaged: false,
    networkInterfaceIdSet: [],
    dnsEntrySet: [],
    creationTimestamp: new Date(endpoint.createdAt),
    ownerId: endpoint.account,
    tagSet: tagSet(endpoint.tags),
  };
}
