// agent/bundle: image config + container definition → the process to run, and a ContainerSpec → runc's config.json.

export { defaultNofile } from './docker-defaults.js';
export { type EtcFileTexts, etcFileTexts, fallbackNameservers } from './etc-files.js';
export type { OciMount, OciNamespace, OciResources, OciRuntimeConfig } from './oci-runtime-spec.js';
export {
  defaultPath,
  type ProcessSpecInput,
  processSpecFrom,
  resolveProcessSpec,
  type SecretValue,
} from './process-spec.js';
export { type AccountFiles, type ResolvedUser, readAccountFiles, resolveUser } from './resolve-user.js';
export {
  containerHostname,
  defaultCgroupParent,
  type EtcFilePaths,
  ociVersion,
  type RuntimeConfigInput,
  rootfsDirectory,
  runtimeConfig,
} from './runtime-config.js';
