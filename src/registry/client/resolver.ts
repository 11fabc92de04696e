import type { ContentStore } from '../../content/index.js';
import {
  computeDigest,
  type Descriptor,
  type Digest,
  formatPlatform,
  type ImageConfig,
  type ImageManifest,
  type ImageReference,
  isAttestation,
  isRunnableImage,
  type ManifestDocument,
  manifestAcceptHeader,
  manifestIdentifier,
  maxImageConfigBytes,
  maxManifestBytes,
  normalizePlatform,
  type Platform,
  parseDigest,
  parseImageConfig,
  parseManifest,
  platformMatches,
  selectManifests,
  verifyDigest,
} from '../../engines/oci/index.js';
import { isBerthError } from '../../errors/index.js';
import { header, readBody, statusError } from './read-body.js';
import { redactUrl } from './redact.js';
import { RegistryError } from './registry-error.js';
import type { RegistrySession } from './registry-session.js';
import { fetchSmallBlob, smallBlobThroughStore } from './small-blob.js';

export interface ResolveOptions {
  /** The platform to run on; index entries are chosen for it and single manifests checked against it. */
  readonly platform: Platform;
  /** Only the exact platform, none of containerd's compatible fallbacks. */
  readonly strictPlatform?: boolean;
  readonly signal?: AbortSignal;
  /** Where pulls commit their blobs: the config goes through it, fetched only when it is not there yet. */
  readonly store?: ContentStore;
}

/** An image resolved to one runnable manifest, every document verified against its digest. */
export interface ResolvedImage {
  readonly reference: ImageReference;
  /** What the reference names: the index (multi-arch) or the manifest itself. */
  readonly digest: Digest;
  readonly mediaType: string;
  readonly manifestDigest: Digest;
  readonly manifest: ImageManifest;
  readonly manifestBytes: Uint8Array;
  readonly config: ImageConfig;
  readonly configBytes: Uint8Array;
  /** The platform of the chosen image, from its config. */
  readonly platform: Platform;
}

const maxIndexDepth = 2;

/**
 * Resolves a reference (containerd resolver.go; ref registry-protocol §0 items 1–2, §2.2–2.4): HEAD by tag with the full
 * Accept list for the digest, then GET by digest with the exact bytes verified before parsing, 4 MiB cap;
 * an index is narrowed to the platform (attestations skipped; entries without a platform checked against their
 * config), nested at most two deep; schema1 and ambiguous documents are refused by `parseManifest`.
 */
export async function resolveImage(
  session: RegistrySession,
  reference: ImageReference,
  options: ResolveOptions,
): Promise<ResolvedImage> {
  const wanted = normalizePlatform(options.platform);
  const top = reference.digest ?? (await headDigest(session, manifestIdentifier(reference), options.signal));
  // By digest, the first GET is the resolve step (containerd HEADs it there); by tag, HEAD already was.
  const first = reference.digest === undefined ? 'manifest' : 'resolve';
  const { document, bytes } = await fetchManifest(session, top, undefined, first, options.signal);
  const chosen = await choose(session, document, { digest: top, bytes }, wanted, options, 0);
  if (chosen === undefined) {
    const seen = document.kind === 'index' ? listPlatforms(document.manifests) : 'a single image';
    throw new RegistryError(
      'BERTH_PLATFORM_NOT_FOUND',
      `no image of ${session.repository} runs on ${formatPlatform(wanted)} (found: ${seen})`,
      { operation: 'resolve' },
    );
  }
  return { reference, digest: top, mediaType: document.mediaType, ...chosen };
}

type Chosen = Omit<ResolvedImage, 'reference' | 'digest' | 'mediaType'>;

