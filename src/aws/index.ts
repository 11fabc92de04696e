// The AWS wire layer: HTTP ↔ (service, operation, input, context). Knows no service behaviour (DESIGN.md).
export {
  type CredentialLookup,
  redactAuthorization,
  SigV4Verifier,
  type SigV4VerifierOptions,
  type StoredCredentials,
  type VerifiedRequest,
} from './auth/index.js';
export type { Caller, CallerPrincipal, RequestContext } from './context.js';
export {
  type Fault,
  FrameworkError,
  type FrameworkErrorKind,
  frameworkErrors,
  isFrameworkError,
  isServiceError,
  type Protocol,
  ServiceError,
  toWireError,
  type WireError,
} from './errors.js';
export {
  type AuthorizationRequest,
  type Authorizer,
  type CallerIdentity,
  chain,
  conditionContext,
  createGateway,
  createIamAuthorizer,
  type FramingRefusal,
  type GatewayOptions,
  gatewayRoute,
  type IdentityResolver,
  type StreamedGatewayLimits,
  streamedGatewayRoute,
} from './gateway/index.js';
export {
  firstHeader,
  type HeaderList,
  type HttpRequest,
  type HttpResponse,
  headerValues,
  httpRequest,
} from './http.js';
export type { MessageMember } from './protocol/aws-json/index.js';
export {
  camel,
  handledJsonOperation,
  JsonInputReader,
  type JsonTagRules,
  readJsonTag,
  serializationError,
} from './protocol/aws-json/index.js';
export {
  awsTagRules,
  QueryInputReader,
  type QueryIntegerRule,
  type QueryStringRule,
  type QueryTag,
  queryOperation,
  readQueryTags,
} from './protocol/aws-query/index.js';
export {
  child,
  children,
  childText,
  parseXml,
  RequestPayload,
  type RestOutput,
  RestRequest,
  restRequestOf,
  type XmlNode,
  type XmlObject,
  type XmlValue,
} from './protocol/rest-xml/index.js';
export { parseQueryString } from './query-string.js';
export type { ServiceDeps } from './service-deps.js';
export {
  type JsonServiceDefinition,
  type JsonServiceRouting,
  type OperationAuthorization,
  type OperationHandler,
  type OperationSpec,
  type OperationTable,
  type QueryServiceDefinition,
  type QueryServiceRouting,
  type RestXmlServiceDefinition,
  type RestXmlServiceRouting,
  type ServiceBehaviour,
  type ServiceDefinition,
  ServiceRegistry,
  type ServiceRouting,
  translateCodes,
  withOperations,
} from './service-registry.js';
