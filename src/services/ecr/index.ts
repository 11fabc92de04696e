// services/ecr: Amazon ECR's API over berth's registry, and the registry's ECR login (ref ecr).
export type { TokenCheck, TokenGrant } from './auth-tokens.js';
export { createEcrService, type EcrDeps, type EcrService } from './ecr-service.js';
export type {
  EcrImageStore,
  EcrLayerUploads,
  ManifestRefusal,
  StoredManifest,
  StoredTag,
  UploadRefusal,
} from './image-store.js';
export {
  EcrRegistryAuthorization,
  type RegistryCheck,
  type RegistryVerdict,
} from './registry-authorization.js';
export type {
  SecretRead,
  UpstreamImages,
  UpstreamImport,
  UpstreamLogin,
  UpstreamSecrets,
} from './upstream-ports.js';
