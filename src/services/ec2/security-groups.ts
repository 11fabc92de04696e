/**
 * Security groups and their rules (records only: berth's tasks are not filtered by them). A group is made with
 * EC2's default egress rule (all traffic to 0.0.0.0/0), which Terraform revokes and CloudFormation replaces.
 */
import type { RequestContext } from '../../aws/index.js';
import { type FilterFields, matchesFilters } from './domain/filters.js';
import { describeRule, type Permission, permissionRules, sameRule } from './domain/permissions.js';
import type { RuleRecord, SecurityGroupRecord, Tag } from './domain/records.js';
import { checkFilters, type Ec2Context, type NetworkScope } from './ec2-context.js';
import { ec2Errors } from './errors.js';
import type { DescribeInput, Paging } from './input/read-common.js';
import { ruleView, securityGroupView } from './views.js';

const groupFields: FilterFields<SecurityGroupRecord> = {
  'group-id': (g) => g.id,
  'group-name': (g) => g.name,
  'vpc-id': (g) => g.vpcId,
  description: (g) => g.description,
  'owner-id': (g) => g.account,
};

interface RuleRow {
  readonly group: SecurityGroupRecord;
  readonly rule: RuleRecord;
}

const ruleFields: FilterFields<RuleRow & { tags: [] }> = {
  'group-id': (row) => row.group.id,
  'security-group-rule-id': (row) => row.rule.id,
};

export interface GroupRef {
  readonly groupId?: string;
  readonly groupName?: string;
}

export interface RuleChange extends GroupRef {
  readonly permissions: Permission[];
  readonly ruleIds: string[];
}

export class SecurityGroups {
  readonly #x: Ec2Context;

  constructor(x: Ec2Context) {
    this.#x = x;
  }

