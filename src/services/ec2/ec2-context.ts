/**
 * What every EC2 resource class shares: the store, ids, authorization, the scope's default network, and Describe*
 * (ids, filters, pages). IAM is asked about `ec2:<Operation>`: Describe* on `*` (EC2's Describe actions have no
 * resource-level permissions), a mutation on the resource's ARN (`arn:aws:ec2:<region>:<account>:vpc/vpc-…`, or
 * `vpc/*` for one not yet made), before state is read.
 */
import type { RequestContext, ServiceDeps } from '../../aws/index.js';
import { keysetPage } from '../../engines/pagination/index.js';
import type { Scope } from '../../ports/index.js';
import { defaultNetwork } from './domain/default-network.js';
import { type Filter, type FilterFields, matchesFilters, unknownFilter } from './domain/filters.js';
import { ec2Id, type ResourceKind } from './domain/ids.js';
import type { RecordOf } from './domain/records.js';
import { ec2Errors } from './errors.js';
import type { DescribeInput } from './input/read-common.js';
import { Ec2Store } from './store.js';

export type Ec2Deps = ServiceDeps;

export interface NetworkScope extends Scope {
  readonly region: string;
}

/** The error for an id of `kind` that does not exist. */
const missing: { [K in ResourceKind]: (id: string) => Error } = {
  vpc: (id) => ec2Errors.notFound('vpc', id),
  subnet: (id) => ec2Errors.notFound('subnet', id),
  'route-table': (id) => ec2Errors.notFound('route-table', id),
  'internet-gateway': (id) => ec2Errors.notFound('internet-gateway', id),
  natgateway: (id) => ec2Errors.natGatewayNotFound(id),
  'elastic-ip': (id) => ec2Errors.notFound('elastic-ip', id),
  'security-group': (id) => ec2Errors.groupNotFound(id),
  'vpc-endpoint': (id) => ec2Errors.endpointNotFound(id),
};

export class Ec2Context {
  readonly store: Ec2Store;
  readonly deps: Ec2Deps;

  constructor(deps: Ec2Deps) {
    this.deps = deps;
    this.store = new Ec2Store(deps.persistence);
  }

  async authorize(ctx: RequestContext, kind?: ResourceKind, id = '*'): Promise<void> {
    const scope = { account: ctx.accountId, region: ctx.region };
    const resource = kind === undefined ? '*' : this.arn(scope, kind, id);
    await this.deps.authorizer.authorize(ctx, { action: `ec2:${ctx.operation}`, resource });
  }

  arn(scope: Scope, kind: ResourceKind | 'security-group-rule', id: string): string {
    return `arn:${this.deps.partition}:ec2:${scope.region}:${scope.account}:${kind}/${id}`;
  }

  newId = (prefix: string): string => ec2Id(prefix, this.deps.random.bytes(9));

  now(): Date {
    return this.deps.clock.now();
  }

  /** The caller's account and region, with its default network made on first use (as a new account has one). */
  scope(ctx: RequestContext): NetworkScope {
    const scope = { account: ctx.accountId, region: ctx.region };
    this.ensureDefaultNetwork(scope);
    return scope;
  }

  ensureDefaultNetwork(scope: NetworkScope): void {
    if (this.store.defaultVpc(scope) === undefined) {
      this.store.transaction(() => {
        const network = defaultNetwork(scope, this.newId);
        this.store.put('vpc', network.vpc);
        for (const subnet of network.subnets) this.store.put('subnet', subnet);
        this.store.put('internet-gateway', network.internetGateway);
        this.store.put('route-table', network.routeTable);
        this.store.put('security-group', network.securityGroup);
        this.store.markDefault(scope, network.vpc.id);
      });
    }
  }

  /** The record, or EC2's NotFound error for its kind. */
  need<K extends ResourceKind>(kind: K, scope: Scope, id: string): RecordOf[K] {
    const record = this.store.get(kind, scope, id);
    if (record === undefined) throw missing[kind](id);
    return record;
  }

  /** Describe*: the named records (each must exist) or all, through the filters, one page when MaxResults is given. */
  describe<K extends ResourceKind>(
    kind: K,
    scope: Scope,
    input: DescribeInput,
    fields: FilterFields<RecordOf[K]>,
  ): { items: RecordOf[K][]; nextToken?: string } {
    checkFilters(input.filters, fields);
    const chosen =
      input.ids.length > 0
        ? [...new Set(input.ids)].map((id) => this.need(kind, scope, id))
        : this.store.list(kind, scope);
    const matching = chosen.filter((record) => matchesFilters(record, input.filters, fields));
    if (input.maxResults === undefined && input.nextToken === undefined) return { items: matching };
    return keysetPage(
      matching,
      { token: input.nextToken, limit: input.maxResults ?? 1000 },
      { keyOf: (record) => record.id, invalidToken: ec2Errors.invalidToken },
    );
  }
}

export function checkFilters<R>(filters: readonly Filter[], fields: FilterFields<R>): void {
  const unknown = unknownFilter(filters, fields);
  if (unknown !== undefined) throw ec2Errors.invalidFilter(unknown);
}
