import type { ContentStore } from '../../content/index.js';
import type { Digest } from '../../engines/oci/index.js';
import type { ResolvedImage } from '../../registry/client/index.js';
import { unpackImage } from '../unpack/index.js';

export interface UnpackStepRequest {
  readonly store: ContentStore;
  readonly image: ResolvedImage;
  /** Where the rootfs appears, complete, or not at all. */
  readonly rootfs: string;
  /** Told after each layer is applied (index from 0). */
  readonly onLayer?: (digest: Digest, index: number, count: number) => void;
}

export interface UnpackStepResult {
  readonly rootfs: string;
  readonly chainId: Digest;
}

/** The unpack step of a pull, as a function the pull takes, so tests and other callers can swap it. */
export type UnpackStep = (request: UnpackStepRequest) => Promise<UnpackStepResult>;

/**
 * The one place the pull calls agent/unpack: layers from the content store, each diffID verified, applied in order
 * into a staging directory that becomes `rootfs` only when all of them verified.
 */
export const unpackStep: UnpackStep = async (request) => {
  const result = await unpackImage({
    store: request.store,
    manifest: request.image.manifest,
    config: request.image.config,
    rootDir: request.rootfs,
    onLayer: (_layer, index, count) =>
      request.onLayer?.(request.image.manifest.layers[index]!.digest, index, count),
  });
  return { rootfs: result.rootDir, chainId: result.chainId };
};
