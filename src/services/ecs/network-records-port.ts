/**
 * What ECS needs of EC2's network records (a task's subnets and security groups must exist, ECS asks EC2 at
 * RunTask/CreateService/UpdateService): defined here, by the consumer, implemented by the composition root over the
 * EC2 service (a service never imports another; DESIGN.md). Absent, ECS checks nothing (tests of ECS alone).
 */
export interface NetworkMember {
  readonly id: string;
  readonly vpcId: string;
}

export interface NetworkRecordsPort {
  /** Those of `ids` that exist in the account and region, with their VPC. */
  subnets(scope: NetworkScope, ids: readonly string[]): readonly NetworkMember[];
  securityGroups(scope: NetworkScope, ids: readonly string[]): readonly NetworkMember[];
}

export interface NetworkScope {
  readonly account: string;
  readonly region: string;
}
