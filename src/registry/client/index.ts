// registry/client: resolve image references against OCI/Docker registries, authenticate (Basic, Bearer, ECR) with
// credentials from a keychain callback, and fetch verified blobs into a content store.
export { type AuthorizerOptions, RegistryAuthorizer, type UnauthorizedVerdict } from './authorizer.js';
export { type BlobSourceOptions, blobSource } from './blob-source.js';
export { type FetchedImage, type FetchOptions, fetchImage, type LayerProgress } from './fetcher.js';
export {
  anonymousKeychain,
  chainKeychains,
  ecrCredentials,
  hostKeychain,
  type IdentityTokenCredentials,
  isPasswordCredentials,
  type Keychain,
  type PasswordCredentials,
  type RegistryCredentials,
} from './keychain.js';
export { describeNetworkFailure } from './network-failure.js';
export { type BlobPushOutcome, type PushBlob, pushBlob } from './push-blob.js';
export { type PushableImage, type PushedImage, type PushImageOptions, pushImage } from './push-image.js';
export { redactAuthorization, redactHeaders, redactText, redactUrl } from './redact.js';
export { RegistryClient, type RegistryClientOptions } from './registry-client.js';
export {
  formatServerErrors,
  isRegistryError,
  type NetworkFailure,
  RegistryError,
  type RegistryErrorDetails,
  type RegistryOperation,
  type RegistryServerError,
  statusLine,
  type TokenFetchKind,
  unexpectedStatusText,
} from './registry-error.js';
export { RegistrySession, type SessionContext, type SessionRequest } from './registry-session.js';
export { type ResolvedImage, type ResolveOptions, resolveImage } from './resolver.js';
export {
  defaultRetryPolicy,
  parseRetryAfter,
  type RetryPolicy,
  realSleep,
  retryDelay,
  type Sleep,
} from './retry-policy.js';
export type { RetryContext, RetryEvent } from './send-with-retry.js';
export { fetchToken, type TokenFetch } from './token-fetcher.js';
export {
  RegistryTransport,
  type TransportOptions,
  type TransportRequest,
  type TransportResponse,
} from './transport.js';
export { isLoopbackHost, type RegistryHostOptions, TransportPolicy } from './transport-policy.js';
