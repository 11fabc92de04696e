/** VPCs (CreateVpc, DescribeVpcs, DeleteVpc, Modify/DescribeVpcAttribute), each made with its main route table and default security group. */
import type { RequestContext } from '../../aws/index.js';
import { readCidr } from './domain/cidr.js';
import { defaultSecurityGroup, mainRouteTable, newVpc } from './domain/default-network.js';
import type { FilterFields } from './domain/filters.js';
import type { Tag, VpcRecord } from './domain/records.js';
import type { Ec2Context, NetworkScope } from './ec2-context.js';
import { ec2Errors } from './errors.js';
import type { DescribeInput } from './input/read-common.js';
import { vpcView } from './views.js';

const vpcFields: FilterFields<VpcRecord> = {
  'vpc-id': (vpc) => vpc.id,
  cidr: (vpc) => vpc.cidrBlock,
  'cidr-block-association.cidr-block': (vpc) => vpc.cidrBlock,
  'cidr-block-association.association-id': (vpc) => vpc.cidrAssociationId,
  'cidr-block-association.state': () => 'associated',
  'dhcp-options-id': (vpc) => `dopt-${vpc.id.slice(4)}`,
  'instance-tenancy': (vpc) => vpc.instanceTenancy,
  // `isDefault` is the name the CLI's documentation and Terraform's aws_vpc data source use; `is-default` EC2's own.
  isDefault: (vpc) => vpc.isDefault,
  'is-default': (vpc) => vpc.isDefault,
  'owner-id': (vpc) => vpc.account,
  state: () => 'available',
};

export type VpcAttribute = 'enableDnsSupport' | 'enableDnsHostnames' | 'enableNetworkAddressUsageMetrics';

export class Vpcs {
  readonly #x: Ec2Context;

  constructor(x: Ec2Context) {
    this.#x = x;
  }

  async create(ctx: RequestContext, input: { cidrBlock: string; tenancy?: string; tags: Tag[] }) {
    await this.#x.authorize(ctx, 'vpc');
    const scope = this.#x.scope(ctx);
    const block = readCidr(input.cidrBlock);
    if (!block) throw ec2Errors.badCidr(input.cidrBlock);
    if (block.prefix < 16 || block.prefix > 28) throw ec2Errors.vpcRange(input.cidrBlock);
    const vpc = newVpc(scope, this.#x.newId, {
      cidrBlock: input.cidrBlock,
      isDefault: false,
      tags: input.tags,
      instanceTenancy: input.tenancy,
    });
    this.#x.store.transaction(() => {
      this.#x.store.put('vpc', vpc);
      this.#x.store.put('route-table', mainRouteTable(vpc, this.#x.newId));
      this.#x.store.put('security-group', defaultSecurityGroup(vpc, this.#x.newId));
    });
    return { vpc: { ...vpcView(vpc), state: 'pending' } };
  }

  async describe(ctx: RequestContext, input: DescribeInput) {
    await this.#x.authorize(ctx);
    const page = this.#x.describe('vpc', this.#x.scope(ctx), input, vpcFields);
    return { vpcSet: page.items.map(vpcView), nextToken: page.nextToken };
  }

  /** Refused while anything but its main route table and default group is in it (EC2's DependencyViolation). */
  async delete(ctx: RequestContext, id: string) {
    await this.#x.authorize(ctx, 'vpc', id);
    const scope = this.#x.scope(ctx);
    this.#x.need('vpc', scope, id);
    const store = this.#x.store;
    const inVpc = <T extends { vpcId?: string }>(records: T[]) => records.filter((r) => r.vpcId === id);
    const tables = inVpc(store.list('route-table', scope));
    const groups = inVpc(store.list('security-group', scope));
    const busy =
      inVpc(store.list('subnet', scope)).length > 0 ||
      inVpc(store.list('internet-gateway', scope)).length > 0 ||
      inVpc(store.list('vpc-endpoint', scope)).length > 0 ||
      inVpc(store.list('natgateway', scope)).some((nat) => nat.state === 'available') ||
      tables.some((table) => !table.associations.some((a) => a.main)) ||
      groups.some((group) => group.name !== 'default');
    if (busy) throw ec2Errors.dependency('vpc', id);
    store.transaction(() => {
      for (const table of tables) store.delete('route-table', scope, table.id);
      for (const group of groups) store.delete('security-group', scope, group.id);
      store.delete('vpc', scope, id);
    });
    return { return: true };
  }

  async modifyAttribute(ctx: RequestContext, id: string, changes: Partial<Record<VpcAttribute, boolean>>) {
    await this.#x.authorize(ctx, 'vpc', id);
    const scope = this.#x.scope(ctx);
    const vpc = this.#x.need('vpc', scope, id);
    const set = Object.entries(changes).filter(([, value]) => value !== undefined);
    // EC2 takes exactly one attribute per call (ModifyVpcAttribute's documentation).
    if (set.length !== 1)
      throw ec2Errors.invalidParameter(
        'Fields for multiple attribute types specified: enableDnsSupport, enableDnsHostnames',
      );
    const [name, value] = set[0] as [VpcAttribute, boolean];
    if (name === 'enableDnsHostnames' && value && !vpc.enableDnsSupport)
      throw ec2Errors.invalidParameter('enableDnsHostnames requires enableDnsSupport to be enabled');
    if (name !== 'enableNetworkAddressUsageMetrics') this.#x.store.put('vpc', { ...vpc, [name]: value });
    return undefined;
  }

  async describeAttribute(ctx: RequestContext, id: string, attribute: VpcAttribute) {
    await this.#x.authorize(ctx);
    const vpc = this.#x.need('vpc', this.#x.scope(ctx), id);
    const value = attribute === 'enableNetworkAddressUsageMetrics' ? false : vpc[attribute];
    return { vpcId: id, [attribute]: { value } };
  }

  /** The scope's default VPC, if it still exists. */
  defaultVpc(scope: NetworkScope): VpcRecord | undefined {
    const id = this.#x.store.defaultVpc(scope);
    return id === undefined ? undefined : this.#x.store.get('vpc', scope, id);
  }
}
