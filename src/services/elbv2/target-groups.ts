/**
 * Target groups (ref ecs-services-elb-logs §4.3): ALB's health-check defaults, idempotent creation, attributes with
 * `deregistration_delay.timeout_seconds` (default 300) that DeregisterTargets honours, and DeleteTargetGroup
 * refused while a listener or rule forwards to the group.
 */
import type { RequestContext } from '../../aws/index.js';
import { elbv2Arns, type HealthCheckSettings, parseStatusMatcher } from '../../engines/elbv2/index.js';
import { AttributeOperations } from './attribute-operations.js';
import { targetGroupAttributeChecks } from './attributes.js';
import { forwardsTo } from './domain/data-plane-model.js';
import {
  healthCheckDefaults,
  type Tag,
  type TargetGroupRecord,
  targetGroupAttributeDefaults,
} from './domain/records.js';
import { targetGroupWire } from './domain/wire.js';
import type { Elbv2Context } from './elbv2-context.js';
import { elbv2Errors } from './errors.js';
import { checkName } from './names.js';
import { describePage } from './paging.js';

export type HealthCheckInput = Partial<HealthCheckSettings> & { readonly protocol?: 'HTTP' | 'HTTPS' };

export interface CreateTargetGroupInput {
  readonly name: string;
  readonly protocol?: 'HTTP' | 'HTTPS';
  readonly protocolVersion?: string;
  readonly port?: number;
  readonly vpcId?: string;
  readonly targetType: string;
  readonly healthCheck: HealthCheckInput;
  readonly tags: readonly Tag[];
}

export class TargetGroups {
  readonly #c: Elbv2Context;

  readonly #attributes: AttributeOperations<TargetGroupRecord>;