  async create(
    ctx: RequestContext,
    input: { name: string; description: string; vpcId?: string; tags: Tag[] },
  ) {
    await this.#x.authorize(ctx, 'security-group');
    const scope = this.#x.scope(ctx);
    const vpcId = input.vpcId ?? this.#defaultVpc(scope);
    this.#x.need('vpc', scope, vpcId);
    if (input.name.startsWith('sg-'))
      throw ec2Errors.invalidParameter('Group names may not be in the format sg-*.');
    if (this.#groups(scope).some((g) => g.vpcId === vpcId && g.name === input.name))
      throw ec2Errors.groupDuplicate(input.name, vpcId);
    const group: SecurityGroupRecord = {
      ...scope,
      id: this.#x.newId('sg'),
      tags: input.tags,
      vpcId,
      name: input.name,
      description: input.description,
      rules: [],
    };
    const egress = { id: this.#x.newId('sgr'), egress: true, protocol: '-1', cidrIp: '0.0.0.0/0' };
    this.#x.store.put('security-group', { ...group, rules: [egress] });
    return { groupId: group.id, securityGroupArn: this.#arn(group), tagSet: [] };
  }

  async describe(ctx: RequestContext, input: DescribeInput & { names: string[] }) {
    await this.#x.authorize(ctx);
    const scope = this.#x.scope(ctx);
    const named = input.names.map((name) => this.#find(scope, { groupName: name }).id);
    const page = this.#x.describe(
      'security-group',
      scope,
      { ...input, ids: [...input.ids, ...named] },
      groupFields,
    );
    return {
      securityGroupInfo: page.items.map((g) => securityGroupView(g, this.#arn(g))),
      nextToken: page.nextToken,
    };
  }

  async delete(ctx: RequestContext, ref: GroupRef) {
    await this.#x.authorize(ctx, 'security-group', ref.groupId);
    const scope = this.#x.scope(ctx);
    const group = this.#find(scope, ref);
    if (group.name === 'default') throw ec2Errors.cannotDelete(group.id);
    const referenced = this.#groups(scope).some(
      (other) => other.id !== group.id && other.rules.some((rule) => rule.groupId === group.id),
    );
    const used = this.#x.store.list('vpc-endpoint', scope).some((e) => e.groupIds.includes(group.id));
    // [INF] EC2's DependencyViolation text for a group still referenced ("resource sg-… has a dependent object").
    if (referenced || used) throw ec2Errors.dependencyText(`resource ${group.id} has a dependent object`);
    this.#x.store.delete('security-group', scope, group.id);
    return { return: true, groupId: group.id };
  }

  async authorizeRules(ctx: RequestContext, egress: boolean, change: RuleChange) {
    await this.#x.authorize(ctx, 'security-group', change.groupId);
    const scope = this.#x.scope(ctx);
    const group = this.#find(scope, change);
    const added: RuleRecord[] = [];
    for (const rule of change.permissions.flatMap((p) => permissionRules(p, egress))) {
      if (rule.groupId !== undefined) this.#x.need('security-group', scope, rule.groupId);
      if ([...group.rules, ...added].some((existing) => sameRule(existing, rule)))
        throw ec2Errors.permissionDuplicate(describeRule(rule));
      added.push({ id: this.#x.newId('sgr'), ...rule });
    }
    this.#x.store.put('security-group', { ...group, rules: [...group.rules, ...added] });
    return {
      return: true,
      securityGroupRuleSet: added.map((rule) => ruleView(group, rule, this.#ruleArn(group, rule))),
    };
  }

  async revokeRules(ctx: RequestContext, egress: boolean, change: RuleChange) {
    await this.#x.authorize(ctx, 'security-group', change.groupId);
    const scope = this.#x.scope(ctx);
    const group = this.#find(scope, change);
    const wanted = change.permissions.flatMap((p) => permissionRules(p, egress));
    const revoked = group.rules.filter(
      (rule) =>
        rule.egress === egress && (change.ruleIds.includes(rule.id) || wanted.some((w) => sameRule(rule, w))),
    );
    if (revoked.length === 0) throw ec2Errors.permissionNotFound();
    this.#x.store.put('security-group', {
      ...group,
      rules: group.rules.filter((rule) => !revoked.includes(rule)),
    });
    return { return: true };
  }

  async describeRules(
    ctx: RequestContext,
    input: Paging & { ruleIds: string[]; filters: DescribeInput['filters'] },
  ) {
    await this.#x.authorize(ctx);
    checkFilters(input.filters, ruleFields);
    const scope = this.#x.scope(ctx);
    const rows = this.#groups(scope).flatMap((group) =>
      group.rules.map((rule) => ({ group, rule, tags: [] as [] })),
    );
    const matching = rows.filter(
      (row) =>
        (input.ruleIds.length === 0 || input.ruleIds.includes(row.rule.id)) &&
        matchesFilters(row, input.filters, ruleFields),
    );
    return {
      securityGroupRuleSet: matching.map((row) =>
        ruleView(row.group, row.rule, this.#ruleArn(row.group, row.rule)),
      ),
    };
  }

  #groups(scope: NetworkScope): SecurityGroupRecord[] {
    return this.#x.store.list('security-group', scope);
  }

  /** By id, or by name in the default VPC (EC2's rule for GroupName). */
  #find(scope: NetworkScope, ref: GroupRef): SecurityGroupRecord {
    if (ref.groupId !== undefined) return this.#x.need('security-group', scope, ref.groupId);
    if (ref.groupName === undefined)
      throw ec2Errors.missingParameter('The request must contain the parameter groupName or groupId');
    const vpcId = this.#defaultVpc(scope);
    const group = this.#groups(scope).find((g) => g.vpcId === vpcId && g.name === ref.groupName);
    if (!group) throw ec2Errors.groupNameNotFound(ref.groupName, vpcId);
    return group;
  }

  #defaultVpc(scope: NetworkScope): string {
    const vpcId = this.#x.store.defaultVpc(scope);
    if (vpcId === undefined || !this.#x.store.get('vpc', scope, vpcId))
      throw ec2Errors.missingParameter('No default VPC for this user');
    return vpcId;
  }

  #arn(group: SecurityGroupRecord): string {
    return this.#x.arn(group, 'security-group', group.id);
  }

  #ruleArn(group: SecurityGroupRecord, rule: RuleRecord): string {
    return this.#x.arn(group, 'security-group-rule', rule.id);
  }
}
