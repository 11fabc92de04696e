/** Route tables, routes and subnet associations (a subnet without its own table uses the VPC's main one). */
import type { RequestContext } from '../../aws/index.js';
import type { FilterFields } from './domain/filters.js';
import type { RouteRecord, RouteTableRecord, Tag } from './domain/records.js';
import type { Ec2Context, NetworkScope } from './ec2-context.js';
import { ec2Errors } from './errors.js';
import type { DescribeInput } from './input/read-common.js';
import { routeTableView } from './views.js';

const routeTableFields: FilterFields<RouteTableRecord> = {
  'route-table-id': (t) => t.id,
  'vpc-id': (t) => t.vpcId,
  'owner-id': (t) => t.account,
  'association.route-table-association-id': (t) => t.associations.map((a) => a.id),
  'association.route-table-id': (t) => (t.associations.length > 0 ? t.id : undefined),
  'association.subnet-id': (t) => t.associations.map((a) => a.subnetId),
  'association.main': (t) => t.associations.some((a) => a.main),
  'route.destination-cidr-block': (t) => t.routes.map((r) => r.destinationCidrBlock),
  'route.gateway-id': (t) => t.routes.map((r) => r.gatewayId),
  'route.nat-gateway-id': (t) => t.routes.map((r) => r.natGatewayId),
  'route.origin': (t) => t.routes.map((r) => r.origin),
  'route.state': (t) => (t.routes.length > 0 ? 'active' : undefined),
};

export interface RouteTarget {
  readonly gatewayId?: string;
  readonly natGatewayId?: string;
  readonly vpcEndpointId?: string;
}

export class RouteTables {
  readonly #x: Ec2Context;

  constructor(x: Ec2Context) {
    this.#x = x;
  }

  async create(ctx: RequestContext, input: { vpcId: string; tags: Tag[] }) {
    await this.#x.authorize(ctx, 'route-table');
    const scope = this.#x.scope(ctx);
    const vpc = this.#x.need('vpc', scope, input.vpcId);
    const table: RouteTableRecord = {
      ...scope,
      id: this.#x.newId('rtb'),
      tags: input.tags,
      vpcId: vpc.id,
      routes: [{ destinationCidrBlock: vpc.cidrBlock, gatewayId: 'local', origin: 'CreateRouteTable' }],
      associations: [],
    };
    this.#x.store.put('route-table', table);
    return { routeTable: routeTableView(table) };
  }

  async describe(ctx: RequestContext, input: DescribeInput) {
    await this.#x.authorize(ctx);
    const page = this.#x.describe('route-table', this.#x.scope(ctx), input, routeTableFields);
    return { routeTableSet: page.items.map(routeTableView), nextToken: page.nextToken };
  }

  async delete(ctx: RequestContext, id: string) {
    await this.#x.authorize(ctx, 'route-table', id);
    const scope = this.#x.scope(ctx);
    const table = this.#x.need('route-table', scope, id);
    if (table.associations.length > 0) throw ec2Errors.dependency('routeTable', id);
    this.#x.store.delete('route-table', scope, id);
    return undefined;
  }

  async createRoute(ctx: RequestContext, id: string, destination: string, target: RouteTarget) {
    await this.#x.authorize(ctx, 'route-table', id);
    const scope = this.#x.scope(ctx);
    const table = this.#x.need('route-table', scope, id);
    const route = this.#route(scope, table, destination, target);
    if (table.routes.some((r) => r.destinationCidrBlock === destination))
      throw ec2Errors.routeExists(destination);
    this.#x.store.put('route-table', { ...table, routes: [...table.routes, route] });
    return { return: true };
  }

  /** ReplaceRoute: the route to `destination` gets the new target, in its place; the VPC's local route stays. */
  async replaceRoute(ctx: RequestContext, id: string, destination: string, target: RouteTarget) {
    await this.#x.authorize(ctx, 'route-table', id);
    const scope = this.#x.scope(ctx);
    const table = this.#x.need('route-table', scope, id);
    const index = table.routes.findIndex((r) => r.destinationCidrBlock === destination);
    if (index < 0) throw ec2Errors.noRouteToReplace(destination);
    if (table.routes[index]!.gatewayId === 'local')
      // [INF] berth has no targets a local route may be replaced with (EC2 allows network interfaces only).
      throw ec2Errors.invalidParameter(
        `The local route ${destination} of route table ${id} cannot be replaced.`,
      );
    const route = this.#route(scope, table, destination, target);
    this.#x.store.put('route-table', { ...table, routes: table.routes.with(index, route) });
    return undefined;
  }

