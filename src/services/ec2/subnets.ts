/** Subnets (Create/Describe/DeleteSubnet, ModifySubnetAttribute): a CIDR inside its VPC's, overlapping no other. */
import type { RequestContext } from '../../aws/index.js';
import { cidrsIntersect, cidrWithin, readCidr } from './domain/cidr.js';
import type { FilterFields } from './domain/filters.js';
import type { SubnetRecord, Tag } from './domain/records.js';
import { regionZones } from './domain/zones.js';
import type { Ec2Context } from './ec2-context.js';
import { ec2Errors } from './errors.js';
import type { DescribeInput } from './input/read-common.js';
import { subnetView } from './views.js';

const zoneId = (subnet: SubnetRecord) =>
  regionZones(subnet.region).find((zone) => zone.zoneName === subnet.availabilityZone)?.zoneId;

const subnetFields: FilterFields<SubnetRecord> = {
  'subnet-id': (subnet) => subnet.id,
  'vpc-id': (subnet) => subnet.vpcId,
  'availability-zone': (subnet) => subnet.availabilityZone,
  availabilityZone: (subnet) => subnet.availabilityZone,
  'availability-zone-id': zoneId,
  'cidr-block': (subnet) => subnet.cidrBlock,
  cidrBlock: (subnet) => subnet.cidrBlock,
  cidr: (subnet) => subnet.cidrBlock,
  'default-for-az': (subnet) => subnet.defaultForAz,
  defaultForAz: (subnet) => subnet.defaultForAz,
  'map-public-ip-on-launch': (subnet) => subnet.mapPublicIpOnLaunch,
  'owner-id': (subnet) => subnet.account,
  state: () => 'available',
};

export interface CreateSubnetInput {
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly availabilityZone?: string;
  readonly availabilityZoneId?: string;
  readonly tags: Tag[];
}

export class Subnets {
  readonly #x: Ec2Context;

  constructor(x: Ec2Context) {
    this.#x = x;
  }

  async create(ctx: RequestContext, input: CreateSubnetInput) {
    await this.#x.authorize(ctx, 'subnet');
    const scope = this.#x.scope(ctx);
    const vpc = this.#x.need('vpc', scope, input.vpcId);
    const block = readCidr(input.cidrBlock);
    if (!block) throw ec2Errors.badCidr(input.cidrBlock);
    if (block.prefix < 16 || block.prefix > 28 || !cidrWithin(block, readCidr(vpc.cidrBlock)!))
      throw ec2Errors.subnetRange(input.cidrBlock);
    const siblings = this.#x.store.list('subnet', scope).filter((subnet) => subnet.vpcId === vpc.id);
    if (siblings.some((subnet) => cidrsIntersect(block, readCidr(subnet.cidrBlock)!)))
      throw ec2Errors.subnetConflict(input.cidrBlock);
    const zones = regionZones(scope.region);
    const wanted = input.availabilityZone ?? input.availabilityZoneId;
    // Without a zone, AWS picks one; berth takes them in turn.
    const zone =
      wanted === undefined
        ? zones[siblings.length % zones.length]!
        : zones.find((z) => z.zoneName === wanted || z.zoneId === wanted);
    if (!zone)
      throw ec2Errors.badZone(
        wanted!,
        zones.map((z) => z.zoneName),
      );
    const subnet: SubnetRecord = {
      ...scope,
      id: this.#x.newId('subnet'),
      tags: input.tags,
      vpcId: vpc.id,
      cidrBlock: input.cidrBlock,
      availabilityZone: zone.zoneName,
      defaultForAz: false,
      mapPublicIpOnLaunch: false,
    };
    this.#x.store.put('subnet', subnet);
    return { subnet: this.#view(subnet) };
  }

  async describe(ctx: RequestContext, input: DescribeInput) {
    await this.#x.authorize(ctx);
    const page = this.#x.describe('subnet', this.#x.scope(ctx), input, subnetFields);
    return { subnetSet: page.items.map((subnet) => this.#view(subnet)), nextToken: page.nextToken };
  }

  /** Refused while a NAT gateway or an interface endpoint is in it; its route table association goes with it. */
  async delete(ctx: RequestContext, id: string) {
    await this.#x.authorize(ctx, 'subnet', id);
    const scope = this.#x.scope(ctx);
    this.#x.need('subnet', scope, id);
    const store = this.#x.store;
    const busy =
      store.list('natgateway', scope).some((nat) => nat.subnetId === id && nat.state === 'available') ||
      store.list('vpc-endpoint', scope).some((endpoint) => endpoint.subnetIds.includes(id));
    if (busy) throw ec2Errors.dependency('subnet', id);
    store.transaction(() => {
      for (const table of store.list('route-table', scope)) {
        if (!table.associations.some((a) => a.subnetId === id)) continue;
        store.put('route-table', {
          ...table,
          associations: table.associations.filter((a) => a.subnetId !== id),
        });
      }
      store.delete('subnet', scope, id);
    });
    return undefined;
  }

  async modifyAttribute(ctx: RequestContext, id: string, mapPublicIpOnLaunch: boolean | undefined) {
    await this.#x.authorize(ctx, 'subnet', id);
    const subnet = this.#x.need('subnet', this.#x.scope(ctx), id);
    if (mapPublicIpOnLaunch !== undefined) this.#x.store.put('subnet', { ...subnet, mapPublicIpOnLaunch });
    return undefined;
  }

  #view(subnet: SubnetRecord) {
    return subnetView(subnet, this.#x.arn(subnet, 'subnet', subnet.id));
  }
}
