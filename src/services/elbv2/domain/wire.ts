/**
 * ELBv2's wire shapes (ref ecs-services-elb-logs §4.2–§4.4; member names from BC elbv2 service-2.json). Member
 * order follows the model; absent members are left out by the serializer.
 */
import type { ListenerAction, RuleCondition } from '../../../engines/elbv2/index.js';
import type {
  ListenerRecord,
  LoadBalancerRecord,
  RuleRecord,
  StoredAction,
  TargetGroupRecord,
} from './records.js';

/** Route 53's hosted zone of ALBs per region (ref ecs-services-elb-logs §4.2); the API example's value elsewhere. */
const hostedZones: Readonly<Record<string, string>> = {
  'us-east-1': 'Z35SXDOTRQ7X7K',
  'us-west-2': 'Z1H1FL5HABSF5',
  'eu-west-1': 'Z32O12XQLNTSW2',
  'ap-south-1': 'Z11127IXD6XFTK',
};

/** berth records no VPC: one made-up id stands for the default VPC when none is given [INF]. */
export const defaultVpcId = 'vpc-00000000000000000';

export function loadBalancerWire(lb: LoadBalancerRecord) {
  return {
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: hostedZones[lb.region] ?? 'Z2P70J7EXAMPLE',
    CreatedTime: new Date(lb.createdTime),
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: defaultVpcId,
    // berth starts listening when the listener is created: there is nothing to provision [INF].
    State: { Code: 'active' },
    Type: 'application',
    AvailabilityZones: lb.subnets.map((subnet, index) => ({
      ZoneName: `${lb.region}${'abcdef'[index % 6]}`,
      SubnetId: subnet,
    })),
    SecurityGroups: lb.securityGroups,
    IpAddressType: lb.ipAddressType,
  };
}

export function targetGroupWire(tg: TargetGroupRecord, loadBalancerArns: readonly string[]) {
  const hc = tg.healthCheck;
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol,
    Port: tg.port,
    VpcId: tg.vpcId ?? defaultVpcId,
    HealthCheckProtocol: tg.healthCheckProtocol,
    HealthCheckPort: hc.port,
    HealthCheckEnabled: hc.enabled,
    HealthCheckIntervalSeconds: hc.intervalSeconds,
    HealthCheckTimeoutSeconds: hc.timeoutSeconds,
    HealthyThresholdCount: hc.healthyThreshold,
    UnhealthyThresholdCount: hc.unhealthyThreshold,
    HealthCheckPath: hc.path,
    Matcher: { HttpCode: hc.httpCode },
    LoadBalancerArns: loadBalancerArns,
    TargetType: tg.targetType,
    ProtocolVersion: tg.protocolVersion,
    IpAddressType: 'ipv4',
  };
}

export function listenerWire(listener: ListenerRecord) {
  return {
    ListenerArn: listener.arn,
    LoadBalancerArn: listener.loadBalancerArn,
    Port: listener.port,
    Protocol: listener.protocol,
    DefaultActions: listener.defaultActions.map(actionWire),
  };
}

export function ruleWire(rule: RuleRecord) {
  return {
    RuleArn: rule.arn,
    Priority: String(rule.priority),
    Conditions: rule.conditions.map(conditionWire),
    Actions: rule.actions.map(actionWire),
    IsDefault: false,
  };
}

/** The listener's default rule as DescribeRules lists it: priority `default`, no conditions. */
export function defaultRuleWire(listener: ListenerRecord, arn: string) {
  return {
    RuleArn: arn,
    Priority: 'default',
    Conditions: [],
    Actions: listener.defaultActions.map(actionWire),
    IsDefault: true,
  };
}

export function actionWire(stored: StoredAction) {
  const a: ListenerAction = stored.action;
  const base = { Type: a.type, Order: stored.order };
  switch (a.type) {
    case 'forward':
      return {
        ...base,
        TargetGroupArn: a.targetGroups.length === 1 ? a.targetGroups[0]!.arn : undefined,
        ForwardConfig: {
          TargetGroups: a.targetGroups.map((g) => ({ TargetGroupArn: g.arn, Weight: g.weight })),
          TargetGroupStickinessConfig: { Enabled: false },
        },
      };
    case 'fixed-response':
      return {
        ...base,
        FixedResponseConfig: {
          MessageBody: a.messageBody,
          StatusCode: a.statusCode,
          ContentType: a.contentType,
        },
      };
    case 'redirect':
      return {
        ...base,
        RedirectConfig: {
          Protocol: a.protocol ?? '#{protocol}',
          Port: a.port ?? '#{port}',
          Host: a.host ?? '#{host}',
          Path: a.path ?? '/#{path}',
          Query: a.query ?? '#{query}',
          StatusCode: a.statusCode,
        },
      };
  }
}

function conditionWire(condition: RuleCondition) {
  const config = { Values: condition.values };
  return {
    Field: condition.field,
    Values: condition.values,
    ...(condition.field === 'host-header' ? { HostHeaderConfig: config } : { PathPatternConfig: config }),
  };
}

export function attributesWire(attributes: Readonly<Record<string, string>>) {
  return Object.entries(attributes).map(([Key, Value]) => ({ Key, Value }));
}
