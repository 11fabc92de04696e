import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  type EC2Client,
  type IpPermission,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { integer, remove, retagEc2, run, tagSpecifications, text } from './ec2-calls.js';
import { isNotFound } from './handler-failure.js';
import { nameOrGenerated } from './physical-names.js';
import type { Properties, ResourceProvider } from './provider.js';

// AWS::EC2::SecurityGroup with its inline rules, and the standalone SecurityGroupIngress/Egress rules (ref
// cloudformation-cdk §5.3): a rule's flat CloudFormation members become one IpPermission. A group's inline
// SecurityGroupEgress replaces the allow-all egress rule EC2 gives every new VPC group (as Terraform revokes it,
// ref cloudformation-cdk §7). Ref of a group is its ID; GetAtt GroupId, VpcId; a standalone rule's Ref and Id are
// the rule's ID (sgr-…).

const allowAllEgress: IpPermission = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };

export const securityGroupTypes: Readonly<Record<string, ResourceProvider>> = {
  'AWS::EC2::SecurityGroup': {
    createOnly: ['GroupName', 'GroupDescription', 'VpcId'],
    create: (p, call) =>
      run(call, async (client) => {
        const out = await client.send(
          new CreateSecurityGroupCommand({
            GroupName: nameOrGenerated(p['GroupName'], call, 255),
            Description: text(p['GroupDescription']),
            VpcId: text(p['VpcId']),
            ...tagSpecifications('security-group', p, call.context),
          }),
        );
        const id = out.GroupId!;
        await authorize(client, id, 'ingress', rules(p['SecurityGroupIngress'], 'ingress'));
        if (p['SecurityGroupEgress'] !== undefined) {
          await revoke(client, id, 'egress', [allowAllEgress]);
          await authorize(client, id, 'egress', rules(p['SecurityGroupEgress'], 'egress'));
        }
        return groupValues(id, p);
      }),
    update: (id, p, previous, call) =>
      run(call, async (client) => {
        for (const direction of ['ingress', 'egress'] as const) {
          const member = direction === 'ingress' ? 'SecurityGroupIngress' : 'SecurityGroupEgress';
          const before = previousRules(previous[member], direction);
          const now = rules(p[member] ?? (direction === 'egress' ? undefined : []), direction);
          const key = (r: IpPermission) => JSON.stringify(r);
          await revoke(
            client,
            id,
            direction,
            before.filter((r) => !now.some((n) => key(n) === key(r))),
          );
          await authorize(
            client,
            id,
            direction,
            now.filter((r) => !before.some((b) => key(b) === key(r))),
          );
        }
        await retagEc2(client, id, p, previous, call.context);
        return groupValues(id, p);
      }),
    delete: (id, _p, call) =>
      remove(call, (client) => client.send(new DeleteSecurityGroupCommand({ GroupId: id }))),
  },
  'AWS::EC2::SecurityGroupIngress': standaloneRule('ingress'),
  'AWS::EC2::SecurityGroupEgress': standaloneRule('egress'),
};

type Direction = 'ingress' | 'egress';

function standaloneRule(direction: Direction): ResourceProvider {
  return {
    create: (p, call) =>
      run(call, async (client) => {
        const groupId = text(p['GroupId'])!;
        const made = await authorize(client, groupId, direction, [permission(p, direction)]);
        // The rule ID is the physical ID (schema primaryIdentifier Id, ref cloudformation-cdk §5.2).
        const id =
          made[0]?.SecurityGroupRuleId ??
          `${groupId}-${direction}-${JSON.stringify(permission(p, direction))}`;
        return { physicalId: id, attributes: { Id: id } };
      }),
    delete: (_id, p, call) =>
      remove(call, (client) => revoke(client, text(p['GroupId'])!, direction, [permission(p, direction)])),
  };
}

/** One CloudFormation rule (flat members) as the IpPermission the EC2 API takes. */
export function permission(rule: Properties, direction: Direction): IpPermission {
  const peerGroup =
    direction === 'ingress' ? rule['SourceSecurityGroupId'] : rule['DestinationSecurityGroupId'];
  const prefixList = direction === 'ingress' ? rule['SourcePrefixListId'] : rule['DestinationPrefixListId'];
  const description = text(rule['Description']);
  const described = description === undefined ? {} : { Description: description };
  return {
    IpProtocol: text(rule['IpProtocol']),
    ...(rule['FromPort'] !== undefined ? { FromPort: integer(rule['FromPort']) } : {}),
    ...(rule['ToPort'] !== undefined ? { ToPort: integer(rule['ToPort']) } : {}),
    ...(rule['CidrIp'] !== undefined ? { IpRanges: [{ CidrIp: text(rule['CidrIp']), ...described }] } : {}),
    ...(rule['CidrIpv6'] !== undefined
      ? { Ipv6Ranges: [{ CidrIpv6: text(rule['CidrIpv6']), ...described }] }
      : {}),
    ...(peerGroup !== undefined
      ? {
          UserIdGroupPairs: [
            {
              GroupId: text(peerGroup),
              ...(rule['SourceSecurityGroupOwnerId'] !== undefined
                ? { UserId: text(rule['SourceSecurityGroupOwnerId']) }
                : {}),
              ...described,
            },
          ],
        }
      : {}),
    ...(prefixList !== undefined
      ? { PrefixListIds: [{ PrefixListId: text(prefixList), ...described }] }
      : {}),
  };
}

function rules(value: unknown, direction: Direction): IpPermission[] {
  return Array.isArray(value) ? (value as Properties[]).map((rule) => permission(rule, direction)) : [];
}

// Before the first inline egress list the group had EC2's allow-all egress rule.
function previousRules(value: unknown, direction: Direction): IpPermission[] {
  return value === undefined && direction === 'egress' ? [allowAllEgress] : rules(value, direction);
}

async function authorize(
  client: EC2Client,
  groupId: string,
  direction: Direction,
  permissions: IpPermission[],
): Promise<SecurityGroupRule[]> {
  if (permissions.length === 0) return [];
  const input = { GroupId: groupId, IpPermissions: permissions };
  const out =
    direction === 'ingress'
      ? await client.send(new AuthorizeSecurityGroupIngressCommand(input))
      : await client.send(new AuthorizeSecurityGroupEgressCommand(input));
  return out.SecurityGroupRules ?? [];
}

/** Revokes the rules; one already gone is not an error (deleting what no longer exists succeeds). */
async function revoke(client: EC2Client, groupId: string, direction: Direction, permissions: IpPermission[]) {
  if (permissions.length === 0) return;
  const input = { GroupId: groupId, IpPermissions: permissions };
  try {
    if (direction === 'ingress') await client.send(new RevokeSecurityGroupIngressCommand(input));
    else await client.send(new RevokeSecurityGroupEgressCommand(input));
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

function groupValues(id: string, p: Properties) {
  return { physicalId: id, attributes: { GroupId: id, VpcId: text(p['VpcId']) ?? '' } };
}
