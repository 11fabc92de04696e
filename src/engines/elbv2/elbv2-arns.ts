import { Buffer } from 'node:buffer';
/**
 * ELBv2's ARNs and DNS names as AWS forms them (ref ecs-services-elb-logs §4.2): `loadbalancer/app/<name>/<16 hex>`,
 * `targetgroup/<name>/<16 hex>`, `listener/app/<lb>/<lbid>/<16 hex>`, `listener-rule/app/<lb>/<lbid>/<lid>/<16 hex>`.
 * The DNS name keeps AWS's `[internal-]<name>-<digits>.<region>.` form but ends in `elb.localhost` instead of
 * `elb.amazonaws.com`: every `*.localhost` name resolves to loopback (RFC 6761 §6.3; glibc's resolver, curl and the
 * browsers do it with no configuration), so `curl http://<DNSName>:<port>/` reaches berth's listener as is.
 */
export const elbv2Arns = {
  loadBalancer: (partition: string, region: string, account: string, name: string, id: string) =>
    `arn:${partition}:elasticloadbalancing:${region}:${account}:loadbalancer/app/${name}/${id}`,
  targetGroup: (partition: string, region: string, account: string, name: string, id: string) =>
    `arn:${partition}:elasticloadbalancing:${region}:${account}:targetgroup/${name}/${id}`,
  listener: (loadBalancerArn: string, id: string) =>
    `${loadBalancerArn.replace(':loadbalancer/', ':listener/')}/${id}`,
  rule: (listenerArn: string, id: string) => `${listenerArn.replace(':listener/', ':listener-rule/')}/${id}`,
} as const;

export type Elbv2ResourceKind = 'loadbalancer' | 'targetgroup' | 'listener' | 'listener-rule';

export interface ParsedElbv2Arn {
  readonly kind: Elbv2ResourceKind;
  readonly account: string;
  readonly region: string;
  /** The resource path after `<kind>/` (`app/<name>/<id>`, `<name>/<id>` …): the resource's stored key. */
  readonly path: string;
}

const arnPattern =
  /^arn:[a-z-]+:elasticloadbalancing:([a-z0-9-]+):(\d{12}):(loadbalancer|targetgroup|listener|listener-rule)\/(.+)$/;

/** The parts of an ELBv2 ARN, or undefined when `arn` is not one. */
export function parseElbv2Arn(arn: string): ParsedElbv2Arn | undefined {
  const match = arnPattern.exec(arn);
  if (!match) return undefined;
  return { region: match[1]!, account: match[2]!, kind: match[3] as Elbv2ResourceKind, path: match[4]! };
}

/** 16 lowercase hex digits from 8 random bytes: the id AWS appends to every ELBv2 ARN. */
export function elbv2Id(bytes: Uint8Array): string {
  return Buffer.from(bytes.subarray(0, 8)).toString('hex');
}

/** `[internal-]<name>-<digits>.<region>.elb.localhost`; `digits` as AWS's, from 4 random bytes. */
export function elbv2DnsName(name: string, scheme: string, region: string, bytes: Uint8Array): string {
  const digits = Buffer.from(bytes.subarray(0, 4)).readUInt32BE(0) % 2_000_000_000;
  const prefix = scheme === 'internal' ? 'internal-' : '';
  return `${prefix}${name}-${digits}.${region}.elb.localhost`.toLowerCase();
}