async function choose(
  session: RegistrySession,
  document: ManifestDocument,
  source: { digest: Digest; bytes: Uint8Array },
  wanted: Platform,
  options: ResolveOptions,
  depth: number,
): Promise<Chosen | undefined> {
  if (document.kind === 'manifest') {
    if (!isRunnableImage(document)) return undefined;
    const configBytes =
      options.store === undefined
        ? await fetchSmallBlob(session, document.config, maxImageConfigBytes, options.signal)
        : await smallBlobThroughStore(
            session,
            options.store,
            document.config,
            maxImageConfigBytes,
            options.signal,
          );
    const config = parseImageConfig(configBytes, { expectedDigest: document.config.digest });
    // A single manifest is checked against its config too, as containerd does when a platform is asked for.
    if (!platformMatches(wanted, config, options.strictPlatform)) return undefined;
    return {
      manifestDigest: source.digest,
      manifest: document,
      manifestBytes: source.bytes,
      config,
      configBytes,
      platform: normalizePlatform(config),
    };
  }
  if (depth >= maxIndexDepth) return undefined;
  for (const candidate of selectManifests(document, wanted, { strict: options.strictPlatform ?? false })) {
    const child = await fetchManifest(session, candidate.digest, candidate, 'manifest', options.signal);
    const found = await choose(
      session,
      child.document,
      { digest: candidate.digest, bytes: child.bytes },
      wanted,
      options,
      depth + 1,
    );
    if (found !== undefined) return found;
  }
  return undefined;
}

/** HEAD by tag → `Docker-Content-Digest`; a registry that answers HEAD badly (405, no digest) gets a GET. */
async function headDigest(session: RegistrySession, tag: string, signal?: AbortSignal): Promise<Digest> {
  const url = session.url('manifests', tag);
  const headers = { accept: manifestAcceptHeader };
  const head = await session.send({
    method: 'HEAD',
    url,
    operation: 'resolve',
    headers,
    ...(signal ? { signal } : {}),
  });
  if (head.status === 200) {
    await head.body.dump().catch(() => undefined);
    const value = header(head, 'docker-content-digest');
    if (value !== undefined) return digestHeader(value, head.url);
  } else if (head.status !== 405) {
    throw await statusError(head, 'HEAD', 'resolve');
  } else {
    await head.body.dump().catch(() => undefined);
  }
  const get = await session.send({
    method: 'GET',
    url,
    operation: 'resolve',
    headers,
    ...(signal ? { signal } : {}),
  });
  if (get.status !== 200) throw await statusError(get, 'GET', 'resolve');
  const bytes = await readBody(get, maxManifestBytes, 'resolve');
  const digest = computeDigest(bytes);
  const claimed = header(get, 'docker-content-digest');
  if (claimed !== undefined && digestHeader(claimed, get.url) !== digest) {
    throw new RegistryError(
      'BERTH_DIGEST_MISMATCH',
      `manifest ${tag}: Docker-Content-Digest ${claimed} does not match the body (${digest})`,
      {
        operation: 'resolve',
        url: redactUrl(get.url),
      },
    );
  }
  return digest;
}

/** GET a manifest by digest: exact bytes hashed and checked against the digest (and descriptor size) first. */
async function fetchManifest(
  session: RegistrySession,
  digest: Digest,
  descriptor: Descriptor | undefined,
  operation: 'resolve' | 'manifest',
  signal?: AbortSignal,
): Promise<{ document: ManifestDocument; bytes: Uint8Array }> {
  let bytes: Uint8Array;
  let contentType: string | undefined;
  if (descriptor?.data !== undefined) {
    bytes = descriptor.data;
    contentType = descriptor.mediaType;
  } else {
    const url = session.url('manifests', digest);
    const response = await session.send({
      method: 'GET',
      url,
      operation,
      headers: { accept: manifestAcceptHeader },
      ...(signal ? { signal } : {}),
    });
    if (response.status !== 200) throw await statusError(response, 'GET', operation);
    bytes = await readBody(response, maxManifestBytes, operation);
    contentType = header(response, 'content-type');
  }
  verifyDigest(bytes, digest, descriptor?.size);
  const document = parseManifest(bytes, contentType === undefined ? {} : { contentType });
  return { document, bytes };
}

function digestHeader(value: string, url: URL): Digest {
  try {
    return parseDigest(value.trim());
  } catch (error) {
    if (!isBerthError(error)) throw error;
    throw new RegistryError(
      'BERTH_REGISTRY_PROTOCOL',
      `invalid Docker-Content-Digest from ${redactUrl(url)}: ${error.message}`,
      {
        operation: 'resolve',
        url: redactUrl(url),
      },
    );
  }
}

function listPlatforms(manifests: readonly Descriptor[]): string {
  const names = manifests
    .filter((m) => m.platform !== undefined && !isAttestation(m))
    .map((m) => formatPlatform(normalizePlatform(m.platform!)));
  return names.length === 0 ? 'no platforms listed' : [...new Set(names)].join(', ');
}