  async deleteRoute(ctx: RequestContext, id: string, destination: string) {
    await this.#x.authorize(ctx, 'route-table', id);
    const scope = this.#x.scope(ctx);
    const table = this.#x.need('route-table', scope, id);
    const routes = table.routes.filter(
      (r) => r.destinationCidrBlock !== destination || r.gatewayId === 'local',
    );
    if (routes.length === table.routes.length) throw ec2Errors.routeNotFound(destination, id);
    this.#x.store.put('route-table', { ...table, routes });
    return undefined;
  }

  async associate(ctx: RequestContext, id: string, subnetId: string) {
    await this.#x.authorize(ctx, 'route-table', id);
    const scope = this.#x.scope(ctx);
    const table = this.#x.need('route-table', scope, id);
    const subnet = this.#x.need('subnet', scope, subnetId);
    if (subnet.vpcId !== table.vpcId)
      throw ec2Errors.invalidParameter(
        `Route table ${id} and subnet ${subnetId} belong to different networks`,
      );
    const current = this.tableOfSubnet(scope, subnetId, false);
    if (current) throw ec2Errors.alreadyAssociatedRoute(current.id === id ? id : current.id);
    const association = { id: this.#x.newId('rtbassoc'), main: false, subnetId };
    this.#x.store.put('route-table', { ...table, associations: [...table.associations, association] });
    return { associationId: association.id, associationState: { state: 'associated' } };
  }

  async disassociate(ctx: RequestContext, associationId: string) {
    await this.#x.authorize(ctx);
    const scope = this.#x.scope(ctx);
    const table = this.#x.store
      .list('route-table', scope)
      .find((t) => t.associations.some((a) => a.id === associationId && !a.main));
    if (!table) throw ec2Errors.associationNotFound(associationId);
    const associations = table.associations.filter((a) => a.id !== associationId);
    this.#x.store.put('route-table', { ...table, associations });
    return undefined;
  }

  /** The table a subnet uses: its own association, else (with `orMain`) its VPC's main table. */
  tableOfSubnet(scope: NetworkScope, subnetId: string, orMain = true): RouteTableRecord | undefined {
    const tables = this.#x.store.list('route-table', scope);
    const own = tables.find((t) => t.associations.some((a) => a.subnetId === subnetId));
    if (own || !orMain) return own;
    const vpcId = this.#x.store.get('subnet', scope, subnetId)?.vpcId;
    return tables.find((t) => t.vpcId === vpcId && t.associations.some((a) => a.main));
  }

  #route(
    scope: NetworkScope,
    table: RouteTableRecord,
    destination: string,
    target: RouteTarget,
  ): RouteRecord {
    const base = { destinationCidrBlock: destination, origin: 'CreateRoute' } as const;
    if (target.natGatewayId !== undefined) {
      const nat = this.#x.need('natgateway', scope, target.natGatewayId);
      if (nat.vpcId !== table.vpcId) throw differentNetworks(table.id, nat.id);
      return { ...base, natGatewayId: nat.id };
    }
    const gatewayId = target.gatewayId ?? target.vpcEndpointId;
    if (gatewayId === undefined)
      throw ec2Errors.missingParameter(
        'The request must contain exactly one of gatewayId, natGatewayId, vpcEndpointId',
      );
    if (gatewayId.startsWith('igw-')) {
      const gateway = this.#x.need('internet-gateway', scope, gatewayId);
      if (gateway.vpcId !== table.vpcId) throw differentNetworks(table.id, gatewayId);
    } else if (gatewayId.startsWith('vpce-')) this.#x.need('vpc-endpoint', scope, gatewayId);
    else throw ec2Errors.notFound('internet-gateway', gatewayId);
    return { ...base, gatewayId };
  }
}

function differentNetworks(table: string, gateway: string) {
  return ec2Errors.invalidParameter(
    `route table ${table} and network gateway ${gateway} belong to different networks`,
  );
}
