/**
 * Listener rules (ref ecs-services-elb-logs §4.4): priorities 1–50000, unique per listener (PriorityInUse);
 * path-pattern and host-header conditions; the listener's default rule is listed by DescribeRules with priority
 * `default`, takes ModifyRule of its actions, and cannot be deleted.
 */
import type { RequestContext } from '../../aws/index.js';
import { elbv2Arns, type RuleCondition } from '../../engines/elbv2/index.js';
import type { ListenerRecord, RuleRecord, Tag } from './domain/records.js';
import { defaultRuleWire, ruleWire } from './domain/wire.js';
import type { Elbv2Context } from './elbv2-context.js';
import { elbv2Errors } from './errors.js';
import { type ActionInput, type ConditionInput, toCondition } from './input/read-actions.js';
import type { Listeners } from './listeners.js';
import { describePage } from './paging.js';

type Found = { rule: RuleRecord; listener?: undefined } | { rule?: undefined; listener: ListenerRecord };

export class Rules {
  readonly #c: Elbv2Context;
  readonly #listeners: Listeners;

  constructor(context: Elbv2Context, listeners: Listeners) {
    this.#c = context;
    this.#listeners = listeners;
  }

  async create(
    ctx: RequestContext,
    input: {
      listenerArn: string;
      priority: number;
      conditions: readonly ConditionInput[];
      actions: readonly ActionInput[];
      tags: readonly Tag[];
    },
  ) {
    await this.#c.authorize(ctx, input.listenerArn);
    const listener = this.#listeners.find(input.listenerArn);
    const conditions = this.#conditions(input.conditions);
    const actions = this.#listeners.actions(input.actions);
    const record: RuleRecord = {
      account: listener.account,
      region: listener.region,
      arn: elbv2Arns.rule(listener.arn, this.#c.newId()),
      listenerArn: listener.arn,
      priority: input.priority,
      conditions,
      actions,
      tags: input.tags,
    };
    this.#c.store.transaction(() => {
      this.#listeners.find(listener.arn);
      if (this.#c.store.rulesOf(listener.arn).some((r) => r.priority === input.priority))
        throw elbv2Errors.priorityInUse();
      this.#c.store.putRule(record);
    });
    await this.#c.sync();
    return { Rules: [ruleWire(record)] };
  }

  async describe(
    ctx: RequestContext,
    input: { listenerArn?: string; arns?: readonly string[]; marker?: string; pageSize?: number },
  ) {
    await this.#c.authorize(ctx);
    let found: ReturnType<typeof ruleWire | typeof defaultRuleWire>[];
    if (input.arns?.length) found = input.arns.map((arn) => this.#wire(this.#find(arn)));
    else if (input.listenerArn !== undefined) {
      const listener = this.#listeners.find(input.listenerArn);
      const rules = this.#c.store.rulesOf(listener.arn).sort((a, b) => a.priority - b.priority);
      found = [...rules.map(ruleWire), this.#wire({ listener })];
    } else throw elbv2Errors.validation('You must specify either listener ARNs or rule ARNs');
    const page = describePage(found, input.marker, input.pageSize, (r) => r.RuleArn);
    return { Rules: page.items, NextMarker: page.NextMarker };
  }

  async modify(
    ctx: RequestContext,
    arn: string,
    changes: { conditions?: readonly ConditionInput[]; actions?: readonly ActionInput[] },
  ) {
    await this.#c.authorize(ctx, arn);
    const found = this.#find(arn);
    const actions = changes.actions && this.#listeners.actions(changes.actions);
    let answer: ReturnType<typeof ruleWire | typeof defaultRuleWire>;
    if (found.listener) {
      if (changes.conditions?.length)
        throw elbv2Errors.operationNotPermitted('The conditions of a default rule cannot be modified');
      const listener = { ...found.listener, defaultActions: actions ?? found.listener.defaultActions };
      this.#c.store.transaction(() => this.#c.store.putListener(listener));
      answer = this.#wire({ listener });
    } else {
      const rule: RuleRecord = {
        ...found.rule,
        conditions: changes.conditions ? this.#conditions(changes.conditions) : found.rule.conditions,
        actions: actions ?? found.rule.actions,
      };
      this.#c.store.transaction(() => this.#c.store.putRule(rule));
      answer = ruleWire(rule);
    }
    await this.#c.sync();
    return { Rules: [answer] };
  }

  async delete(ctx: RequestContext, arn: string) {
    await this.#c.authorize(ctx, arn);
    const found = this.#find(arn);
    if (found.listener) throw elbv2Errors.operationNotPermitted('A default rule cannot be deleted');
    this.#c.store.transaction(() => this.#c.store.deleteRule(found.rule));
    await this.#c.sync();
    return {};
  }

  /** A rule, or the listener whose default rule `arn` names. */
  #find(arn: string): Found {
    const rule = this.#c.store.rule(arn);
    if (rule) return { rule };
    const listenerArn = arn.replace(':listener-rule/', ':listener/').replace(/\/[^/]+$/, '');
    const listener = this.#c.store.listener(listenerArn);
    if (listener && elbv2Arns.rule(listener.arn, listener.defaultRuleId) === arn) return { listener };
    throw elbv2Errors.ruleNotFound();
  }

  #wire(found: Found) {
    return found.listener
      ? defaultRuleWire(found.listener, elbv2Arns.rule(found.listener.arn, found.listener.defaultRuleId))
      : ruleWire(found.rule);
  }

  #conditions(inputs: readonly ConditionInput[]): RuleCondition[] {
    if (inputs.length === 0) throw elbv2Errors.validation('A rule must have at least one condition');
    const fields = new Set<string>();
    return inputs.map((input) => {
      const condition = toCondition(input);
      if (typeof condition === 'string') throw elbv2Errors.validation(condition);
      if (fields.has(condition.field))
        throw elbv2Errors.validation(`A rule can only have one '${condition.field}' condition`);
      fields.add(condition.field);
      return condition;
    });
  }
}
