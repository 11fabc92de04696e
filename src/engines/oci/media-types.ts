/**
 * OCI and Docker media types (reference/registry-protocol.md §2.1; image-spec media-types.md,
 * distribution manifest-v2-2.md). The Docker gzip layer type is interchangeable with OCI `tar+gzip`.
 */
export const mediaTypes = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  ociNondistributableLayer: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  ociNondistributableLayerGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  ociNondistributableLayerZstd: 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerLayerZstd: 'application/vnd.docker.image.rootfs.diff.tar.zstd',
  dockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar',
  dockerForeignLayerGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  dockerSchema1Manifest: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1SignedManifest: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  /** BuildKit attestation layers (in-toto statements), stored beside images in an index. */
  inToto: 'application/vnd.in-toto+json',
} as const;

export type MediaType = (typeof mediaTypes)[keyof typeof mediaTypes];

/**
 * What a client accepts for manifests, in preference order. All four are always sent: Distribution 2.8 answers
 * 404 for an OCI manifest not in Accept and rewrites schema2 to schema1 by tag (§0 item 2, §1.2).
 */
export const manifestAccept: readonly MediaType[] = [
  mediaTypes.ociIndex,
  mediaTypes.ociManifest,
  mediaTypes.dockerManifestList,
  mediaTypes.dockerManifest,
];

/** The `Accept` header value for manifest HEAD/GET requests. */
export const manifestAcceptHeader = manifestAccept.join(', ');

export type LayerCompression = 'gzip' | 'zstd' | 'none';

const indexTypes = new Set<string>([mediaTypes.ociIndex, mediaTypes.dockerManifestList]);
const manifestTypes = new Set<string>([mediaTypes.ociManifest, mediaTypes.dockerManifest]);
const schema1Types = new Set<string>([
  mediaTypes.dockerSchema1Manifest,
  mediaTypes.dockerSchema1SignedManifest,
]);
const configTypes = new Set<string>([mediaTypes.ociConfig, mediaTypes.dockerConfig]);
const layerTypes = new Map<string, LayerCompression>([
  [mediaTypes.ociLayer, 'none'],
  [mediaTypes.ociLayerGzip, 'gzip'],
  [mediaTypes.ociLayerZstd, 'zstd'],
  [mediaTypes.ociNondistributableLayer, 'none'],
  [mediaTypes.ociNondistributableLayerGzip, 'gzip'],
  [mediaTypes.ociNondistributableLayerZstd, 'zstd'],
  [mediaTypes.dockerLayer, 'none'],
  [mediaTypes.dockerLayerGzip, 'gzip'],
  [mediaTypes.dockerLayerZstd, 'zstd'],
  [mediaTypes.dockerForeignLayer, 'none'],
  [mediaTypes.dockerForeignLayerGzip, 'gzip'],
]);
const nondistributableTypes = new Set<string>([
  mediaTypes.ociNondistributableLayer,
  mediaTypes.ociNondistributableLayerGzip,
  mediaTypes.ociNondistributableLayerZstd,
  mediaTypes.dockerForeignLayer,
  mediaTypes.dockerForeignLayerGzip,
]);

/**
 * A Content-Type reduced to its bare media type: parameters dropped (the spec says clients SHOULD ignore them),
 * trimmed and lower-cased. Empty or absent gives undefined.
 */
export function normalizeMediaType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const semicolon = value.indexOf(';');
  const bare = (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase();
  return bare === '' ? undefined : bare;
}

/** An OCI image index or a Docker manifest list. */
export function isIndexMediaType(value: string | undefined): boolean {
  return indexTypes.has(normalizeMediaType(value) ?? '');
}

/** An OCI image manifest or a Docker schema2 manifest. */
export function isImageManifestMediaType(value: string | undefined): boolean {
  return manifestTypes.has(normalizeMediaType(value) ?? '');
}

/** Docker schema1, which berth recognises only to refuse clearly (§2.4). */
export function isSchema1MediaType(value: string | undefined): boolean {
  return schema1Types.has(normalizeMediaType(value) ?? '');
}

/** An OCI or Docker image config: what makes a manifest a runnable image rather than an artifact. */
export function isImageConfigMediaType(value: string | undefined): boolean {
  return configTypes.has(normalizeMediaType(value) ?? '');
}

/** The compression a layer media type declares, or undefined when it is not a layer type berth knows. */
export function layerCompression(value: string | undefined): LayerCompression | undefined {
  return layerTypes.get(normalizeMediaType(value) ?? '');
}

/** Foreign (Docker) or non-distributable (OCI, deprecated) layers, which may carry `urls` (§3.6). */
export function isNondistributableLayer(value: string | undefined): boolean {
  return nondistributableTypes.has(normalizeMediaType(value) ?? '');
}

/**
 * The compression of a layer from its first bytes, as containerd's compression.go does: the media type is not
 * trusted for this (§2.1). Gzip is `1f 8b 08`; zstd is a frame `28 b5 2f fd` or a skippable frame `5? 2a 4d 18`.
 */
export function sniffCompression(head: Uint8Array): LayerCompression {
  if (head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08) return 'gzip';
  if (head.length >= 4) {
    if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
    if ((head[0]! & 0xf0) === 0x50 && head[1] === 0x2a && head[2] === 0x4d && head[3] === 0x18) return 'zstd';
  }
  return 'none';
}
