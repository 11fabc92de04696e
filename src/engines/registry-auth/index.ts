// engines/registry-auth: pure pieces of registry authentication: challenges, scopes, realms, token requests
// and token responses.
export {
  type BearerChallenge,
  bearerChallenge,
  type Challenge,
  formatChallenge,
  maxChallengeHeaderLength,
  parseChallenges,
  preferredChallenge,
} from './challenge.js';
export { isInternalHost, type RealmPolicy, resolveRealm } from './realm.js';
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
