/**
 * What an account and region look like to EC2 without naming a resource: its Availability Zones (the CDK's synth of
 * any stack with an explicit environment asks, ref cloudformation-cdk §1.4 step 2: `zoneState` is what it reads),
 * its regions, its account attributes (the CDK and Terraform read `supported-platforms` and `default-vpc`), and the
 * default network ACL of each VPC (allow all, as AWS makes it; berth keeps no ACLs of its own, so it is derived).
 */
import type { RequestContext } from '../../aws/index.js';
import { type Filter, matchesFilters } from './domain/filters.js';
import { derivedId } from './domain/ids.js';
import { defaultRegions, regionZones } from './domain/zones.js';
import { checkFilters, type Ec2Context } from './ec2-context.js';
import { ec2Errors } from './errors.js';
import type { Vpcs } from './vpcs.js';

type ZoneRow = ReturnType<typeof zoneRows>[number];

function zoneRows(region: string) {
  return regionZones(region).map((zone) => ({
    ...zone,
    zoneState: 'available',
    regionName: region,
    groupName: region,
    networkBorderGroup: region,
    optInStatus: 'opt-in-not-required',
    zoneType: 'availability-zone',
    messageSet: [],
    tags: [],
  }));
}

const zoneFields = {
  'zone-name': (z: ZoneRow) => z.zoneName,
  'zone-id': (z: ZoneRow) => z.zoneId,
  state: (z: ZoneRow) => z.zoneState,
  'region-name': (z: ZoneRow) => z.regionName,
  'group-name': (z: ZoneRow) => z.groupName,
  'zone-type': (z: ZoneRow) => z.zoneType,
  'opt-in-status': (z: ZoneRow) => z.optInStatus,
};

export class AccountView {
  readonly #x: Ec2Context;
  readonly #vpcs: Vpcs;

  constructor(x: Ec2Context, vpcs: Vpcs) {
    this.#x = x;
    this.#vpcs = vpcs;
  }

  async zones(ctx: RequestContext, input: { names: string[]; ids: string[]; filters: Filter[] }) {
    await this.#x.authorize(ctx);
    checkFilters(input.filters, zoneFields);
    const rows = zoneRows(ctx.region);
    for (const name of [...input.names, ...input.ids]) {
      if (!rows.some((z) => z.zoneName === name || z.zoneId === name)) throw ec2Errors.zoneNotFound(name);
    }
    const chosen = rows.filter(
      (z) =>
        (input.names.length === 0 && input.ids.length === 0) ||
        input.names.includes(z.zoneName) ||
        input.ids.includes(z.zoneId),
    );
    return {
      availabilityZoneInfo: chosen
        .filter((z) => matchesFilters(z, input.filters, zoneFields))
        .map(({ tags: _, ...zone }) => zone),
    };
  }

  async regions(ctx: RequestContext, input: { names: string[]; filters: Filter[] }) {
    await this.#x.authorize(ctx);
    const rows = [...new Set([...defaultRegions, ctx.region])].sort().map((regionName) => ({
      regionName,
      regionEndpoint: `ec2.${regionName}.amazonaws.com`,
      optInStatus: 'opt-in-not-required',
      tags: [],
    }));
    const fields = {
      'region-name': (r: (typeof rows)[number]) => r.regionName,
      endpoint: (r: (typeof rows)[number]) => r.regionEndpoint,
      'opt-in-status': (r: (typeof rows)[number]) => r.optInStatus,
    };
    checkFilters(input.filters, fields);
    return {
      regionInfo: rows
        .filter((r) => input.names.length === 0 || input.names.includes(r.regionName))
        .filter((r) => matchesFilters(r, input.filters, fields))
        .map(({ tags: _, ...region }) => region),
    };
  }

  async attributes(ctx: RequestContext, names: string[]) {
    await this.#x.authorize(ctx);
    const defaultVpc = this.#vpcs.defaultVpc(this.#x.scope(ctx));
    const all: Record<string, string[]> = {
      'supported-platforms': ['VPC'],
      'default-vpc': [defaultVpc?.id ?? 'none'],
      'max-instances': ['20'],
      'vpc-max-security-groups-per-interface': ['5'],
      'max-elastic-ips': ['5'],
      'vpc-max-elastic-ips': ['5'],
    };
    const chosen = names.length === 0 ? Object.keys(all) : names.filter((name) => Object.hasOwn(all, name));
    return {
      accountAttributeSet: chosen.map((name) => ({
        attributeName: name,
        attributeValueSet: all[name]!.map((attributeValue) => ({ attributeValue })),
      })),
    };
  }

  async networkAcls(ctx: RequestContext, input: { ids: string[]; filters: Filter[] }) {
    await this.#x.authorize(ctx);
    const scope = this.#x.scope(ctx);
    const subnets = this.#x.store.list('subnet', scope);
    const acls = this.#x.store.list('vpc', scope).map((vpc) => {
      const id = derivedId('acl', vpc.id);
      const entry = (egress: boolean, ruleNumber: number, ruleAction: string) => ({
        ruleNumber,
        protocol: '-1',
        ruleAction,
        egress,
        cidrBlock: '0.0.0.0/0',
      });
      return {
        networkAclId: id,
        vpcId: vpc.id,
        default: true,
        ownerId: vpc.account,
        entrySet: [
          entry(true, 100, 'allow'),
          entry(true, 32767, 'deny'),
          entry(false, 100, 'allow'),
          entry(false, 32767, 'deny'),
        ],
        associationSet: subnets
          .filter((s) => s.vpcId === vpc.id)
          .map((s) => ({
            networkAclAssociationId: derivedId('aclassoc', s.id),
            networkAclId: id,
            subnetId: s.id,
          })),
        tags: [],
      };
    });
    const fields = {
      'network-acl-id': (a: (typeof acls)[number]) => a.networkAclId,
      'vpc-id': (a: (typeof acls)[number]) => a.vpcId,
      default: (a: (typeof acls)[number]) => a.default,
      'association.subnet-id': (a: (typeof acls)[number]) => a.associationSet.map((s) => s.subnetId),
    };
    checkFilters(input.filters, fields);
    return {
      networkAclSet: acls
        .filter((a) => input.ids.length === 0 || input.ids.includes(a.networkAclId))
        .filter((a) => matchesFilters(a, input.filters, fields))
        .map(({ tags: _, ...acl }) => ({ ...acl, tagSet: [] })),
    };
  }
}
