/** EC2's operations on route tables, routes, internet and NAT gateways and Elastic IPs (see handlers.ts). */
import { type OperationSpec, type QueryInputReader, queryOperation } from '../../aws/index.js';
import type { Ec2Resources } from './ec2-resources.js';
import { readDescribe, readTagSpecifications } from './input/read-common.js';

const required = { required: true } as const;

export function routingHandlers(x: Ec2Resources): Record<string, OperationSpec> {
  return {
    CreateRouteTable: queryOperation(
      (r) => ({ vpcId: r.string('VpcId', required), tags: readTagSpecifications(r, 'route-table') }),
      (ctx, input) => x.routeTables.create(ctx, input),
    ),
    DescribeRouteTables: queryOperation(
      (r) => readDescribe(r, 'RouteTableId'),
      (ctx, input) => x.routeTables.describe(ctx, input),
    ),
    DeleteRouteTable: queryOperation(
      (r) => r.string('RouteTableId', required),
      (ctx, id) => x.routeTables.delete(ctx, id),
    ),
    CreateRoute: queryOperation(readRoute, (ctx, { id, destination, target }) =>
      x.routeTables.createRoute(ctx, id, destination, target),
    ),
    // Terraform's aws_route (and berth's CloudFormation provider) change a route's target in place with it.
    ReplaceRoute: queryOperation(readRoute, (ctx, { id, destination, target }) =>
      x.routeTables.replaceRoute(ctx, id, destination, target),
    ),
    DeleteRoute: queryOperation(
      (r) => ({
        id: r.string('RouteTableId', required),
        destination: r.string('DestinationCidrBlock', required),
      }),
      (ctx, { id, destination }) => x.routeTables.deleteRoute(ctx, id, destination),
    ),
    AssociateRouteTable: queryOperation(
      (r) => ({ id: r.string('RouteTableId', required), subnetId: r.string('SubnetId', required) }),
      (ctx, { id, subnetId }) => x.routeTables.associate(ctx, id, subnetId),
    ),
    DisassociateRouteTable: queryOperation(
      (r) => r.string('AssociationId', required),
      (ctx, id) => x.routeTables.disassociate(ctx, id),
    ),
    CreateInternetGateway: queryOperation(
      (r) => readTagSpecifications(r, 'internet-gateway'),
      (ctx, tags) => x.internetGateways.create(ctx, tags),
    ),
    DescribeInternetGateways: queryOperation(
      (r) => readDescribe(r, 'InternetGatewayId'),
      (ctx, input) => x.internetGateways.describe(ctx, input),
    ),
    DeleteInternetGateway: queryOperation(
      (r) => r.string('InternetGatewayId', required),
      (ctx, id) => x.internetGateways.delete(ctx, id),
    ),
    AttachInternetGateway: queryOperation(
      (r) => ({ id: r.string('InternetGatewayId', required), vpcId: r.string('VpcId', required) }),
      (ctx, { id, vpcId }) => x.internetGateways.attach(ctx, id, vpcId),
    ),
    DetachInternetGateway: queryOperation(
      (r) => ({ id: r.string('InternetGatewayId', required), vpcId: r.string('VpcId', required) }),
      (ctx, { id, vpcId }) => x.internetGateways.detach(ctx, id, vpcId),
    ),
    CreateNatGateway: queryOperation(
      (r) => ({
        subnetId: r.string('SubnetId', required),
        allocationId: r.string('AllocationId'),
        connectivityType: r.choice('ConnectivityType', ['public', 'private'] as const) ?? 'public',
        tags: readTagSpecifications(r, 'natgateway'),
      }),
      (ctx, input) => x.natGateways.create(ctx, input),
    ),
    // DescribeNatGateways names its filters `Filter.N` like the others (its member is `Filter`, not `Filters`).
    DescribeNatGateways: queryOperation(
      (r) => readDescribe(r, 'NatGatewayId'),
      (ctx, input) => x.natGateways.describe(ctx, input),
    ),
    DeleteNatGateway: queryOperation(
      (r) => r.string('NatGatewayId', required),
      (ctx, id) => x.natGateways.delete(ctx, id),
    ),
    AllocateAddress: queryOperation(
      (r) => {
        r.choice('Domain', ['vpc', 'standard'] as const);
        return readTagSpecifications(r, 'elastic-ip');
      },
      (ctx, tags) => x.natGateways.allocate(ctx, tags),
    ),
    ReleaseAddress: queryOperation(
      (r) => r.string('AllocationId', required),
      (ctx, id) => x.natGateways.release(ctx, id),
    ),
    DescribeAddresses: queryOperation(
      (r) => ({ ...readDescribe(r, 'AllocationId'), publicIps: r.strings('PublicIp') ?? [] }),
      (ctx, input) => x.natGateways.describeAddresses(ctx, input),
    ),
  };
}

/** CreateRoute's and ReplaceRoute's members: the table, the destination and the one target. */
function readRoute(r: QueryInputReader) {
  return {
    id: r.string('RouteTableId', required),
    destination: r.string('DestinationCidrBlock', required),
    target: {
      gatewayId: r.string('GatewayId'),
      natGatewayId: r.string('NatGatewayId'),
      vpcEndpointId: r.string('VpcEndpointId'),
    },
  };
}
