/**
 * What the data plane serves, as plain data the ELBv2 service derives from its records and the proxy adapter
 * follows (ref ecs-services-elb-logs §4.4, §4.7): listeners with their rules in evaluation order, target groups with
 * their health-check settings and targets. The service hands over a whole model after every change; the proxy
 * reconciles its sockets and checkers with it.
 */
export type ConditionField = 'path-pattern' | 'host-header';

export interface RuleCondition {
  readonly field: ConditionField;
  readonly values: readonly string[];
}

export interface ForwardAction {
  readonly type: 'forward';
  readonly targetGroups: readonly { readonly arn: string; readonly weight: number }[];
}

export interface FixedResponseAction {
  readonly type: 'fixed-response';
  readonly statusCode: string;
  readonly contentType?: string;
  readonly messageBody?: string;
}

export interface RedirectAction {
  readonly type: 'redirect';
  readonly statusCode: 'HTTP_301' | 'HTTP_302';
  readonly protocol?: string;
  readonly port?: string;
  readonly host?: string;
  readonly path?: string;
  readonly query?: string;
}

export type ListenerAction = ForwardAction | FixedResponseAction | RedirectAction;

export interface RoutingRule {
  /** Ascending; the default rule comes last and has no conditions. */
  readonly conditions: readonly RuleCondition[];
  readonly action: ListenerAction;
}

export interface ServedListener {
  readonly arn: string;
  readonly port: number;
  /** The load balancer's DNS name: picks the listener when two load balancers share a port. */
  readonly dnsName: string;
  readonly rules: readonly RoutingRule[];
}

export interface HealthCheckSettings {
  readonly enabled: boolean;
  readonly path: string;
  /** `traffic-port` or a port number as text, as the API gives it. */
  readonly port: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  /** Matcher.HttpCode: `200`, `200,202`, `200-299`. */
  readonly httpCode: string;
}

export interface ServedTarget {
  readonly id: string;
  readonly port: number;
  /** Set while the target drains (epoch ms): it gets no new requests and is gone after this instant. */
  readonly drainingUntil?: number;
}

export interface ServedTargetGroup {
  readonly arn: string;
  readonly targetType: 'ip' | 'instance';
  readonly healthCheck: HealthCheckSettings;
  readonly targets: readonly ServedTarget[];
}

export interface DataPlaneModel {
  readonly listeners: readonly ServedListener[];
  /** Only the target groups some listener forwards to: the others are `unused` and never checked. */
  readonly targetGroups: readonly ServedTargetGroup[];
}

/** Where a target is reached: an ip target at its address, an instance target on this host (`127.0.0.1:port`). */
export function targetAddress(targetType: 'ip' | 'instance', target: { id: string; port: number }) {
  return { host: targetType === 'ip' ? target.id : '127.0.0.1', port: target.port };
}
