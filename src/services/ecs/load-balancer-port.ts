/**
 * What ECS services need of Elastic Load Balancing (ref ecs-services-elb-logs §5): defined here, by the consumer,
 * implemented by the composition root over the ELBv2 service's target groups (a service never imports another;
 * DESIGN.md). Results may be plain values or promises, whichever the ELB side has at hand.
 */
export interface TargetGroupDescription {
  readonly targetType: 'ip' | 'instance';
  readonly port?: number;
  readonly protocol?: string;
}

export interface Target {
  readonly id: string;
  readonly port: number;
}

export interface TargetHealth extends Target {
  /** ELBv2's TargetHealth.State: initial, healthy, unhealthy, unused, draining, unavailable. */
  readonly state: string;
  readonly reason?: string;
  /** TargetHealth.Description: what ECS quotes in E13. */
  readonly description?: string;
}

export interface LoadBalancerPort {
  /** The target group, when it exists and is attached to a load balancer; undefined otherwise. */
  describe(
    targetGroupArn: string,
  ): TargetGroupDescription | undefined | Promise<TargetGroupDescription | undefined>;
  register(targetGroupArn: string, targets: readonly Target[]): void | Promise<void>;
  /** Resolves once the targets have drained (the deregistration delay, or no open connections). */
  deregister(targetGroupArn: string, targets: readonly Target[]): Promise<void>;
  health(targetGroupArn: string): readonly TargetHealth[] | Promise<readonly TargetHealth[]>;
  /** Calls `listener` whenever a target's state changes; returns the unsubscribe function. */
  onHealthChange(listener: (targetGroupArn: string, target: TargetHealth) => void): () => void;
}
