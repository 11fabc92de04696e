/**
 * ELBv2's documents per account and region. Keys: load balancers and target groups by name (names are unique per
 * scope); listeners and rules by their ARN's resource path (`app/<lb>/<lbid>/<lid>[/<rid>]`), so a load balancer's
 * listeners and a listener's rules are a prefix listing. The data plane is host-wide: `everyListener` reads every
 * scope.
 */
import { parseElbv2Arn } from '../../engines/elbv2/index.js';
import { type Persistence, type Scope, ScopedCollection } from '../../ports/index.js';
import { elbv2Collections } from './collections.js';
import type { ListenerRecord, LoadBalancerRecord, RuleRecord, TargetGroupRecord } from './domain/records.js';

export class Elbv2Store {
  readonly #persistence: Persistence;
  readonly loadBalancers: ScopedCollection<LoadBalancerRecord>;
  readonly targetGroups: ScopedCollection<TargetGroupRecord>;
  readonly listeners: ScopedCollection<ListenerRecord>;
  readonly rules: ScopedCollection<RuleRecord>;

  constructor(persistence: Persistence) {
    this.#persistence = persistence;
    this.loadBalancers = new ScopedCollection(persistence, elbv2Collections.loadBalancers);
    this.targetGroups = new ScopedCollection(persistence, elbv2Collections.targetGroups);
    this.listeners = new ScopedCollection(persistence, elbv2Collections.listeners);
    this.rules = new ScopedCollection(persistence, elbv2Collections.rules);
  }

  transaction<T>(fn: () => T): T {
    return this.#persistence.transaction(fn);
  }

  loadBalancer(arn: string): LoadBalancerRecord | undefined {
    const name = nameOf(arn, 'loadbalancer', 1);
    const found = name === undefined ? undefined : this.loadBalancers.get(scopeOf(arn)!, name);
    return found?.arn === arn ? found : undefined;
  }

  targetGroup(arn: string): TargetGroupRecord | undefined {
    const name = nameOf(arn, 'targetgroup', 0);
    const found = name === undefined ? undefined : this.targetGroups.get(scopeOf(arn)!, name);
    return found?.arn === arn ? found : undefined;
  }

  listener(arn: string): ListenerRecord | undefined {
    const parsed = parseElbv2Arn(arn);
    if (parsed?.kind !== 'listener') return undefined;
    return this.listeners.get(parsed, parsed.path);
  }

  rule(arn: string): RuleRecord | undefined {
    const parsed = parseElbv2Arn(arn);
    if (parsed?.kind !== 'listener-rule') return undefined;
    return this.rules.get(parsed, parsed.path);
  }

  listenersOf(loadBalancerArn: string): ListenerRecord[] {
    const parsed = parseElbv2Arn(loadBalancerArn);
    if (parsed?.kind !== 'loadbalancer') return [];
    return this.listeners.list(parsed, `${parsed.path}/`);
  }

  rulesOf(listenerArn: string): RuleRecord[] {
    const parsed = parseElbv2Arn(listenerArn);
    if (parsed?.kind !== 'listener') return [];
    return this.rules.list(parsed, `${parsed.path}/`);
  }

  putListener(record: ListenerRecord): void {
    this.listeners.put(record, parseElbv2Arn(record.arn)!.path, record);
  }

  putRule(record: RuleRecord): void {
    this.rules.put(record, parseElbv2Arn(record.arn)!.path, record);
  }

  deleteListener(record: ListenerRecord): void {
    for (const rule of this.rulesOf(record.arn)) this.rules.delete(rule, parseElbv2Arn(rule.arn)!.path);
    this.listeners.delete(record, parseElbv2Arn(record.arn)!.path);
  }

  deleteRule(record: RuleRecord): void {
    this.rules.delete(record, parseElbv2Arn(record.arn)!.path);
  }

  /** Every scope's listeners, rules and target groups: what the host's data plane serves. */
  everything() {
    return {
      loadBalancers: this.#persistence.list<LoadBalancerRecord>(elbv2Collections.loadBalancers),
      listeners: this.#persistence.list<ListenerRecord>(elbv2Collections.listeners),
      rules: this.#persistence.list<RuleRecord>(elbv2Collections.rules),
      targetGroups: this.#persistence.list<TargetGroupRecord>(elbv2Collections.targetGroups),
    };
  }
}

export function scopeOf(arn: string): Scope | undefined {
  const parsed = parseElbv2Arn(arn);
  return parsed && { account: parsed.account, region: parsed.region };
}

/** The name in an ARN's path (`app/<name>/<id>` → index 1, `<name>/<id>` → index 0). */
function nameOf(arn: string, kind: string, index: number): string | undefined {
  const parsed = parseElbv2Arn(arn);
  if (parsed?.kind !== kind) return undefined;
  return parsed.path.split('/')[index];
}
