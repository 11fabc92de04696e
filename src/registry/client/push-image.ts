import {
  computeDigest,
  type Digest,
  type ImageReference,
  manifestIdentifier,
} from '../../engines/oci/index.js';
import { BerthError } from '../../errors/index.js';
import { type BlobPushOutcome, type PushBlob, pushBlob, pushError, sendPush } from './push-blob.js';
import { header } from './read-body.js';
import { redactUrl } from './redact.js';
import type { RegistryClient } from './registry-client.js';
import { RegistryError } from './registry-error.js';

/**
 * An image held in memory, ready to push: every blob the manifest names (config and layers) and the manifest's exact
 * bytes, whose sha256 is the image's digest. For small images built on the spot (berth demo); a pushed blob is
 * sent as one body.
 */
export interface PushableImage {
  readonly blobs: readonly PushBlob[];
  readonly manifest: { readonly mediaType: string; readonly bytes: Uint8Array };
}

export interface PushImageOptions {
  readonly signal?: AbortSignal;
  /** Told of each blob once it is in the registry. */
  readonly onBlob?: (digest: Digest, outcome: BlobPushOutcome) => void;
}

export interface PushedImage {
  /** The manifest's digest: what a pull by digest, or `imageDigest` of a task, shows. */
  readonly digest: Digest;
  readonly uploaded: number;
  readonly present: number;
}

/**
 * Pushes an image to `reference` (its tag, or its digest): the blobs one after the other — skipping those the
 * registry has — then the manifest, PUT last so the registry can check that everything it names is there. The
 * credentials come from the client's keychain; the token asks for `repository:<name>:pull,push`. Failures are
 * RegistryErrors: UNAUTHORIZED for a login the registry refuses, DENIED for one that may not push there.
 */
export async function pushImage(
  client: RegistryClient,
  reference: ImageReference,
  image: PushableImage,
  options: PushImageOptions = {},
): Promise<PushedImage> {
  const digest = computeDigest(image.manifest.bytes);
  if (reference.digest !== undefined && reference.digest !== digest) {
    throw new BerthError(
      'BERTH_INVALID_ARGUMENT',
      `the manifest's digest is ${digest}, not the ${reference.digest} the reference names`,
    );
  }
  const session = client.session(reference);
  let uploaded = 0;
  for (const blob of image.blobs) {
    const outcome = await pushBlob(session, blob, options.signal);
    if (outcome === 'uploaded') uploaded++;
    options.onBlob?.(blob.digest, outcome);
  }

  const url = session.url('manifests', manifestIdentifier(reference));
  const response = await sendPush(session, {
    method: 'PUT',
    url,
    operation: 'manifest',
    headers: { 'content-type': image.manifest.mediaType },
    body: image.manifest.bytes,
    signal: options.signal,
  });
  if (response.status !== 201) throw await pushError(session, response, 'PUT', 'manifest');
  await response.body.dump().catch(() => undefined);
  // The registry names the digest it stored; another one means it rewrote the manifest, and pulls would not match.
  const stored = header(response, 'docker-content-digest');
  if (stored !== undefined && stored !== digest) {
    throw new RegistryError(
      'BERTH_REGISTRY_PROTOCOL',
      `the registry stored the manifest as ${stored}, not ${digest}`,
      { operation: 'manifest', method: 'PUT', url: redactUrl(url), status: response.status },
    );
  }
  return { digest, uploaded, present: image.blobs.length - uploaded };
}
