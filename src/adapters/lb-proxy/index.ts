// adapters/lb-proxy: the ALB data plane on this host (listeners, routing, forwarding, health checks).
export type { CheckTiming } from './health-checks.js';
export { LbProxy, type LbProxyOptions } from './lb-proxy.js';
export { ListenerSockets, type PortListeners, type RequestHandler } from './listener-sockets.js';
export { routableTargets } from './target-picker.js';
