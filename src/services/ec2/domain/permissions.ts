/**
 * Security group rules as IpPermissions describe them: one stored rule per peer (a CIDR or a group) of a
 * permission, the protocol normalised as EC2 stores it (names lower-case, 6/17/1 as tcp/udp/icmp, all as -1).
 */
import type { RuleRecord } from './records.js';

export interface Permission {
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrs: readonly { readonly cidrIp: string; readonly description?: string }[];
  readonly groups: readonly { readonly groupId: string; readonly description?: string }[];
}

const protocolNames: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', all: '-1' };

export function normaliseProtocol(protocol: string): string {
  const lower = protocol.toLowerCase();
  return protocolNames[lower] ?? lower;
}

/** The rules a permission stands for, without ids (the caller gives them). */
export function permissionRules(permission: Permission, egress: boolean): Omit<RuleRecord, 'id'>[] {
  const protocol = normaliseProtocol(permission.protocol);
  const ports =
    protocol === '-1'
      ? {}
      : { fromPort: permission.fromPort, toPort: permission.toPort ?? permission.fromPort };
  return [
    ...permission.cidrs.map((peer) => ({
      egress,
      protocol,
      ...ports,
      cidrIp: peer.cidrIp,
      description: peer.description,
    })),
    ...permission.groups.map((peer) => ({
      egress,
      protocol,
      ...ports,
      groupId: peer.groupId,
      description: peer.description,
    })),
  ];
}

/** Whether two rules allow the same traffic from the same peer (descriptions aside). */
export function sameRule(a: Omit<RuleRecord, 'id'>, b: Omit<RuleRecord, 'id'>): boolean {
  return (
    a.egress === b.egress &&
    a.protocol === b.protocol &&
    a.fromPort === b.fromPort &&
    a.toPort === b.toPort &&
    a.cidrIp === b.cidrIp &&
    a.groupId === b.groupId
  );
}

/** How EC2 names a rule in InvalidPermission.Duplicate: `peer: 0.0.0.0/0, TCP, from port: 80, to port: 80, ALLOW`. */
export function describeRule(rule: Omit<RuleRecord, 'id'>): string {
  const peer = rule.cidrIp ?? rule.groupId ?? '';
  const protocol = rule.protocol === '-1' ? 'ALL' : rule.protocol.toUpperCase();
  const ports = rule.protocol === '-1' ? '' : `, from port: ${rule.fromPort}, to port: ${rule.toPort}`;
  return `peer: ${peer}, ${protocol}${ports}, ALLOW`;
}
