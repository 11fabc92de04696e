import { type QueryServiceDefinition, withOperations } from '../../aws/index.js';
import type { Scope } from '../../ports/index.js';
import type { Ec2Deps } from './ec2-context.js';
import { Ec2Resources } from './ec2-resources.js';
import { ec2Routing } from './ec2-routing.js';
import { ec2Handlers } from './handlers.js';
import { groupHandlers } from './handlers-groups.js';
import { routingHandlers } from './handlers-routing.js';

/** A subnet or security group as another part sees it without the API: its id and its VPC. */
export interface NetworkMember {
  readonly id: string;
  readonly vpcId: string;
}

/**
 * EC2's records as another part reaches them (ECS checks a task's subnets and security groups): those of `ids` that
 * exist in the scope (whose default network is made first, as the API would), in the order given.
 */
export interface Ec2NetworkRecords {
  subnets(scope: Required<Scope>, ids: readonly string[]): NetworkMember[];
  securityGroups(scope: Required<Scope>, ids: readonly string[]): NetworkMember[];
}

export interface Ec2Service {
  readonly definition: QueryServiceDefinition;
  readonly records: Ec2NetworkRecords;
}

/**
 * EC2's network records (its Query dialect, Version 2016-11-15): VPCs, subnets, route tables, gateways, Elastic
 * IPs, security groups and VPC endpoints as a new account has them and IaC makes them. Records only, no packets.
 */
export function createEc2Service(deps: Ec2Deps): Ec2Service {
  const x = new Ec2Resources(deps);
  const members = (kind: 'subnet' | 'security-group') => (scope: Required<Scope>, ids: readonly string[]) => {
    x.context.ensureDefaultNetwork(scope);
    return ids.flatMap((id) => {
      const record = x.context.store.get(kind, scope, id);
      return record ? [{ id: record.id, vpcId: record.vpcId }] : [];
    });
  };
  return {
    definition: withOperations(ec2Routing, { ...ec2Handlers(x), ...routingHandlers(x), ...groupHandlers(x) }),
    records: { subnets: members('subnet'), securityGroups: members('security-group') },
  };
}
