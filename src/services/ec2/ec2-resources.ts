import { AccountView } from './account.js';
import { Ec2Context, type Ec2Deps } from './ec2-context.js';
import { InternetGateways } from './internet-gateways.js';
import { NatGateways } from './nat-gateways.js';
import { NetworkInterfaces } from './network-interfaces.js';
import { RouteTables } from './route-tables.js';
import { SecurityGroups } from './security-groups.js';
import { Subnets } from './subnets.js';
import { Ec2Tags } from './tags.js';
import { VpcEndpoints } from './vpc-endpoints.js';
import { Vpcs } from './vpcs.js';

/** EC2's resource classes over one shared context. */
export class Ec2Resources {
  readonly context: Ec2Context;
  readonly vpcs: Vpcs;
  readonly subnets: Subnets;
  readonly routeTables: RouteTables;
  readonly internetGateways: InternetGateways;
  readonly natGateways: NatGateways;
  readonly securityGroups: SecurityGroups;
  readonly vpcEndpoints: VpcEndpoints;
  readonly networkInterfaces: NetworkInterfaces;
  readonly tags: Ec2Tags;
  readonly account: AccountView;

  constructor(deps: Ec2Deps) {
    const x = new Ec2Context(deps);
    this.context = x;
    this.vpcs = new Vpcs(x);
    this.subnets = new Subnets(x);
    this.routeTables = new RouteTables(x);
    this.internetGateways = new InternetGateways(x);
    this.natGateways = new NatGateways(x);
    this.securityGroups = new SecurityGroups(x);
    this.vpcEndpoints = new VpcEndpoints(x);
    this.networkInterfaces = new NetworkInterfaces(x);
    this.tags = new Ec2Tags(x);
    this.account = new AccountView(x, this.vpcs);
  }
}
