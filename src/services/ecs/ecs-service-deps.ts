import type { Authorizer } from '../../aws/index.js';
import type { TaskAgentPort } from '../../engines/ecs/index.js';
import type { Secret } from '../../errors/index.js';
import type { Clock, Persistence, Random, Timer } from '../../ports/index.js';
import type { LoadBalancerPort } from './load-balancer-port.js';
import type { NetworkRecordsPort } from './network-records-port.js';

export interface AssumeRoleRequest {
  readonly roleArn: string;
  /** The task id. */
  readonly sessionName: string;
  /** `aws:SourceAccount`: the task's account. */
  readonly sourceAccount: string;
  /** `aws:SourceArn`: the task's ARN. */
  readonly sourceArn: string;
}

export interface AssumedRole {
  readonly accessKeyId: string;
  readonly secretAccessKey: Secret;
  readonly sessionToken: Secret;
  readonly expiration: Date;
}

/**
 * ECS assuming a role as ecs-tasks.amazonaws.com (wired to STS's assumeRoleForService by the composition root).
 * Refusals are a BerthError with code BERTH_ROLE_NOT_ASSUMABLE (role missing, or its trust policy says no).
 */
export type AssumeExecutionRole = (request: AssumeRoleRequest) => Promise<AssumedRole>;

export interface EcsServiceDeps {
  readonly persistence: Persistence;
  readonly clock: Clock;
  /** The service scheduler's deferred work (throttled launches, reconciles). */
  readonly timer: Timer;
  readonly random: Random;
  readonly authorizer: Authorizer;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly assumeRole: AssumeExecutionRole;
  /** Whether an IAM role exists. RunTask learns a missing execution role from assumeRole's refusal instead. */
  readonly roleExists: (roleArn: string) => boolean;
  /** The agent (engines/ecs/task-protocol.ts). */
  readonly agent: TaskAgentPort;
  /** Elastic Load Balancing's target groups, loaded on first need; absent when berth up has no load balancer. */
  readonly loadBalancers?: () => Promise<LoadBalancerPort>;
  /** EC2's network records, loaded on first need; absent, awsvpc subnets and groups are not checked. */
  readonly networkRecords?: () => Promise<NetworkRecordsPort>;
}
