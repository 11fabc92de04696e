/**
 * AddTags, RemoveTags and DescribeTags over any ELBv2 resource (load balancer, target group, listener, rule), each
 * refused with its kind's not-found error (ref ecs-services-elb-logs §4.6). A key given again replaces its value.
 */
import type { RequestContext } from '../../aws/index.js';
import { parseElbv2Arn } from '../../engines/elbv2/index.js';
import type { Tag } from './domain/records.js';
import type { Elbv2Context } from './elbv2-context.js';
import { elbv2Errors, found } from './errors.js';

const maxTags = 50;

export class ResourceTags {
  readonly #c: Elbv2Context;

  constructor(context: Elbv2Context) {
    this.#c = context;
  }

  async add(ctx: RequestContext, arns: readonly string[], tags: readonly Tag[]) {
    for (const arn of arns) await this.#c.authorize(ctx, arn);
    this.#c.store.transaction(() => {
      for (const arn of arns)
        this.#change(arn, (current) => {
          const next = [...current.filter((t) => !tags.some((n) => n.Key === t.Key)), ...tags];
          if (next.length > maxTags) throw elbv2Errors.tooManyTags();
          return next;
        });
    });
    return {};
  }

  async remove(ctx: RequestContext, arns: readonly string[], keys: readonly string[]) {
    for (const arn of arns) await this.#c.authorize(ctx, arn);
    this.#c.store.transaction(() => {
      for (const arn of arns) this.#change(arn, (current) => current.filter((t) => !keys.includes(t.Key)));
    });
    return {};
  }

  async describe(ctx: RequestContext, arns: readonly string[]) {
    for (const arn of arns) await this.#c.authorize(ctx, arn);
    return { TagDescriptions: arns.map((arn) => ({ ResourceArn: arn, Tags: this.#find(arn).tags })) };
  }

  #find(arn: string): { tags: readonly Tag[] } {
    const kind = parseElbv2Arn(arn)?.kind;
    const store = this.#c.store;
    switch (kind) {
      case 'targetgroup':
        return found(store.targetGroup(arn), elbv2Errors.targetGroupNotFound);
      case 'listener':
        return found(store.listener(arn), elbv2Errors.listenerNotFound);
      case 'listener-rule':
        return found(store.rule(arn), elbv2Errors.ruleNotFound);
      default:
        return found(store.loadBalancer(arn), elbv2Errors.loadBalancerNotFound);
    }
  }

  #change(arn: string, change: (tags: readonly Tag[]) => Tag[]): void {
    const store = this.#c.store;
    const record = this.#find(arn);
    const tags = change(record.tags);
    const kind = parseElbv2Arn(arn)!.kind;
    if (kind === 'targetgroup') {
      const tg = store.targetGroup(arn)!;
      store.targetGroups.put(tg, tg.name, { ...tg, tags });
    } else if (kind === 'listener') store.putListener({ ...store.listener(arn)!, tags });
    else if (kind === 'listener-rule') store.putRule({ ...store.rule(arn)!, tags });
    else {
      const lb = store.loadBalancer(arn)!;
      store.loadBalancers.put(lb, lb.name, { ...lb, tags });
    }
  }
}
