export type { AuthorizationRequest, Authorizer } from './authorizer.js';
export { chain, createGateway } from './chain.js';
export type { Exchange, GatewayOptions, Step } from './exchange.js';
export { type FramingRefusal, gatewayRoute } from './gateway-route.js';
export {
  type CallerIdentity,
  conditionContext,
  createIamAuthorizer,
  type IdentityResolver,
} from './iam-authorizer.js';
export {
  type StreamedGatewayLimits,
  type StreamingRequest,
  type StreamingResponse,
  streamedGatewayRoute,
} from './streamed-route.js';
