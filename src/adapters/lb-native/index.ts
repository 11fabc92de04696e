// adapters/lb-native: the ALB data plane with haproxy forwarding the hot path, berth's proxy behind it.

export { type DataPlaneChoice, dataPlaneChoice } from './data-plane-choice.js';
export { NativeLbProxy, type NativeLbProxyOptions } from './native-lb-proxy.js';
