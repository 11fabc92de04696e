/** Internet gateways: made detached, attached to at most one VPC, deleted only when detached. */
import type { RequestContext } from '../../aws/index.js';
import type { FilterFields } from './domain/filters.js';
import type { InternetGatewayRecord, Tag } from './domain/records.js';
import type { Ec2Context } from './ec2-context.js';
import { ec2Errors } from './errors.js';
import type { DescribeInput } from './input/read-common.js';
import { internetGatewayView } from './views.js';

const gatewayFields: FilterFields<InternetGatewayRecord> = {
  'internet-gateway-id': (g) => g.id,
  'attachment.vpc-id': (g) => g.vpcId,
  'attachment.state': (g) => (g.vpcId === undefined ? undefined : 'available'),
  'owner-id': (g) => g.account,
};

export class InternetGateways {
  readonly #x: Ec2Context;

  constructor(x: Ec2Context) {
    this.#x = x;
  }

  async create(ctx: RequestContext, tags: Tag[]) {
    await this.#x.authorize(ctx, 'internet-gateway');
    const gateway: InternetGatewayRecord = { ...this.#x.scope(ctx), id: this.#x.newId('igw'), tags };
    this.#x.store.put('internet-gateway', gateway);
    return { internetGateway: internetGatewayView(gateway) };
  }

  async describe(ctx: RequestContext, input: DescribeInput) {
    await this.#x.authorize(ctx);
    const page = this.#x.describe('internet-gateway', this.#x.scope(ctx), input, gatewayFields);
    return { internetGatewaySet: page.items.map(internetGatewayView), nextToken: page.nextToken };
  }

  async delete(ctx: RequestContext, id: string) {
    await this.#x.authorize(ctx, 'internet-gateway', id);
    const scope = this.#x.scope(ctx);
    const gateway = this.#x.need('internet-gateway', scope, id);
    if (gateway.vpcId !== undefined) throw ec2Errors.dependency('internetGateway', id);
    this.#x.store.delete('internet-gateway', scope, id);
    return undefined;
  }

  async attach(ctx: RequestContext, id: string, vpcId: string) {
    await this.#x.authorize(ctx, 'internet-gateway', id);
    const scope = this.#x.scope(ctx);
    const gateway = this.#x.need('internet-gateway', scope, id);
    this.#x.need('vpc', scope, vpcId);
    if (gateway.vpcId !== undefined) throw ec2Errors.alreadyAttached(id, gateway.vpcId);
    this.#x.store.put('internet-gateway', { ...gateway, vpcId });
    return undefined;
  }

  async detach(ctx: RequestContext, id: string, vpcId: string) {
    await this.#x.authorize(ctx, 'internet-gateway', id);
    const scope = this.#x.scope(ctx);
    const gateway = this.#x.need('internet-gateway', scope, id);
    if (gateway.vpcId !== vpcId) throw ec2Errors.notAttached(id, vpcId);
    const { vpcId: _, ...detached } = gateway;
    this.#x.store.put('internet-gateway', detached);
    return undefined;
  }
}
