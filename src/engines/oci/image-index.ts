import { type Descriptor, parseDescriptor, readDocumentExtras } from './descriptor.js';
import type { JsonFields, JsonObject } from './json-fields.js';
import { isImageManifestMediaType, isIndexMediaType } from './media-types.js';
import { type Platform, platformRank } from './platform.js';

/** An OCI image index or Docker manifest list, validated. */
export interface ImageIndex {
  readonly kind: 'index';
  readonly mediaType: string;
  readonly manifests: readonly Descriptor[];
  readonly artifactType?: string;
  readonly subject?: Descriptor;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Reads an index whose top level `parseManifest` has already checked. */
export function readImageIndex(doc: JsonObject, mediaType: string, fields: JsonFields): ImageIndex {
  const manifests = fields
    .array(doc.manifests, 'manifests')
    .map((entry, i) => parseDescriptor(entry, `manifests[${i}]`, fields));
  return { kind: 'index', mediaType, manifests, ...readDocumentExtras(doc, fields) };
}

const referenceTypeAnnotation = 'vnd.docker.reference.type';

/**
 * BuildKit attestations and other artifacts stored beside images: platform `unknown/unknown`, the
 * `vnd.docker.reference.type` annotation, or an `artifactType`. They never match a platform (§2.3).
 */
export function isAttestation(descriptor: Descriptor): boolean {
  const { platform } = descriptor;
  return (
    (platform?.os === 'unknown' && platform.architecture === 'unknown') ||
    descriptor.annotations?.[referenceTypeAnnotation] !== undefined ||
    descriptor.artifactType !== undefined
  );
}

export interface SelectManifestsOptions {
  /** Only the exact platform, none of the compatible fallbacks (amd64→386, arm64→arm, arm/v7→v6…). */
  readonly strict?: boolean;
}

/**
 * The index entries worth trying for `wanted`, best first (containerd `images.Manifest`): entries whose platform
 * runs there, ranked by compatibility and then by position ("the first matching entry SHOULD be used"), then
 * entries without a platform, which the caller must check against their config's os/architecture. Attestations
 * and media types other than manifests and indexes are left out. Empty means no descriptor matches.
 */
export function selectManifests(
  index: Pick<ImageIndex, 'manifests'>,
  wanted: Platform,
  options: SelectManifestsOptions = {},
): Descriptor[] {
  const ranked: { descriptor: Descriptor; rank: number; position: number }[] = [];
  const unplatformed: Descriptor[] = [];
  for (const [position, descriptor] of index.manifests.entries()) {
    if (isAttestation(descriptor)) continue;
    if (!isImageManifestMediaType(descriptor.mediaType) && !isIndexMediaType(descriptor.mediaType)) continue;
    if (descriptor.platform === undefined) {
      unplatformed.push(descriptor);
      continue;
    }
    const rank = platformRank(wanted, descriptor.platform, options.strict);
    if (rank !== undefined) ranked.push({ descriptor, rank, position });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.position - b.position);
  return [...ranked.map((entry) => entry.descriptor), ...unplatformed];
}
