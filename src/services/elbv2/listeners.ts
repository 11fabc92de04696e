/**
 * Listeners (ref ecs-services-elb-logs §4.4): one per port and load balancer (DuplicateListener), HTTP, with default
 * actions forward, fixed-response or redirect. The data plane claims the port before the listener is stored, so a
 * port another process holds is refused by the API and nothing is recorded.
 */
import type { RequestContext } from '../../aws/index.js';
import { elbv2Arns } from '../../engines/elbv2/index.js';
import { AttributeOperations } from './attribute-operations.js';
import { listenerAttributeChecks, listenerAttributeDefaults } from './attributes.js';
import type { ListenerRecord, StoredAction, Tag } from './domain/records.js';
import { listenerWire } from './domain/wire.js';
import type { Elbv2Context } from './elbv2-context.js';
import { elbv2Errors, found } from './errors.js';
import { type ActionInput, toStoredAction } from './input/read-actions.js';
import { describePage } from './paging.js';

export interface ListenerChanges {
  readonly port?: number;
  readonly protocol?: 'HTTP' | 'HTTPS';
  readonly defaultActions?: readonly ActionInput[];
}

export class Listeners {
  readonly #c: Elbv2Context;

  readonly #attributes: AttributeOperations<ListenerRecord>;

  constructor(context: Elbv2Context) {
    this.#c = context;
    this.#attributes = new AttributeOperations(context, {
      kind: 'Listener',
      checks: listenerAttributeChecks,
      defaults: listenerAttributeDefaults,
      find: (arn) => this.find(arn),
      put: (_current, next) => this.#c.store.putListener(next),
    });
  }

  async create(
    ctx: RequestContext,
    input: {
      loadBalancerArn: string;
      port?: number;
      protocol?: 'HTTP' | 'HTTPS';
      defaultActions: readonly ActionInput[];
      tags: readonly Tag[];
    },
  ) {
    await this.#c.authorize(ctx, input.loadBalancerArn);
    const lb = this.#c.store.loadBalancer(input.loadBalancerArn);
    if (!lb) throw elbv2Errors.loadBalancerNotFound();
    const port = input.port ?? (input.protocol === 'HTTPS' ? 443 : 80);
    refuseHttps(input.protocol);
    const defaultActions = this.actions(input.defaultActions);
    if (this.#c.store.listenersOf(lb.arn).some((l) => l.port === port)) throw elbv2Errors.duplicateListener();
    await this.#c.claim(port);
    const record: ListenerRecord = {
      account: lb.account,
      region: lb.region,
      arn: elbv2Arns.listener(lb.arn, this.#c.newId()),
      loadBalancerArn: lb.arn,
      port,
      protocol: 'HTTP',
      defaultActions,
      defaultRuleId: this.#c.newId(),
      tags: input.tags,
    };
    this.#c.store.transaction(() => {
      if (!this.#c.store.loadBalancer(lb.arn)) throw elbv2Errors.loadBalancerNotFound();
      if (this.#c.store.listenersOf(lb.arn).some((l) => l.port === port))
        throw elbv2Errors.duplicateListener();
      this.#c.store.putListener(record);
    });
    await this.#c.sync();
    return { Listeners: [listenerWire(record)] };
  }

  async describe(
    ctx: RequestContext,
    input: { loadBalancerArn?: string; arns?: readonly string[]; marker?: string; pageSize?: number },
  ) {
    await this.#c.authorize(ctx);
    let found: ListenerRecord[];
    if (input.arns?.length) found = input.arns.map((arn) => this.find(arn));
    else if (input.loadBalancerArn !== undefined) {
      if (!this.#c.store.loadBalancer(input.loadBalancerArn)) throw elbv2Errors.loadBalancerNotFound();
      found = this.#c.store.listenersOf(input.loadBalancerArn);
    } else throw elbv2Errors.validation('You must specify either listener ARNs or a load balancer ARN');
    const page = describePage(found, input.marker, input.pageSize, (l) => l.arn);
    return { Listeners: page.items.map(listenerWire), NextMarker: page.NextMarker };
  }

  async modify(ctx: RequestContext, arn: string, changes: ListenerChanges) {
    await this.#c.authorize(ctx, arn);
    const current = this.find(arn);
    refuseHttps(changes.protocol);
    const defaultActions = changes.defaultActions
      ? this.actions(changes.defaultActions)
      : current.defaultActions;
    const port = changes.port ?? current.port;
    if (port !== current.port) {
      if (this.#c.store.listenersOf(current.loadBalancerArn).some((l) => l.port === port))
        throw elbv2Errors.duplicateListener();
      await this.#c.claim(port);
    }
    const next: ListenerRecord = { ...current, port, defaultActions };
    this.#c.store.transaction(() => {
      this.find(arn);
      this.#c.store.putListener(next);
    });
    await this.#c.sync();
    return { Listeners: [listenerWire(next)] };
  }

  async delete(ctx: RequestContext, arn: string) {
    await this.#c.authorize(ctx, arn);
    this.#c.store.transaction(() => this.#c.store.deleteListener(this.find(arn)));
    await this.#c.sync();
    return {};
  }

  describeAttributes(ctx: RequestContext, arn: string) {
    return this.#attributes.describe(ctx, arn);
  }

  modifyAttributes(ctx: RequestContext, arn: string, changes: readonly { Key: string; Value: string }[]) {
    return this.#attributes.modify(ctx, arn, changes);
  }

  find(arn: string): ListenerRecord {
    return found(this.#c.store.listener(arn), elbv2Errors.listenerNotFound);
  }

  /** Actions as stored, after checking that each is complete and every target group exists. */
  actions(inputs: readonly ActionInput[]): StoredAction[] {
    if (inputs.length === 0) throw elbv2Errors.validation('At least one action must be specified');
    return inputs.map((input) => {
      const stored = toStoredAction(input);
      if (typeof stored === 'string') throw elbv2Errors.validation(stored);
      if (stored.action.type === 'forward')
        for (const group of stored.action.targetGroups)
          if (!this.#c.store.targetGroup(group.arn)) throw elbv2Errors.targetGroupNotFound();
      return stored;
    });
  }
}

function refuseHttps(protocol: string | undefined): void {
  if (protocol === 'HTTPS')
    throw elbv2Errors.invalidConfiguration(
      'berth serves HTTP listeners only: HTTPS needs certificates it does not manage',
    );
}
