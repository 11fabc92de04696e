// engines/oci: pure parsing and validation of OCI/Docker references, digests, manifests, configs and platforms.
export { type Descriptor, isValidMediaType } from './descriptor.js';
export {
  computeDigest,
  createDigestVerifier,
  type Digest,
  type DigestAlgorithm,
  type DigestVerifier,
  digestParts,
  isDigest,
  parseDigest,
  verifyDigest,
} from './digest.js';
export {
  type ContainerConfig,
  type ImageConfig,
  layersWithDiffIds,
  maxImageConfigBytes,
  parseImageConfig,
} from './image-config.js';
export {
  type ImageIndex,
  isAttestation,
  type SelectManifestsOptions,
  selectManifests,
} from './image-index.js';
export {
  type ImageManifest,
  isRunnableImage,
  type ManifestDocument,
  maxManifestBytes,
  type ParseManifestOptions,
  parseManifest,
} from './manifest.js';
export {
  isImageConfigMediaType,
  isImageManifestMediaType,
  isIndexMediaType,
  isNondistributableLayer,
  isSchema1MediaType,
  type LayerCompression,
  layerCompression,
  type MediaType,
  manifestAccept,
  manifestAcceptHeader,
  mediaTypes,
  normalizeMediaType,
  sniffCompression,
} from './media-types.js';
export {
  isOciErrorCode,
  type OciErrorCode,
  type OciErrorCodeInfo,
  ociErrorCodes,
} from './oci-error-codes.js';
export {
  compatiblePlatforms,
  formatPlatform,
  normalizePlatform,
  type Platform,
  parsePlatform,
  platformMatches,
  platformRank,
} from './platform.js';
export { quote } from './quote.js';
export {
  defaultTag,
  dockerHubApiHost,
  dockerHubDomain,
  familiarName,
  formatFamiliarReference,
  formatReference,
  type ImageReference,
  manifestIdentifier,
  maxRepositoryPathLength,
  parseReference,
  referenceName,
  registryApiHost,
  withDefaultTag,
} from './reference.js';
