/** EC2's operations on security groups, their rules, and VPC endpoints (see handlers.ts). */
import { type OperationSpec, queryOperation } from '../../aws/index.js';
import type { Ec2Resources } from './ec2-resources.js';
import { readDescribe, readFilters, readPaging, readTagSpecifications } from './input/read-common.js';
import { readRuleChange } from './input/read-permissions.js';

const required = { required: true } as const;

export function groupHandlers(x: Ec2Resources): Record<string, OperationSpec> {
  const rules = (egress: boolean, revoke: boolean) =>
    queryOperation(readRuleChange, (ctx, change) =>
      revoke
        ? x.securityGroups.revokeRules(ctx, egress, change)
        : x.securityGroups.authorizeRules(ctx, egress, change),
    );
  return {
    CreateSecurityGroup: queryOperation(
      (r) => ({
        name: r.string('GroupName', { required: true, max: 255 }),
        description: r.string('GroupDescription', { required: true, max: 255 }),
        vpcId: r.string('VpcId'),
        tags: readTagSpecifications(r, 'security-group'),
      }),
      (ctx, input) => x.securityGroups.create(ctx, input),
    ),
    DescribeSecurityGroups: queryOperation(
      (r) => ({ ...readDescribe(r, 'GroupId'), names: r.strings('GroupName') ?? [] }),
      (ctx, input) => x.securityGroups.describe(ctx, input),
    ),
    DeleteSecurityGroup: queryOperation(
      (r) => ({ groupId: r.string('GroupId'), groupName: r.string('GroupName') }),
      (ctx, ref) => x.securityGroups.delete(ctx, ref),
    ),
    AuthorizeSecurityGroupIngress: rules(false, false),
    AuthorizeSecurityGroupEgress: rules(true, false),
    RevokeSecurityGroupIngress: rules(false, true),
    RevokeSecurityGroupEgress: rules(true, true),
    DescribeSecurityGroupRules: queryOperation(
      (r) => ({ ruleIds: r.strings('SecurityGroupRuleId') ?? [], filters: readFilters(r), ...readPaging(r) }),
      (ctx, input) => x.securityGroups.describeRules(ctx, input),
    ),
    CreateVpcEndpoint: queryOperation(
      (r) => ({
        vpcId: r.string('VpcId', required),
        serviceName: r.string('ServiceName', required),
        type: r.choice('VpcEndpointType', ['Interface', 'Gateway'] as const) ?? 'Gateway',
        routeTableIds: r.strings('RouteTableId') ?? [],
        subnetIds: r.strings('SubnetId') ?? [],
        groupIds: r.strings('SecurityGroupId') ?? [],
        privateDnsEnabled: r.boolean('PrivateDnsEnabled'),
        policyDocument: r.string('PolicyDocument'),
        tags: readTagSpecifications(r, 'vpc-endpoint'),
      }),
      (ctx, input) => x.vpcEndpoints.create(ctx, input),
    ),
    DescribeVpcEndpoints: queryOperation(
      (r) => readDescribe(r, 'VpcEndpointId'),
      (ctx, input) => x.vpcEndpoints.describe(ctx, input),
    ),
    DeleteVpcEndpoints: queryOperation(
      (r) => r.strings('VpcEndpointId', required),
      (ctx, ids) => x.vpcEndpoints.delete(ctx, ids),
    ),
  };
}
