// engines/registry-auth: pure pieces of registry authentication: challenges, scopes, realms, token requests
// and token responses; the endpoints a registry request can ask for, and the ECR IAM actions they map to.
export {
  type BearerChallenge,
  bearerChallenge,
  type Challenge,
  formatChallenge,
  maxChallengeHeaderLength,
  parseChallenges,
  preferredChallenge,
} from './challenge.js';
export { type EcrPermission, type EcrRegistryAction, ecrPermissions } from './ecr-permissions.js';
export { isInternalHost, type RealmPolicy, resolveRealm } from './realm.js';
export {
  type RegistryAction,
  type RegistryEndpoint,
  registryActionOf,
  registryEndpoints,
} from './registry-endpoint.js';
export {
  catalogScope,
  formatScope,
  formatScopes,
  mergeScopes,
  parseScope,
  parseScopes,
  repositoryScope,
  type Scope,
} from './scope.js';
export {
  basicAuthorization,
  bearerAuthorization,
  defaultClientId,
  type TokenGrant,
  type TokenRequest,
  tokenRequestForm,
  tokenRequestUrl,
} from './token-request.js';
export {
  maximumTokenLifetimeSeconds,
  maxTokenResponseBytes,
  minimumTokenLifetimeSeconds,
  parseTokenResponse,
  type TokenResponse,
  tokenNeedsRefresh,
  tokenRefreshMarginMs,
} from './token-response.js';
