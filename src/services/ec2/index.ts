// EC2: network records (VPCs, subnets, routes, gateways, security groups, endpoints), no packets.

export type { Ec2Deps } from './ec2-context.js';
export { ec2Routing } from './ec2-routing.js';
export {
  createEc2Service,
  type Ec2NetworkRecords,
  type Ec2Service,
  type NetworkMember,
} from './ec2-service.js';
