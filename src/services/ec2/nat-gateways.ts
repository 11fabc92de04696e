/**
 * NAT gateways (available at once: nothing is provisioned) and the Elastic IPs they hold. Addresses come from the
 * documentation ranges 203.0.113.0/24 and 198.51.100.0/24 (RFC 5737), so no berth address is anyone's real one.
 */
import type { RequestContext } from '../../aws/index.js';
import { addressIn, readCidr } from './domain/cidr.js';
import type { FilterFields } from './domain/filters.js';
import type { AddressRecord, NatGatewayRecord, Tag } from './domain/records.js';
import type { Ec2Context } from './ec2-context.js';
import { ec2Errors } from './errors.js';
import type { DescribeInput } from './input/read-common.js';
import { addressView, natGatewayView } from './views.js';

const natFields: FilterFields<NatGatewayRecord> = {
  'nat-gateway-id': (n) => n.id,
  'subnet-id': (n) => n.subnetId,
  'vpc-id': (n) => n.vpcId,
  state: (n) => n.state,
};

const addressFields: FilterFields<AddressRecord> = {
  'allocation-id': (a) => a.id,
  'public-ip': (a) => a.publicIp,
  domain: () => 'vpc',
  'network-border-group': (a) => a.region,
};

const publicRanges = ['203.0.113.0/24', '198.51.100.0/24'].map((cidr) => readCidr(cidr)!);

export interface CreateNatInput {
  readonly subnetId: string;
  readonly allocationId?: string;
  readonly connectivityType: 'public' | 'private';
  readonly tags: Tag[];
}

export class NatGateways {
  readonly #x: Ec2Context;

  constructor(x: Ec2Context) {
    this.#x = x;
  }

  async allocate(ctx: RequestContext, tags: Tag[]) {
    await this.#x.authorize(ctx, 'elastic-ip');
    const scope = this.#x.scope(ctx);
    const used = new Set(this.#x.store.list('elastic-ip', scope).map((a) => a.publicIp));
    const free = publicRanges
      .flatMap((range) => Array.from({ length: 254 }, (_, i) => addressIn(range, i + 1)))
      .find((ip) => !used.has(ip));
    // [INF] AWS's quota text for Elastic IPs (AddressLimitExceeded) with berth's 508 addresses.
    if (free === undefined)
      throw ec2Errors.invalidParameter('The maximum number of addresses has been reached.');
    const address: AddressRecord = { ...scope, id: this.#x.newId('eipalloc'), tags, publicIp: free };
    this.#x.store.put('elastic-ip', address);
    const { allocationId, publicIp, domain, publicIpv4Pool, networkBorderGroup } = addressView(address);
    return { allocationId, publicIp, domain, publicIpv4Pool, networkBorderGroup };
  }

  async describeAddresses(ctx: RequestContext, input: DescribeInput & { publicIps: string[] }) {
    await this.#x.authorize(ctx);
    const scope = this.#x.scope(ctx);
    const page = this.#x.describe('elastic-ip', scope, input, addressFields);
    const items = page.items.filter(
      (a) => input.publicIps.length === 0 || input.publicIps.includes(a.publicIp),
    );
    return { addressesSet: items.map(addressView) };
  }

  async release(ctx: RequestContext, allocationId: string) {
    await this.#x.authorize(ctx, 'elastic-ip', allocationId);
    const scope = this.#x.scope(ctx);
    const address = this.#x.need('elastic-ip', scope, allocationId);
    if (address.natGatewayId !== undefined) throw ec2Errors.addressInUse(allocationId);
    this.#x.store.delete('elastic-ip', scope, allocationId);
    return undefined;
  }

  async create(ctx: RequestContext, input: CreateNatInput) {
    await this.#x.authorize(ctx, 'natgateway');
    const scope = this.#x.scope(ctx);
    const subnet = this.#x.need('subnet', scope, input.subnetId);
    const address =
      input.allocationId === undefined ? undefined : this.#x.need('elastic-ip', scope, input.allocationId);
    if (input.connectivityType === 'public' && !address)
      throw ec2Errors.missingParameter('Missing parameter: allocationId');
    if (address?.natGatewayId !== undefined) throw ec2Errors.addressInUse(address.id);
    const taken = this.#x.store.list('natgateway', scope).filter((n) => n.subnetId === subnet.id).length;
    const nat: NatGatewayRecord = {
      ...scope,
      id: this.#x.newId('nat'),
      tags: input.tags,
      vpcId: subnet.vpcId,
      subnetId: subnet.id,
      allocationId: address?.id,
      publicIp: address?.publicIp,
      privateIp: addressIn(readCidr(subnet.cidrBlock)!, 4 + taken),
      connectivityType: input.connectivityType,
      state: 'available',
      createTime: this.#x.now().toISOString(),
    };
    this.#x.store.transaction(() => {
      this.#x.store.put('natgateway', nat);
      if (address) this.#x.store.put('elastic-ip', { ...address, natGatewayId: nat.id });
    });
    return { natGateway: natGatewayView(nat) };
  }

  async describe(ctx: RequestContext, input: DescribeInput) {
    await this.#x.authorize(ctx);
    const page = this.#x.describe('natgateway', this.#x.scope(ctx), input, natFields);
    return { natGatewaySet: page.items.map(natGatewayView), nextToken: page.nextToken };
  }

  /** The gateway stays listed as `deleted` (as on AWS, for about an hour); its address is freed. */
  async delete(ctx: RequestContext, id: string) {
    await this.#x.authorize(ctx, 'natgateway', id);
    const scope = this.#x.scope(ctx);
    const nat = this.#x.need('natgateway', scope, id);
    const address =
      nat.allocationId === undefined ? undefined : this.#x.store.get('elastic-ip', scope, nat.allocationId);
    this.#x.store.transaction(() => {
      this.#x.store.put('natgateway', { ...nat, state: 'deleted', deleteTime: this.#x.now().toISOString() });
      if (address) {
        const { natGatewayId: _, ...free } = address;
        this.#x.store.put('elastic-ip', free);
      }
    });
    return { natGatewayId: id };
  }
}
