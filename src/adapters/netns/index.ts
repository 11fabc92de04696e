export { type IprouteNetworkOptions, IprouteNetworkProvider } from './iproute-network-provider.js';
