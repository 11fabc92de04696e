import { type Persistence, type Scope, ScopedCollection } from '../../ports/index.js';
import type { ResourceKind } from './domain/ids.js';
import type { RecordOf } from './domain/records.js';

export const ec2Collections = {
  vpc: 'ec2.vpcs',
  subnet: 'ec2.subnets',
  'route-table': 'ec2.route-tables',
  'internet-gateway': 'ec2.internet-gateways',
  natgateway: 'ec2.nat-gateways',
  'elastic-ip': 'ec2.addresses',
  'security-group': 'ec2.security-groups',
  'vpc-endpoint': 'ec2.vpc-endpoints',
  /** One marker per account and region whose default network exists. */
  defaults: 'ec2.default-networks',
} as const satisfies Record<ResourceKind | 'defaults', string>;

/**
 * EC2's records on the Persistence port, per account and region, by id (the kind is the collection): the only place
 * that knows keys. Lists come back in id order.
 */
export class Ec2Store {
  readonly #p: Persistence;
  readonly #kinds: { [K in ResourceKind]: ScopedCollection<RecordOf[K]> };
  readonly #defaults: ScopedCollection<{ readonly vpcId: string }>;

  constructor(persistence: Persistence) {
    this.#p = persistence;
    const collection = <K extends ResourceKind>(kind: K) =>
      new ScopedCollection<RecordOf[K]>(persistence, ec2Collections[kind]);
    this.#kinds = {
      vpc: collection('vpc'),
      subnet: collection('subnet'),
      'route-table': collection('route-table'),
      'internet-gateway': collection('internet-gateway'),
      natgateway: collection('natgateway'),
      'elastic-ip': collection('elastic-ip'),
      'security-group': collection('security-group'),
      'vpc-endpoint': collection('vpc-endpoint'),
    };
    this.#defaults = new ScopedCollection(persistence, ec2Collections.defaults);
  }

  transaction<T>(fn: () => T): T {
    return this.#p.transaction(fn);
  }

  get<K extends ResourceKind>(kind: K, scope: Scope, id: string): RecordOf[K] | undefined {
    return this.#kinds[kind].get(scope, id);
  }

  put<K extends ResourceKind>(kind: K, record: RecordOf[K]): void {
    this.#kinds[kind].put(record, record.id, record);
  }

  delete(kind: ResourceKind, scope: Scope, id: string): void {
    this.#kinds[kind].delete(scope, id);
  }

  list<K extends ResourceKind>(kind: K, scope: Scope): RecordOf[K][] {
    return this.#kinds[kind].list(scope);
  }

  /** The default VPC's id, once the scope's default network was made. */
  defaultVpc(scope: Scope): string | undefined {
    return this.#defaults.get(scope, 'network')?.vpcId;
  }

  markDefault(scope: Scope, vpcId: string): void {
    this.#defaults.put(scope, 'network', { vpcId });
  }
}
