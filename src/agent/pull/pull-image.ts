import type { ContentStore } from '../../content/index.js';
import type { ImageReference, Platform } from '../../engines/oci/index.js';
import { BerthError, isBerthError } from '../../errors/index.js';
import type {
  FetchedImage,
  LayerProgress,
  RegistryClient,
  ResolvedImage,
} from '../../registry/client/index.js';
import { LayerArrivals } from './layer-arrivals.js';
import { type LaunchType, pullFailureReason } from './pull-failure-reason.js';
import type { UnpackStep, UnpackStepResult } from './unpack-step.js';

export interface PullImageRequest {
  readonly client: RegistryClient;
  readonly store: ContentStore;
  readonly reference: ImageReference;
  readonly platform: Platform;
  readonly concurrency?: number;
  readonly launchType?: LaunchType;
  /** Told of each step, for progress output. */
  readonly onEvent?: (event: PullEvent) => void;
  readonly signal?: AbortSignal;
  /**
   * Where the image is unpacked (`unpackInto(dir)`, or the agent's rootfs cache); omitted: download and verify only.
   * It starts once the image is resolved and applies each layer, in order, while that layer downloads.
   */
  readonly unpack?: UnpackStep;
}

export type PullEvent =
  | { readonly kind: 'resolved'; readonly image: ResolvedImage }
  | { readonly kind: 'layer'; readonly progress: LayerProgress }
  | {
      readonly kind: 'unpacked-layer';
      readonly digest: string;
      readonly index: number;
      readonly count: number;
    };

export interface PullImageResult {
  readonly image: ResolvedImage;
  readonly fetched: FetchedImage;
  readonly unpacked?: UnpackStepResult;
}

/**
 * A failed pull: `reason` is the stoppedReason ECS would give (pullFailureReason); the cause keeps the typed error
 * and its code, so callers branch on `code`/`kind` and print `reason`.
 */
export class ImagePullError extends BerthError {
  readonly reason: string;

  constructor(reason: string, cause: unknown) {
    super(isBerthError(cause) ? cause.code : 'BERTH_INTERNAL', reason, { cause });
    this.name = 'ImagePullError';
    this.reason = reason;
  }
}

/**
 * The agent's pull (containerd client/pull.go, reduced): resolve the reference for the platform, fetch the
 * manifest, config and layers into the content store, and unpack when asked — the unpack follows the download: each
 * layer is applied, in order, from the bytes its ingest stores as they arrive (a `follow` read, which ends only once
 * the store has verified the blob), so a layer is inflated and written while it downloads. Layers that arrive ahead
 * of their turn wait in the store's in-progress files, so downloads stay concurrent and memory stays flat. Any
 * failure becomes an ImagePullError carrying the ECS text; when the download fails, the unpack that followed it has
 * ended (its staging removed) first.
 */
export async function pullImage(request: PullImageRequest): Promise<PullImageResult> {
  const emit = request.onEvent ?? (() => undefined);
  try {
    const image = await request.client.resolve(request.reference, {
      platform: request.platform,
      store: request.store,
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    });
    emit({ kind: 'resolved', image });
    const arrivals = new LayerArrivals();
    const unpacking = request.unpack?.({
      store: request.store,
      image,
      layerReady: (layer) => arrivals.readable(layer.digest),
      layerStored: (layer) => arrivals.wait(layer.digest),
      onLayer: (digest, index, count) => emit({ kind: 'unpacked-layer', digest, index, count }),
    });
    // Marked handled now: it may fail while the download goes on, and is awaited only after it.
    unpacking?.catch(() => undefined);
    let fetched: FetchedImage;
    try {
      fetched = await request.client.fetch(image, request.store, {
        ...(request.concurrency === undefined ? {} : { concurrency: request.concurrency }),
        ...(request.signal === undefined ? {} : { signal: request.signal }),
        onProgress: (progress) => {
          arrivals.progress(progress);
          emit({ kind: 'layer', progress });
        },
      });
    } catch (error) {
      arrivals.fail(error);
      await unpacking?.catch(() => undefined);
      throw error;
    }
    if (unpacking === undefined) return { image, fetched };
    return { image, fetched, unpacked: await unpacking };
  } catch (error) {
    const reason = pullFailureReason(error, {
      reference: request.reference,
      platform: request.platform,
      ...(request.launchType === undefined ? {} : { launchType: request.launchType }),
    });
    throw new ImagePullError(reason, error);
  }
}
