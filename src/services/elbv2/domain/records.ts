/**
 * ELBv2's stored documents. Each carries its scope (account, region) and the tags AWS keeps on it. Times are ISO
 * texts; the wire shapes are built in wire.ts.
 */
import type { HealthCheckSettings, ListenerAction, RuleCondition } from '../../../engines/elbv2/index.js';

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

interface Scoped {
  readonly account: string;
  readonly region: string;
  readonly arn: string;
  readonly tags: readonly Tag[];
}

export interface LoadBalancerRecord extends Scoped {
  readonly name: string;
  readonly dnsName: string;
  readonly scheme: 'internet-facing' | 'internal';
  readonly ipAddressType: string;
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
  readonly createdTime: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface RegisteredTarget {
  readonly id: string;
  readonly port: number;
  readonly availabilityZone?: string;
  /** Set by DeregisterTargets: draining until then (ISO), gone after. */
  readonly drainingUntil?: string;
}

export interface TargetGroupRecord extends Scoped {
  readonly name: string;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly protocolVersion: string;
  readonly port: number;
  readonly vpcId?: string;
  readonly targetType: 'ip' | 'instance';
  readonly healthCheckProtocol: 'HTTP' | 'HTTPS';
  readonly healthCheck: HealthCheckSettings;
  readonly attributes: Readonly<Record<string, string>>;
  readonly targets: readonly RegisteredTarget[];
}

export interface ListenerRecord extends Scoped {
  readonly loadBalancerArn: string;
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly defaultActions: readonly StoredAction[];
  /** The id of its default rule's ARN, fixed at creation (DescribeRules lists the default rule). */
  readonly defaultRuleId: string;
  /** Listener attributes set by ModifyListenerAttributes (stored; the data plane does not apply them). */
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface RuleRecord extends Scoped {
  readonly listenerArn: string;
  readonly priority: number;
  readonly conditions: readonly RuleCondition[];
  readonly actions: readonly StoredAction[];
}

/** An action as given (order and all) with its routing meaning. */
export interface StoredAction {
  readonly order?: number;
  readonly action: ListenerAction;
}

/** ALB defaults for instance and ip targets (ref ecs-services-elb-logs §4.3). */
export const healthCheckDefaults: HealthCheckSettings = {
  enabled: true,
  path: '/',
  port: 'traffic-port',
  intervalSeconds: 30,
  timeoutSeconds: 5,
  healthyThreshold: 5,
  unhealthyThreshold: 2,
  httpCode: '200',
};

/** DescribeTargetGroupAttributes as a new ALB target group answers (ref ecs-services-elb-logs §4.3, BC example). */
export const targetGroupAttributeDefaults: Readonly<Record<string, string>> = {
  'deregistration_delay.timeout_seconds': '300',
  'stickiness.enabled': 'false',
  'stickiness.type': 'lb_cookie',
  'stickiness.lb_cookie.duration_seconds': '86400',
  'load_balancing.algorithm.type': 'round_robin',
  'slow_start.duration_seconds': '0',
};

/** DescribeLoadBalancerAttributes for an ALB (ref ecs-services-elb-logs §4.3, `LoadBalancerAttribute.Key`). */
export const loadBalancerAttributeDefaults: Readonly<Record<string, string>> = {
  'idle_timeout.timeout_seconds': '60',
  'deletion_protection.enabled': 'false',
  'routing.http2.enabled': 'true',
  'access_logs.s3.enabled': 'false',
};
