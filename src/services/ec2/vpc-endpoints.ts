/**
 * VPC endpoints (records: the doctor's network check reads them, nothing is routed). Gateway endpoints serve S3 and
 * DynamoDB; interface endpoints the other services. Available at once.
 */
import type { RequestContext } from '../../aws/index.js';
import type { FilterFields } from './domain/filters.js';
import type { Tag, VpcEndpointRecord } from './domain/records.js';
import type { Ec2Context } from './ec2-context.js';
import { ec2Errors } from './errors.js';
import type { DescribeInput } from './input/read-common.js';
import { vpcEndpointView } from './views.js';

/** The services berth knows endpoints of (`com.amazonaws.<region>.<service>`), and which take a gateway endpoint. */
const interfaceServices = [
  'secretsmanager',
  'ecr.api',
  'ecr.dkr',
  'logs',
  'kms',
  'sts',
  'ssm',
  'ssmmessages',
  'ecs',
  'ecs-agent',
  'ecs-telemetry',
  'elasticloadbalancing',
  'ec2',
  'monitoring',
  's3',
];
const gatewayServices = ['s3', 'dynamodb'];

const endpointFields: FilterFields<VpcEndpointRecord> = {
  'vpc-endpoint-id': (e) => e.id,
  'vpc-endpoint-type': (e) => e.type,
  'vpc-id': (e) => e.vpcId,
  'service-name': (e) => e.serviceName,
  'vpc-endpoint-state': () => 'available',
  'owner-id': (e) => e.account,
};

export interface CreateEndpointInput {
  readonly vpcId: string;
  readonly serviceName: string;
  readonly type: 'Interface' | 'Gateway';
  readonly routeTableIds: string[];
  readonly subnetIds: string[];
  readonly groupIds: string[];
  readonly privateDnsEnabled?: boolean;
  readonly policyDocument?: string;
  readonly tags: Tag[];
}

export class VpcEndpoints {
  readonly #x: Ec2Context;

  constructor(x: Ec2Context) {
    this.#x = x;
  }

  async create(ctx: RequestContext, input: CreateEndpointInput) {
    await this.#x.authorize(ctx, 'vpc-endpoint');
    const scope = this.#x.scope(ctx);
    const vpc = this.#x.need('vpc', scope, input.vpcId);
    const prefix = `com.amazonaws.${scope.region}.`;
    const service = input.serviceName.startsWith(prefix) ? input.serviceName.slice(prefix.length) : undefined;
    const known = input.type === 'Gateway' ? gatewayServices : interfaceServices;
    if (service === undefined || !known.includes(service)) throw ec2Errors.serviceName(input.serviceName);
    for (const id of input.routeTableIds) this.#x.need('route-table', scope, id);
    for (const id of input.subnetIds) {
      if (this.#x.need('subnet', scope, id).vpcId !== vpc.id)
        throw ec2Errors.invalidParameter(`The subnet ID '${id}' does not belong to the VPC '${vpc.id}'`);
    }
    for (const id of input.groupIds) this.#x.need('security-group', scope, id);
    // An interface endpoint without groups gets the VPC's default group, as on AWS.
    const groupIds =
      input.type === 'Interface' && input.groupIds.length === 0
        ? this.#x.store
            .list('security-group', scope)
            .filter((g) => g.vpcId === vpc.id && g.name === 'default')
            .map((g) => g.id)
        : input.groupIds;
    const endpoint: VpcEndpointRecord = {
      ...scope,
      id: this.#x.newId('vpce'),
      tags: input.tags,
      vpcId: vpc.id,
      serviceName: input.serviceName,
      type: input.type,
      routeTableIds: input.type === 'Gateway' ? input.routeTableIds : [],
      subnetIds: input.type === 'Interface' ? input.subnetIds : [],
      groupIds,
      privateDnsEnabled: input.type === 'Interface' && (input.privateDnsEnabled ?? true),
      policyDocument: input.policyDocument ?? fullAccessPolicy,
      createdAt: this.#x.now().toISOString(),
    };
    this.#x.store.put('vpc-endpoint', endpoint);
    return { vpcEndpoint: this.#view(endpoint) };
  }

  async describe(ctx: RequestContext, input: DescribeInput) {
    await this.#x.authorize(ctx);
    const page = this.#x.describe('vpc-endpoint', this.#x.scope(ctx), input, endpointFields);
    return { vpcEndpointSet: page.items.map((e) => this.#view(e)), nextToken: page.nextToken };
  }

  /** Deletes what exists; an unknown id is reported in `unsuccessful`, as EC2 does for this batch operation. */
  async delete(ctx: RequestContext, ids: string[]) {
    await this.#x.authorize(ctx);
    const scope = this.#x.scope(ctx);
    const unsuccessful = [];
    for (const id of ids) {
      if (this.#x.store.get('vpc-endpoint', scope, id)) this.#x.store.delete('vpc-endpoint', scope, id);
      else {
        const error = ec2Errors.endpointNotFound(id);
        unsuccessful.push({ resourceId: id, error: { code: error.code, message: error.message } });
      }
    }
    return { unsuccessful };
  }

  #view(endpoint: VpcEndpointRecord) {
    const names = new Map(
      endpoint.groupIds.map((id) => [id, this.#x.store.get('security-group', endpoint, id)?.name ?? '']),
    );
    return vpcEndpointView(endpoint, names);
  }
}

/** The policy AWS attaches when none is given: full access. */
const fullAccessPolicy = JSON.stringify({
  Statement: [{ Action: '*', Effect: 'Allow', Principal: '*', Resource: '*' }],
});
