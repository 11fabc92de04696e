// C13 live: a service's subnets as EC2 describes them — where each one's 0.0.0.0/0 goes (its own route table, else
// its VPC's main one) and which VPC endpoints serve it — read with DescribeSubnets, DescribeRouteTables and
// DescribeVpcEndpoints, the same calls against `berth up` and against AWS.
import type { EC2Client, RouteTable, VpcEndpoint } from '@aws-sdk/client-ec2';
import { Unknown } from '../../../engines/cloudformation/index.js';
import type { Maybe, SubnetNode } from '../../../engines/doctor/index.js';

type Ec2Sdk = typeof import('@aws-sdk/client-ec2');

/** Each subnet's node, or Unknown (with why) when EC2 does not know it or refuses to say. */
export async function liveSubnets(
  ec2: EC2Client,
  sdk: Ec2Sdk,
  subnetIds: readonly string[],
  where: string,
): Promise<Maybe<SubnetNode>[]> {
  return Promise.all(
    subnetIds.map(async (id) => {
      try {
        return await liveSubnet(ec2, sdk, id, where);
      } catch (error) {
        const e = error as { name?: string; message?: string };
        return new Unknown(`EC2 could not describe subnet ${id}: ${e.name}: ${e.message}`, where);
      }
    }),
  );
}

async function liveSubnet(
  ec2: EC2Client,
  sdk: Ec2Sdk,
  id: string,
  where: string,
): Promise<Maybe<SubnetNode>> {
  const { Subnets } = await ec2.send(new sdk.DescribeSubnetsCommand({ SubnetIds: [id] }));
  const vpcId = Subnets?.[0]?.VpcId;
  if (vpcId === undefined) return new Unknown(`EC2 does not know subnet ${id}`, where);
  const filter = (Name: string, value: string) => ({ Name, Values: [value] });
  const [own, main, endpoints] = await Promise.all([
    ec2.send(new sdk.DescribeRouteTablesCommand({ Filters: [filter('association.subnet-id', id)] })),
    ec2.send(
      new sdk.DescribeRouteTablesCommand({
        Filters: [filter('vpc-id', vpcId), filter('association.main', 'true')],
      }),
    ),
    ec2.send(new sdk.DescribeVpcEndpointsCommand({ Filters: [filter('vpc-id', vpcId)] })),
  ]);
  const table = own.RouteTables?.[0] ?? main.RouteTables?.[0];
  return {
    id,
    defaultRoute: table ? defaultRoute(table) : 'none',
    endpoints: (endpoints.VpcEndpoints ?? [])
      .filter((endpoint) => serves(endpoint, table))
      .map((endpoint) => (endpoint.ServiceName ?? '').replace(/^com\.amazonaws\.[^.]+\./, '')),
  };
}

/** Where 0.0.0.0/0 goes: a NAT gateway, an internet gateway, or nowhere. */
function defaultRoute(table: RouteTable): SubnetNode['defaultRoute'] {
  const route = table.Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0');
  if (route?.NatGatewayId) return 'nat';
  if (route?.GatewayId?.startsWith('igw-')) return 'internet-gateway';
  return 'none';
}

/**
 * Interface endpoints serve the whole VPC (their private DNS names resolve there); a gateway endpoint (S3) only the
 * subnets whose route table it is attached to.
 */
function serves(endpoint: VpcEndpoint, table: RouteTable | undefined): boolean {
  if (endpoint.State !== undefined && endpoint.State.toLowerCase() !== 'available') return false;
  if (endpoint.VpcEndpointType === 'Gateway')
    return table?.RouteTableId !== undefined && (endpoint.RouteTableIds ?? []).includes(table.RouteTableId);
  return true;
}
