import {
  type CloudFormationTemplate,
  type TemplateValue,
  Unknown,
} from '../../../engines/cloudformation/index.js';
import type { Maybe, NetworkPath, SubnetNode } from '../../../engines/doctor/index.js';
import { list, ofType, record, text } from './template-values.js';

export interface TemplateNetwork {
  /** The task definition's Ref (its ARN) that the service runs. */
  readonly taskDefinition: TemplateValue;
  readonly path: NetworkPath;
}

/**
 * Each AWS::ECS::Service's awsvpc configuration with its subnets' default routes (SubnetRouteTableAssociation →
 * Route 0.0.0.0/0 → NatGatewayId or an igw- GatewayId) and the VPC endpoints of the subnet's VPC (ref
 * cloudformation-cdk §5.3). A subnet that is not in the template is Unknown.
 */
export function templateNetworks(template: CloudFormationTemplate, file: string): TemplateNetwork[] {
  return ofType(template.resources, 'AWS::ECS::Service').flatMap((service) => {
    const config = record(record(service.properties.NetworkConfiguration).AwsvpcConfiguration);
    if (config.Subnets === undefined) return [];
    const assign = text(config.AssignPublicIp);
    const pointer = `${service.pointer}/Properties/NetworkConfiguration`;
    return [
      {
        taskDefinition: service.properties.TaskDefinition ?? null,
        path: {
          name: `service ${service.logicalId}`,
          assignPublicIp: assign instanceof Unknown ? assign : assign === 'ENABLED',
          subnets: list(config.Subnets).map((id) => subnetNode(template, id, pointer)),
          location: { file, pointer },
        },
      },
    ];
  });
}

function subnetNode(template: CloudFormationTemplate, id: TemplateValue, pointer: string): Maybe<SubnetNode> {
  if (id instanceof Unknown) return id;
  const subnet = ofType(template.resources, 'AWS::EC2::Subnet').find((s) => template.ref(s.logicalId) === id);
  if (subnet === undefined) return new Unknown(`the subnet ${String(id)} is not in the template`, pointer);
  const association = ofType(template.resources, 'AWS::EC2::SubnetRouteTableAssociation').find(
    (a) => a.properties.SubnetId === id,
  );
  const vpc = subnet.properties.VpcId;
  const endpoints = ofType(template.resources, 'AWS::EC2::VPCEndpoint')
    .filter((e) => e.properties.VpcId === vpc)
    .map((e) => text(e.properties.ServiceName))
    .filter((name): name is string => typeof name === 'string')
    .map((name) => name.replace(/^com\.amazonaws\.[^.]+\./, ''));
  return {
    id: String(id),
    defaultRoute: defaultRoute(template, association?.properties.RouteTableId, pointer),
    endpoints,
  };
}

function defaultRoute(
  template: CloudFormationTemplate,
  table: TemplateValue | undefined,
  pointer: string,
): Maybe<'nat' | 'internet-gateway' | 'none'> {
  if (table === undefined)
    return new Unknown(
      'the subnet has no route table association in the template (the VPC main table applies)',
      pointer,
    );
  if (table instanceof Unknown) return table;
  const route = ofType(template.resources, 'AWS::EC2::Route').find(
    (r) => r.properties.RouteTableId === table && r.properties.DestinationCidrBlock === '0.0.0.0/0',
  );
  if (route === undefined) return 'none';
  const p = route.properties;
  if (p.NatGatewayId !== undefined) return p.NatGatewayId instanceof Unknown ? p.NatGatewayId : 'nat';
  const gateway = text(p.GatewayId);
  if (gateway instanceof Unknown) return gateway;
  if (gateway?.startsWith('igw-')) return 'internet-gateway';
  return new Unknown(
    'the default route goes to a target berth does not follow (transit gateway, instance, peering)',
    pointer,
  );
}
