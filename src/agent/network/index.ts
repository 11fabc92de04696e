export { AddressPool } from './address-pool.js';
export {
  cidrsOverlap,
  describeRoute,
  formatCidr,
  formatIpv4,
  type HostRoute,
  type Ipv4Cidr,
  overlappingRoutes,
  parseCidr,
  parseIpv4,
  prefixMask,
  suggestFreeRange,
} from './cidr.js';
export type {
  PortRequest,
  TaskNetworkHandle,
  TaskNetworkProvider,
  TaskNetworkRequest,
} from './task-network.js';
