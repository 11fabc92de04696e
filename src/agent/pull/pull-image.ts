import type { ContentStore } from '../../content/index.js';
import type { ImageReference, Platform } from '../../engines/oci/index.js';
import { BerthError, isBerthError } from '../../errors/index.js';
import type {
  FetchedImage,
  LayerProgress,
  RegistryClient,
  ResolvedImage,
} from '../../registry/client/index.js';
import { type LaunchType, pullFailureReason } from './pull-failure-reason.js';
import { type UnpackStep, type UnpackStepResult, unpackStep } from './unpack-step.js';

export interface PullImageRequest {
  readonly client: RegistryClient;
  readonly store: ContentStore;
  readonly reference: ImageReference;
  readonly platform: Platform;
  /** Unpack into this directory after the download; omitted: download and verify only. */
  readonly rootfs?: string;
  readonly concurrency?: number;
  readonly launchType?: LaunchType;
  /** Told of each step, for progress output. */
  readonly onEvent?: (event: PullEvent) => void;
  readonly signal?: AbortSignal;
  /** The unpack step; agent/unpack unless a test swaps it. */
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
 * manifest, config and layers into the content store, then unpack into `rootfs` when asked. Any failure becomes an
 * ImagePullError carrying the ECS text.
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
    const fetched = await request.client.fetch(image, request.store, {
      ...(request.concurrency === undefined ? {} : { concurrency: request.concurrency }),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
      onProgress: (progress) => emit({ kind: 'layer', progress }),
    });
    if (request.rootfs === undefined) return { image, fetched };
    const unpacked = await (request.unpack ?? unpackStep)({
      store: request.store,
      image,
      rootfs: request.rootfs,
      onLayer: (digest, index, count) => emit({ kind: 'unpacked-layer', digest, index, count }),
    });
    return { image, fetched, unpacked };
  } catch (error) {
    const reason = pullFailureReason(error, {
      reference: request.reference,
      platform: request.platform,
      ...(request.launchType === undefined ? {} : { launchType: request.launchType }),
    });
    throw new ImagePullError(reason, error);
  }
}
