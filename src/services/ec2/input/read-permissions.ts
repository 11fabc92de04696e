/**
 * Authorize/RevokeSecurityGroupIngress/Egress input: `IpPermissions.N` (IpProtocol, FromPort, ToPort,
 * `IpRanges.N.CidrIp`, `Groups.N.GroupId`), or the older flat form (IpProtocol, FromPort, ToPort, CidrIp) that the
 * AWS CLI's `--protocol/--port/--cidr` sends.
 */
import type { QueryInputReader } from '../../../aws/index.js';
import type { Permission } from '../domain/permissions.js';
import type { RuleChange } from '../security-groups.js';

function readPermission(r: QueryInputReader): Permission {
  return {
    protocol: r.string('IpProtocol', { required: true }),
    fromPort: r.integer('FromPort', { min: -1, max: 65535 }),
    toPort: r.integer('ToPort', { min: -1, max: 65535 }),
    cidrs: (r.list('IpRanges') ?? []).map((item) => {
      const range = r.nested(item, 'IpRanges');
      return { cidrIp: range.string('CidrIp', { required: true }), description: range.string('Description') };
    }),
    groups: (r.list('Groups') ?? []).map((item) => {
      const pair = r.nested(item, 'Groups');
      return { groupId: pair.string('GroupId', { required: true }), description: pair.string('Description') };
    }),
  };
}

export function readRuleChange(r: QueryInputReader): RuleChange {
  const permissions = (r.list('IpPermissions') ?? []).map((item) =>
    readPermission(r.nested(item, 'IpPermissions')),
  );
  const cidrIp = r.string('CidrIp');
  const protocol = r.string('IpProtocol');
  const flat: Permission[] =
    protocol === undefined
      ? []
      : [
          {
            protocol,
            fromPort: r.integer('FromPort', { min: -1, max: 65535 }),
            toPort: r.integer('ToPort', { min: -1, max: 65535 }),
            cidrs: cidrIp === undefined ? [] : [{ cidrIp }],
            groups: [],
          },
        ];
  return {
    groupId: r.string('GroupId'),
    groupName: r.string('GroupName'),
    permissions: [...permissions, ...flat],
    ruleIds: r.strings('SecurityGroupRuleId') ?? [],
  };
}
