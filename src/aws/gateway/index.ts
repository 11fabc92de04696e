export type { Authorizer } from './authorizer.js';
export { chain, createGateway } from './chain.js';
export type { Exchange, GatewayOptions, Step } from './exchange.js';
