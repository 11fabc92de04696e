export {
  type IprouteNetworkOptions,
  IprouteNetworkProvider,
  type TaskEndpointListener,
} from './iproute-network-provider.js';
