// ELBv2: Application Load Balancers' control plane (ref ecs-services-elb-logs §4); the data plane is a port.

export { elbv2Collections, hasListeners } from './collections.js';
export type { Elbv2DataPlane, TargetRef } from './data-plane-port.js';
export type { Elbv2Deps } from './elbv2-context.js';
export { elbv2Routing } from './elbv2-routing.js';
export {
  createElbv2Service,
  type ElbTargets,
  type Elbv2Service,
  type TargetHealthReport,
} from './elbv2-service.js';
