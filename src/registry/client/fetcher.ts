import type { BlobInfo, ContentStore } from '../../content/index.js';
import type { Descriptor, Digest } from '../../engines/oci/index.js';
import { blobSource } from './blob-source.js';
import type { RegistrySession } from './registry-session.js';
import type { ResolvedImage } from './resolver.js';
import type { RetryContext } from './send-with-retry.js';
import { bytesSource } from './small-blob.js';

/** What happens to one layer, in the words `docker pull` prints. */
export type LayerProgress =
  | { readonly kind: 'waiting'; readonly digest: Digest; readonly size: number }
  | { readonly kind: 'exists'; readonly digest: Digest; readonly size: number }
  | { readonly kind: 'downloading'; readonly digest: Digest; readonly size: number; readonly bytes: number }
  | { readonly kind: 'complete'; readonly digest: Digest; readonly size: number };

export interface FetchOptions {
  /** Layers downloaded at once; default 4 (go-containerregistry; containerd 3, skopeo 6). */
  readonly concurrency?: number;
  /** Reconnections per blob after a broken connection. */
  readonly resumes?: number;
  readonly onProgress?: (event: LayerProgress) => void;
  readonly signal?: AbortSignal;
}

/** The blobs of a pulled image, all committed to the store. */
export interface FetchedImage {
  readonly manifest: BlobInfo;
  readonly config: BlobInfo;
  readonly layers: readonly BlobInfo[];
}

/**
 * Puts an image's manifest, config and layers into the content store (ref registry-protocol §0 items 5 and 10): the manifest and
 * config from the bytes the resolver verified, the layers downloaded in parallel through `ContentStore.ingest`
 * (sha256 while streaming, size enforced, atomic commit, single-flight), resumed with Range after a broken
 * connection. Layers the store already has are not fetched. The first failure cancels the other downloads; the
 * error is thrown once they have all stopped, so no partial blob outlives the call.
 */
export async function fetchImage(
  session: RegistrySession,
  context: RetryContext,
  image: ResolvedImage,
  store: ContentStore,
  options: FetchOptions = {},
): Promise<FetchedImage> {
  const manifest = await store.ingest(
    { digest: image.manifestDigest, size: image.manifestBytes.byteLength },
    bytesSource(image.manifestBytes),
  );
  const config = await store.ingest(
    { digest: image.manifest.config.digest, size: image.manifest.config.size },
    bytesSource(image.configBytes),
  );
  const controller = new AbortController();
  const abort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', abort, { once: true });
  const layers = image.manifest.layers;
  for (const layer of layers)
    options.onProgress?.({ kind: 'waiting', digest: layer.digest, size: layer.size });
  try {
    const results = await runLimited(layers, options.concurrency ?? 4, controller, (layer) =>
      fetchLayer(session, context, layer, store, controller.signal, options),
    );
    return { manifest, config, layers: results };
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}

async function fetchLayer(
  session: RegistrySession,
  context: RetryContext,
  layer: Descriptor,
  store: ContentStore,
  signal: AbortSignal,
  options: FetchOptions,
): Promise<BlobInfo> {
  const existing = await store.info(layer.digest);
  if (existing !== undefined) {
    options.onProgress?.({ kind: 'exists', digest: layer.digest, size: layer.size });
    return existing;
  }
  const source = blobSource(session, context, layer, {
    signal,
    ...(options.resumes === undefined ? {} : { resumes: options.resumes }),
  });
  // One attempt for the store: the source resumes by itself, and only for failures worth resuming.
  const info = await store.ingest({ digest: layer.digest, size: layer.size }, source, {
    attempts: 1,
    onProgress: (bytes) =>
      options.onProgress?.({ kind: 'downloading', digest: layer.digest, size: layer.size, bytes }),
  });
  options.onProgress?.({ kind: 'complete', digest: layer.digest, size: layer.size });
  return info;
}

/** Runs `work` over `items`, `limit` at a time, results in item order; the first failure aborts the rest. */
async function runLimited<T, R>(
  items: readonly T[],
  limit: number,
  controller: AbortController,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]!);
      } catch (error) {
        if (failure === undefined) {
          failure = { error };
          controller.abort(error);
        }
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  if (failure !== undefined) throw failure.error;
  return results;
}
