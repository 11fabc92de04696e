// registry/server: the OCI distribution API (pull, push, content discovery and management) over the content store.
export { BasicAuthorizer, type BasicAuthorizerOptions, basicCredentials } from './basic-authorizer.js';
export { type BlobRedirect, serveBlob } from './blob-download.js';
export { BlobRoutes, type BlobRoutesDeps } from './blob-routes.js';
export { ManifestRoutes } from './manifest-routes.js';
export { MemoryUploadStaging } from './memory-upload-staging.js';
export { checkDigest, checkName, checkReference, type ManifestReference } from './names.js';
export { isOciError, OciError, type OciErrorCode, ociErrorStatus } from './oci-errors.js';
export {
  allowAll,
  type CoarseRegistryAccess,
  type RegistryAccess,
  type RegistryAuthorizer,
  registryAccess,
} from './registry-access.js';
export {
  createRegistryServer,
  type RegistryHandler,
  type RegistryServerOptions,
  type StreamingRegistryHandler,
} from './registry-server.js';
export {
  type GrantAction,
  hashPassword,
  patternMatches,
  type RegistryGrant,
  type RegistryUser,
  RegistryUsers,
  verifyPassword,
} from './registry-users.js';
export { type ManifestRecord, RepositoryStore, type TagRecord } from './repository-store.js';
export type {
  BodyStream,
  IncomingRequest,
  ResponseBody,
  ServerHeaders,
  ServerRequest,
  ServerResponse,
} from './server-http.js';
export { createTokenEndpoint } from './token-endpoint.js';
export {
  parseRepositoryScope,
  type TokenAccess,
  type TokenCheck,
  TokenService,
  type TokenServiceOptions,
  tokenAllows,
} from './token-service.js';
export {
  type ChunkExpectation,
  defaultMaxBlobBytes,
  type UploadRecord,
  UploadSessions,
  type UploadSessionsDeps,
  type UploadSessionsOptions,
  uploadHeaders,
} from './upload-sessions.js';
export type { StagedAppend, UploadStaging } from './upload-staging.js';
