/**
 * Load balancers (ref ecs-services-elb-logs §4.2): CreateLoadBalancer is idempotent for identical settings and
 * refuses the same name with others; DeleteLoadBalancer succeeds for one that does not exist and takes its
 * listeners (and their rules) with it, so the data plane stops listening on their ports.
 */
import type { RequestContext } from '../../aws/index.js';
import { elbv2Arns, elbv2DnsName } from '../../engines/elbv2/index.js';
import { AttributeOperations } from './attribute-operations.js';
import { loadBalancerAttributeChecks } from './attributes.js';
import { type LoadBalancerRecord, loadBalancerAttributeDefaults, type Tag } from './domain/records.js';
import { loadBalancerWire } from './domain/wire.js';
import type { Elbv2Context } from './elbv2-context.js';
import { elbv2Errors } from './errors.js';
import { checkName } from './names.js';
import { describePage } from './paging.js';

export interface CreateLoadBalancerInput {
  readonly name: string;
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
  readonly scheme: 'internet-facing' | 'internal';
  readonly type: 'application' | 'network' | 'gateway';
  readonly ipAddressType: string;
  readonly tags: readonly Tag[];
}

export class LoadBalancers {
  readonly #c: Elbv2Context;

  readonly #attributes: AttributeOperations<LoadBalancerRecord>;

  constructor(context: Elbv2Context) {
    this.#c = context;
    this.#attributes = new AttributeOperations(context, {
      kind: 'Load balancer',
      checks: loadBalancerAttributeChecks,
      defaults: loadBalancerAttributeDefaults,
      find: (arn) => this.#c.store.loadBalancer(arn) ?? notFound(),
      put: (current, next) => this.#c.store.loadBalancers.put(current, current.name, next),
    });
  }

  async create(ctx: RequestContext, input: CreateLoadBalancerInput) {
    await this.#c.authorize(ctx);
    checkName('Load balancer', input.name);
    if (input.type !== 'application')
      throw elbv2Errors.invalidConfiguration(
        `berth emulates Application Load Balancers only, not type '${input.type}'`,
      );
    const scope = { account: ctx.accountId, region: ctx.region };
    const record = this.#c.store.transaction(() => {
      const existing = this.#c.store.loadBalancers.get(scope, input.name);
      if (existing) {
        if (!sameSettings(existing, input)) throw elbv2Errors.duplicateLoadBalancer(input.name);
        return existing;
      }
      const created: LoadBalancerRecord = {
        ...scope,
        arn: elbv2Arns.loadBalancer(
          this.#c.deps.partition,
          ctx.region,
          ctx.accountId,
          input.name,
          this.#c.newId(),
        ),
        name: input.name,
        dnsName: elbv2DnsName(input.name, input.scheme, ctx.region, this.#c.deps.random.bytes(4)),
        scheme: input.scheme,
        ipAddressType: input.ipAddressType,
        subnets: input.subnets,
        securityGroups: input.securityGroups,
        createdTime: this.#c.now().toISOString(),
        attributes: {},
        tags: input.tags,
      };
      this.#c.store.loadBalancers.put(scope, input.name, created);
      return created;
    });
    return { LoadBalancers: [loadBalancerWire(record)] };
  }

  async describe(
    ctx: RequestContext,
    input: { arns?: readonly string[]; names?: readonly string[]; marker?: string; pageSize?: number },
  ) {
    await this.#c.authorize(ctx);
    const scope = { account: ctx.accountId, region: ctx.region };
    let found: LoadBalancerRecord[];
    if (input.arns?.length) found = input.arns.map((arn) => this.#c.store.loadBalancer(arn) ?? notFound());
    else if (input.names?.length)
      found = input.names.map((n) => this.#c.store.loadBalancers.get(scope, n) ?? notFound());
    else found = this.#c.store.loadBalancers.list(scope);
    const page = describePage(found, input.marker, input.pageSize, (lb) => lb.name);
    return { LoadBalancers: page.items.map(loadBalancerWire), NextMarker: page.NextMarker };
  }

  async delete(ctx: RequestContext, arn: string) {
    await this.#c.authorize(ctx, arn);
    this.#c.store.transaction(() => {
      const lb = this.#c.store.loadBalancer(arn);
      if (!lb) return;
      if (lb.attributes['deletion_protection.enabled'] === 'true')
        throw elbv2Errors.operationNotPermitted(
          `Load balancer '${arn}' cannot be deleted because deletion protection is enabled`,
        );
      for (const listener of this.#c.store.listenersOf(arn)) this.#c.store.deleteListener(listener);
      this.#c.store.loadBalancers.delete(lb, lb.name);
    });
    await this.#c.sync();
    return {};
  }

  describeAttributes(ctx: RequestContext, arn: string) {
    return this.#attributes.describe(ctx, arn);
  }

  modifyAttributes(ctx: RequestContext, arn: string, changes: readonly { Key: string; Value: string }[]) {
    return this.#attributes.modify(ctx, arn, changes);
  }
}

function notFound(): never {
  throw elbv2Errors.loadBalancerNotFound();
}

function sameSettings(lb: LoadBalancerRecord, input: CreateLoadBalancerInput): boolean {
  const same = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();
  return (
    lb.scheme === input.scheme &&
    lb.ipAddressType === input.ipAddressType &&
    same(lb.subnets, input.subnets) &&
    same(lb.securityGroups, input.securityGroups)
  );
}
