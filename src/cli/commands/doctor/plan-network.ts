import { Unknown } from '../../../engines/cloudformation/index.js';
import type { Maybe, NetworkPath, SubnetNode } from '../../../engines/doctor/index.js';
import { array, object, type PlanResource } from './plan-resources.js';

/**
 * A plan's `aws_ecs_service` network configuration with each subnet's default route (route table association →
 * `aws_route` or the table's inline `route` for 0.0.0.0/0 → NAT gateway or internet gateway) and the VPC endpoints of
 * its VPC; ids known only after apply are matched by their reference symbols.
 */
export function networkPath(
  service: PlanResource,
  config: Record<string, unknown>,
  resources: readonly PlanResource[],
  file: string,
): NetworkPath {
  const of = (type: string) => resources.filter((r) => r.type === type);
  const subnets = array(config.subnets).map((id): Maybe<SubnetNode> => {
    const subnet = of('aws_subnet').find(
      (s) => s.attr('id') === id || `(known after apply: ${s.address}.id)` === id,
    );
    if (subnet === undefined)
      return new Unknown(`the subnet ${String(id)} is not in the plan`, service.address);
    const subnetId = subnet.attr('id');
    const association = of('aws_route_table_association').find((a) => a.attr('subnet_id') === subnetId);
    const vpc = subnet.attr('vpc_id');
    const endpoints = of('aws_vpc_endpoint')
      .filter((e) => e.attr('vpc_id') === vpc)
      .map((e) => String(e.attr('service_name')).replace(/^com\.amazonaws\.[^.]+\./, ''));
    return {
      id: String(subnetId),
      defaultRoute: defaultRoute(association?.attr('route_table_id'), resources, service.address),
      endpoints,
    };
  });
  return {
    name: `service ${service.address}`,
    assignPublicIp: config.assign_public_ip === true,
    subnets,
    location: { file, pointer: `${service.address}.network_configuration` },
  };
}

function defaultRoute(
  table: unknown,
  resources: readonly PlanResource[],
  where: string,
): SubnetNode['defaultRoute'] {
  if (table === undefined)
    return new Unknown(
      'the subnet has no route table association in the plan (the VPC main table applies)',
      where,
    );
  const routes = [
    ...resources
      .filter((r) => r.type === 'aws_route' && r.attr('route_table_id') === table)
      .map((r) => ({
        cidr_block: r.attr('destination_cidr_block'),
        nat_gateway_id: r.attr('nat_gateway_id'),
        gateway_id: r.attr('gateway_id'),
      })),
    ...resources
      .filter(
        (r) =>
          r.type === 'aws_route_table' &&
          (r.attr('id') === table || `(known after apply: ${r.address}.id)` === table),
      )
      .flatMap((r) => array(r.attr('route')).map(object)),
  ];
  const route = routes.find((r) => r.cidr_block === '0.0.0.0/0');
  if (route === undefined) return 'none';
  if (typeof route.nat_gateway_id === 'string' && route.nat_gateway_id !== '') return 'nat';
  if (typeof route.gateway_id === 'string' && /igw-|aws_internet_gateway/.test(route.gateway_id))
    return 'internet-gateway';
  return new Unknown('the default route goes to a target berth does not follow', where);
}
