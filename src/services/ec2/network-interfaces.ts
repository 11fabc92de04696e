/**
 * Network interfaces. berth's EC2 keeps no ENI records: nothing it serves makes one (no instances; load balancers
 * are ELBv2's records; tasks run on the host bridge; NAT gateways and interface endpoints are records without
 * interfaces). So DescribeNetworkInterfaces answers an empty `networkInterfaceSet` — which is what Terraform's
 * aws_lb delete waits for (the load balancer's interfaces gone) — while still refusing what EC2 refuses: an unknown
 * filter name, an interface id (none exists), a token it never handed out.
 */
import type { RequestContext } from '../../aws/index.js';
import { keysetPage } from '../../engines/pagination/index.js';
import type { FilterFields } from './domain/filters.js';
import { checkFilters, type Ec2Context } from './ec2-context.js';
import { ec2Errors } from './errors.js';
import type { DescribeInput } from './input/read-common.js';

/** No record carries these; a filter on any of them matches nothing, as it would match no interface. */
const none = () => undefined;

/** DescribeNetworkInterfaces' filter names (EC2 API reference), `tag:`/`tag-key` aside. */
const interfaceFields: FilterFields<never> = Object.fromEntries(
  [
    'addresses.association.owner-id',
    'addresses.association.public-ip',
    'addresses.primary',
    'addresses.private-ip-address',
    'association.allocation-id',
    'association.association-id',
    'association.ip-owner-id',
    'association.public-dns-name',
    'association.public-ip',
    'attachment.attach-time',
    'attachment.attachment-id',
    'attachment.delete-on-termination',
    'attachment.device-index',
    'attachment.instance-id',
    'attachment.instance-owner-id',
    'attachment.status',
    'availability-zone',
    'description',
    'group-id',
    'group-name',
    'interface-type',
    'ipv6-addresses.ipv6-address',
    'mac-address',
    'network-interface-id',
    'owner-id',
    'private-dns-name',
    'private-ip-address',
    'requester-id',
    'requester-managed',
    'source-dest-check',
    'status',
    'subnet-id',
    'vpc-id',
  ].map((name) => [name, none]),
);

export class NetworkInterfaces {
  readonly #x: Ec2Context;

  constructor(x: Ec2Context) {
    this.#x = x;
  }

  async describe(ctx: RequestContext, input: DescribeInput) {
    await this.#x.authorize(ctx);
    checkFilters(input.filters, interfaceFields);
    const [named] = input.ids;
    if (named !== undefined) throw ec2Errors.notFound('network-interface', named);
    const page = keysetPage<never>(
      [],
      { token: input.nextToken, limit: input.maxResults ?? 1000 },
      { keyOf: () => '', invalidToken: ec2Errors.invalidToken },
    );
    return { networkInterfaceSet: page.items, nextToken: page.nextToken };
  }
}