  constructor(context: Elbv2Context) {
    this.#c = context;
    this.#attributes = new AttributeOperations(context, {
      kind: 'Target group',
      checks: targetGroupAttributeChecks,
      defaults: targetGroupAttributeDefaults,
      find: (arn) => this.find(arn),
      put: (current, next) => this.#c.store.targetGroups.put(current, current.name, next),
    });
  }

  async create(ctx: RequestContext, input: CreateTargetGroupInput) {
    await this.#c.authorize(ctx);
    checkName('Target group', input.name);
    if (input.targetType !== 'ip' && input.targetType !== 'instance')
      throw elbv2Errors.invalidConfiguration(
        `berth serves target types 'ip' and 'instance', not '${input.targetType}'`,
      );
    if (input.port === undefined || input.protocol === undefined)
      throw elbv2Errors.validation(
        `A port and protocol must be specified for target type '${input.targetType}'`,
      );
    const healthCheck = settle(healthCheckDefaults, input.healthCheck);
    const scope = { account: ctx.accountId, region: ctx.region };
    const settings = {
      protocol: input.protocol,
      protocolVersion: input.protocolVersion ?? 'HTTP1',
      port: input.port,
      targetType: input.targetType,
      healthCheckProtocol: input.healthCheck.protocol ?? 'HTTP',
      healthCheck,
      ...(input.vpcId === undefined ? {} : { vpcId: input.vpcId }),
    } as const;
    const record = this.#c.store.transaction(() => {
      const existing = this.#c.store.targetGroups.get(scope, input.name);
      if (existing) {
        const {
          arn: _a,
          name: _n,
          account: _c,
          region: _r,
          tags: _t,
          attributes: _at,
          targets: _tt,
          ...kept
        } = existing;
        if (JSON.stringify(sorted(kept)) !== JSON.stringify(sorted(settings)))
          throw elbv2Errors.duplicateTargetGroup(input.name);
        return existing;
      }
      const created: TargetGroupRecord = {
        ...scope,
        ...settings,
        arn: elbv2Arns.targetGroup(
          this.#c.deps.partition,
          ctx.region,
          ctx.accountId,
          input.name,
          this.#c.newId(),
        ),
        name: input.name,
        attributes: {},
        targets: [],
        tags: input.tags,
      };
      this.#c.store.targetGroups.put(scope, input.name, created);
      return created;
    });
    return { TargetGroups: [this.#wire(record)] };
  }

  async describe(
    ctx: RequestContext,
    input: {
      arns?: readonly string[];
      names?: readonly string[];
      loadBalancerArn?: string;
      marker?: string;
      pageSize?: number;
    },
  ) {
    await this.#c.authorize(ctx);
    const scope = { account: ctx.accountId, region: ctx.region };
    let found: TargetGroupRecord[];
    if (input.arns?.length) found = input.arns.map((arn) => this.find(arn));
    else if (input.names?.length)
      found = input.names.map((n) => this.#c.store.targetGroups.get(scope, n) ?? notFound());
    else found = this.#c.store.targetGroups.list(scope);
    if (input.loadBalancerArn !== undefined) {
      if (!this.#c.store.loadBalancer(input.loadBalancerArn)) throw elbv2Errors.loadBalancerNotFound();
      found = found.filter((tg) => this.loadBalancersOf(tg.arn).includes(input.loadBalancerArn!));
    }
    const page = describePage(found, input.marker, input.pageSize, (tg) => tg.name);
    return { TargetGroups: page.items.map((tg) => this.#wire(tg)), NextMarker: page.NextMarker };
  }

  async modify(ctx: RequestContext, arn: string, changes: HealthCheckInput) {
    await this.#c.authorize(ctx, arn);
    const updated = this.#c.store.transaction(() => {
      const tg = this.find(arn);
      const next: TargetGroupRecord = {
        ...tg,
        healthCheck: settle(tg.healthCheck, changes),
        healthCheckProtocol: changes.protocol ?? tg.healthCheckProtocol,
      };
      this.#c.store.targetGroups.put(tg, tg.name, next);
      return next;
    });
    await this.#c.sync();
    return { TargetGroups: [this.#wire(updated)] };
  }

  async delete(ctx: RequestContext, arn: string) {
    await this.#c.authorize(ctx, arn);
    this.#c.store.transaction(() => {
      const tg = this.#c.store.targetGroup(arn);
      if (!tg) return;
      if (this.#inUse(arn)) throw elbv2Errors.targetGroupInUse(arn);
      this.#c.store.targetGroups.delete(tg, tg.name);
    });
    return {};
  }

  describeAttributes(ctx: RequestContext, arn: string) {
    return this.#attributes.describe(ctx, arn);
  }

  modifyAttributes(ctx: RequestContext, arn: string, changes: readonly { Key: string; Value: string }[]) {
    return this.#attributes.modify(ctx, arn, changes);
  }

  find(arn: string): TargetGroupRecord {
    return this.#c.store.targetGroup(arn) ?? notFound();
  }

  /** The load balancers whose listeners or rules forward to the group. */
  loadBalancersOf(arn: string): string[] {
    const { listeners, rules } = this.#c.store.everything();
    const byListener = new Map(listeners.map((l) => [l.arn, l.loadBalancerArn]));
    const lbs = [
      ...listeners.filter((l) => forwardsTo(l.defaultActions, arn)).map((l) => l.loadBalancerArn),
      ...rules.filter((r) => forwardsTo(r.actions, arn)).map((r) => byListener.get(r.listenerArn)!),
    ];
    return [...new Set(lbs)].filter(Boolean);
  }

  #inUse(arn: string): boolean {
    return this.loadBalancersOf(arn).length > 0;
  }

  #wire(tg: TargetGroupRecord) {
    return targetGroupWire(tg, this.loadBalancersOf(tg.arn));
  }
}

export function attributesOf(tg: TargetGroupRecord): Record<string, string> {
  return { ...targetGroupAttributeDefaults, ...tg.attributes };
}

function notFound(): never {
  throw elbv2Errors.targetGroupNotFound();
}

/** `base` with the given health-check changes, checked as a whole ([INF] texts). */
function settle(base: HealthCheckSettings, changes: HealthCheckInput): HealthCheckSettings {
  const { protocol: _, ...given } = changes;
  const next = { ...base, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) };
  if (!parseStatusMatcher(next.httpCode))
    throw elbv2Errors.validation(
      `Invalid value '${next.httpCode}' for Matcher HttpCode: codes 200-499, e.g. '200', '200,202' or '200-299'`,
    );
  if (next.port !== 'traffic-port' && !/^\d{1,5}$/.test(next.port))
    throw elbv2Errors.validation(`Health check port '${next.port}' must be 'traffic-port' or a port number`);
  if (next.timeoutSeconds >= next.intervalSeconds)
    throw elbv2Errors.validation(
      `Health check timeout '${next.timeoutSeconds}' must be smaller than the interval '${next.intervalSeconds}'`,
    );
  return next;
}

function sorted(value: object): object {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
}
