/**
 * EC2's operations on VPCs, subnets, tags and the account by Query Action name: each reads its input (EC2's Query
 * names: `VpcId.N`, `Filter.N`, `TagSpecification.N`), then acts. Routing and gateways: handlers-routing.ts;
 * security groups and endpoints: handlers-groups.ts.
 */
import { type OperationSpec, queryOperation, readQueryTags } from '../../aws/index.js';
import type { Ec2Resources } from './ec2-resources.js';
import {
  readAttributeBoolean,
  readDescribe,
  readFilters,
  readTagSpecifications,
} from './input/read-common.js';

const vpcAttributes = ['enableDnsSupport', 'enableDnsHostnames', 'enableNetworkAddressUsageMetrics'] as const;

export function ec2Handlers(x: Ec2Resources): Record<string, OperationSpec> {
  return {
    DescribeAvailabilityZones: queryOperation(
      (r) => ({
        names: r.strings('ZoneName') ?? [],
        ids: r.strings('ZoneId') ?? [],
        filters: readFilters(r),
      }),
      (ctx, input) => x.account.zones(ctx, input),
    ),
    DescribeRegions: queryOperation(
      (r) => ({ names: r.strings('RegionName') ?? [], filters: readFilters(r) }),
      (ctx, input) => x.account.regions(ctx, input),
    ),
    DescribeAccountAttributes: queryOperation(
      (r) => r.strings('AttributeName') ?? [],
      (ctx, names) => x.account.attributes(ctx, names),
    ),
    DescribeNetworkAcls: queryOperation(
      (r) => ({ ids: r.strings('NetworkAclId') ?? [], filters: readFilters(r) }),
      (ctx, input) => x.account.networkAcls(ctx, input),
    ),
    // berth keeps no VPN gateways; the CDK's Vpc.fromLookup asks for them (ref cloudformation-cdk §1.4).
    DescribeVpnGateways: queryOperation(
      (r) => ({ ids: r.strings('VpnGatewayId') ?? [], filters: readFilters(r) }),
      async (ctx) => {
        await x.context.authorize(ctx);
        return { vpnGatewaySet: [] };
      },
    ),
    DescribeNetworkInterfaces: queryOperation(
      (r) => readDescribe(r, 'NetworkInterfaceId'),
      (ctx, input) => x.networkInterfaces.describe(ctx, input),
    ),
    CreateVpc: queryOperation(
      (r) => ({
        cidrBlock: r.string('CidrBlock', { required: true }),
        tenancy: r.choice('InstanceTenancy', ['default', 'dedicated', 'host'] as const),
        tags: readTagSpecifications(r, 'vpc'),
      }),
      (ctx, input) => x.vpcs.create(ctx, input),
    ),
    DescribeVpcs: queryOperation(
      (r) => readDescribe(r, 'VpcId'),
      (ctx, input) => x.vpcs.describe(ctx, input),
    ),
    DeleteVpc: queryOperation(
      (r) => r.string('VpcId', { required: true }),
      (ctx, id) => x.vpcs.delete(ctx, id),
    ),
    ModifyVpcAttribute: queryOperation(
      (r) => ({
        id: r.string('VpcId', { required: true }),
        changes: Object.fromEntries(
          vpcAttributes.map((name) => [
            name,
            readAttributeBoolean(r, name.charAt(0).toUpperCase() + name.slice(1)),
          ]),
        ),
      }),
      (ctx, { id, changes }) => x.vpcs.modifyAttribute(ctx, id, changes),
    ),
    DescribeVpcAttribute: queryOperation(
      (r) => ({
        id: r.string('VpcId', { required: true }),
        attribute: r.choice('Attribute', vpcAttributes, { required: true }),
      }),
      (ctx, { id, attribute }) => x.vpcs.describeAttribute(ctx, id, attribute),
    ),
    CreateSubnet: queryOperation(
      (r) => ({
        vpcId: r.string('VpcId', { required: true }),
        cidrBlock: r.string('CidrBlock', { required: true }),
        availabilityZone: r.string('AvailabilityZone'),
        availabilityZoneId: r.string('AvailabilityZoneId'),
        tags: readTagSpecifications(r, 'subnet'),
      }),
      (ctx, input) => x.subnets.create(ctx, input),
    ),
    DescribeSubnets: queryOperation(
      (r) => readDescribe(r, 'SubnetId'),
      (ctx, input) => x.subnets.describe(ctx, input),
    ),
    DeleteSubnet: queryOperation(
      (r) => r.string('SubnetId', { required: true }),
      (ctx, id) => x.subnets.delete(ctx, id),
    ),
    ModifySubnetAttribute: queryOperation(
      (r) => ({
        id: r.string('SubnetId', { required: true }),
        map: readAttributeBoolean(r, 'MapPublicIpOnLaunch'),
      }),
      (ctx, { id, map }) => x.subnets.modifyAttribute(ctx, id, map),
    ),
    CreateTags: queryOperation(
      (r) => ({
        ids: r.strings('ResourceId', { required: true }),
        tags: readQueryTags(r, 'Tag', { required: true }),
      }),
      (ctx, { ids, tags }) => x.tags.create(ctx, ids, tags),
    ),
    DeleteTags: queryOperation(
      (r) => ({
        ids: r.strings('ResourceId', { required: true }),
        tags: (r.list('Tag') ?? []).map((item) => {
          const tag = r.nested(item, 'Tag');
          return { Key: tag.string('Key', { required: true }), Value: tag.string('Value') };
        }),
      }),
      (ctx, { ids, tags }) => x.tags.delete(ctx, ids, tags),
    ),
    DescribeTags: queryOperation(
      (r) => readDescribe(r, 'ResourceId'),
      (ctx, input) => x.tags.describe(ctx, input),
    ),
  };
}
