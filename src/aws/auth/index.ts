export {
  parseAuthorizationHeader,
  redactAuthorization,
  type SigV4Authorization,
} from './authorization-header.js';
export type { CredentialLookup, StoredCredentials } from './credential-lookup.js';
export {
  type CredentialScope,
  checkCredentialScope,
  parseCredential,
  type ScopeExpectation,
} from './credential-scope.js';
export { type PresignedAuthorization, parsePresignedQuery } from './presigned-query.js';
export {
  SigV4Verifier,
  type SigV4VerifierOptions,
  type VerifiedRequest,
  type VerifyExpectation,
} from './sigv4-verifier.js';
