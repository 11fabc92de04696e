import { BerthError } from '../../errors/index.js';
import { type Descriptor, mediaTypeField, parseDescriptor, readDocumentExtras } from './descriptor.js';
import type { Digest } from './digest.js';
import { type ImageIndex, readImageIndex } from './image-index.js';
import { type JsonFields, type JsonObject, jsonFields } from './json-fields.js';
import {
  isImageConfigMediaType,
  isImageManifestMediaType,
  isIndexMediaType,
  isSchema1MediaType,
  mediaTypes,
  normalizeMediaType,
} from './media-types.js';
import { quote } from './quote.js';

/** Manifests and configs are capped at 4 MiB, as Distribution and containers/image do (§2.2). */
export const maxManifestBytes = 4 * 1024 * 1024;

/** An OCI image manifest or Docker schema2 manifest, validated. */
export interface ImageManifest {
  readonly kind: 'manifest';
  /** The body's mediaType, else the Content-Type, else OCI (older OCI manifests omit it). */
  readonly mediaType: string;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
  readonly artifactType?: string;
  readonly subject?: Descriptor;
  readonly annotations?: Readonly<Record<string, string>>;
}

export type ManifestDocument = ImageManifest | ImageIndex;

export interface ParseManifestOptions {
  /** The response's Content-Type; parameters are ignored. */
  readonly contentType?: string;
  /** Checked against the exact bytes before anything is parsed (§0 item 1). */
  readonly expectedDigest?: Digest;
}

// Registries that do not know the type answer with these; they say nothing about which document it is.
const genericContentTypes = new Set(['application/json', 'application/octet-stream', 'text/plain']);

/**
 * Parses a manifest or index from the bytes a registry sent. Rejects: more than 4 MiB, a digest other than the
 * expected one, not JSON, schemaVersion other than 2, a body mediaType that differs from the Content-Type, a
 * document with both `manifests` and `layers`/`config` (CVE-2021-41190), malformed descriptors. Schema1 and
 * non-image media types get BERTH_UNSUPPORTED_MANIFEST.
 */
export function parseManifest(bytes: Uint8Array, options: ParseManifestOptions = {}): ManifestDocument {
  const fields = jsonFields('BERTH_INVALID_MANIFEST', 'invalid manifest');
  const contentType = normalizeMediaType(options.contentType);
  const declared =
    contentType !== undefined && !genericContentTypes.has(contentType) ? contentType : undefined;
  if (isSchema1MediaType(declared)) throw schema1();
  const doc = fields.document(bytes, maxManifestBytes, options.expectedDigest);
  if (doc.schemaVersion === 1) throw schema1();
  if (doc.schemaVersion !== 2) fields.fail(`schemaVersion must be 2, got ${describe(doc.schemaVersion)}`);
  const bodyType =
    doc.mediaType === undefined
      ? undefined
      : normalizeMediaType(mediaTypeField(fields, doc.mediaType, 'mediaType'));
  if (isSchema1MediaType(bodyType)) throw schema1();
  if (bodyType !== undefined && declared !== undefined && bodyType !== declared) {
    fields.fail(`its mediaType ${quote(bodyType)} differs from the Content-Type ${quote(declared)}`);
  }
  const hasManifests = doc.manifests !== undefined;
  const hasImageParts = doc.layers !== undefined || doc.config !== undefined;
  if (hasManifests && hasImageParts) {
    fields.fail('it is ambiguous: it has "manifests" and also "layers" or "config" (CVE-2021-41190)');
  }
  const mediaType = bodyType ?? declared ?? inferredType(hasManifests, hasImageParts, fields);
  if (isIndexMediaType(mediaType)) {
    if (!hasManifests) fields.fail(`a ${mediaType} document must have "manifests"`);
    return readImageIndex(doc, mediaType, fields);
  }
  if (isImageManifestMediaType(mediaType)) {
    if (hasManifests) fields.fail(`a ${mediaType} document must not have "manifests"`);
    return readImageManifest(doc, mediaType, fields);
  }
  throw new BerthError(
    'BERTH_UNSUPPORTED_MANIFEST',
    `unsupported manifest media type ${quote(mediaType)}: berth pulls OCI and Docker schema2 images and indexes`,
  );
}

/** An image a runtime can run: not an artifact, and its config is an OCI or Docker image config. */
export function isRunnableImage(manifest: ImageManifest): boolean {
  return manifest.artifactType === undefined && isImageConfigMediaType(manifest.config.mediaType);
}

function readImageManifest(doc: JsonObject, mediaType: string, fields: JsonFields): ImageManifest {
  const config = parseDescriptor(doc.config, 'config', fields);
  const layers = fields
    .array(doc.layers, 'layers')
    .map((layer, i) => parseDescriptor(layer, `layers[${i}]`, fields));
  return { kind: 'manifest', mediaType, config, layers, ...readDocumentExtras(doc, fields) };
}

function inferredType(hasManifests: boolean, hasImageParts: boolean, fields: JsonFields): string {
  if (hasManifests) return mediaTypes.ociIndex;
  if (hasImageParts) return mediaTypes.ociManifest;
  return fields.fail('it has no mediaType and neither "manifests" nor "config"/"layers"');
}

function schema1(): BerthError {
  return new BerthError(
    'BERTH_UNSUPPORTED_MANIFEST',
    'Docker schema 1 manifests are not supported (deprecated since 2017; containerd 2.0 refuses them too): ' +
      'push the image again with a current Docker, BuildKit or skopeo',
  );
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : quote(JSON.stringify(value) ?? String(value), 40);
}
