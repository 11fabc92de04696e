import type { ContentStore } from '../../content/index.js';
import type { Descriptor, Digest } from '../../engines/oci/index.js';
import type { ResolvedImage } from '../../registry/client/index.js';
import { unpackImage } from '../unpack/index.js';

export interface UnpackStepRequest {
  readonly store: ContentStore;
  readonly image: ResolvedImage;
  /**
   * Resolves once `layer` can be read from the store — its download has stored its first bytes, to be read with
   * `follow` as the rest arrives, or it is committed — and rejects when the download failed: the step starts as
   * soon as the image is resolved and awaits each layer before applying it, so that it follows the download.
   */
  readonly layerReady: (layer: Descriptor) => Promise<void>;
  /** Resolves once `layer` is committed to the store (all of it, verified); rejects when the download failed. */
  readonly layerStored: (layer: Descriptor) => Promise<void>;
  /** Told after each layer is applied (index from 0). */
  readonly onLayer?: (digest: Digest, index: number, count: number) => void;
}

export interface UnpackStepResult {
  readonly rootfs: string;
  readonly chainId: Digest;
}

/** The unpack step of a pull: into a directory (`unpackInto`), or the agent's rootfs cache. */
export type UnpackStep = (request: UnpackStepRequest) => Promise<UnpackStepResult>;

/**
 * Unpacks into `rootfs` with agent/unpack: layers from the content store (followed while they download), each
 * digest and diffID verified, applied in order into a staging directory that becomes `rootfs` only when all of them
 * verified.
 */
export function unpackInto(rootfs: string): UnpackStep {
  return async (request) => {
    const result = await unpackImage({
      store: request.store,
      manifest: request.image.manifest,
      config: request.image.config,
      rootDir: rootfs,
      layerReady: request.layerReady,
      onLayer: (_layer, index, count) =>
        request.onLayer?.(request.image.manifest.layers[index]!.digest, index, count),
    });
    return { rootfs: result.rootDir, chainId: result.chainId };
  };
}
