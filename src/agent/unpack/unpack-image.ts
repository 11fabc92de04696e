import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ContentStore } from '../../content/index.js';
import {
  type Descriptor,
  type Digest,
  type ImageConfig,
  type ImageManifest,
  layersWithDiffIds,
} from '../../engines/oci/index.js';
import { BerthError } from '../../errors/index.js';
import { type ApplyLayerOptions, applyLayer, type LayerApplyResult } from './apply-layer.js';
import { chainId } from './chain-id.js';

export interface UnpackImageOptions extends ApplyLayerOptions {
  store: ContentStore;
  manifest: Pick<ImageManifest, 'layers'>;
  config: Pick<ImageConfig, 'diffIds'>;
  /** Where the rootfs appears, complete, or not at all. Must not exist, or be an empty directory. */
  rootDir: string;
  /** Told after each layer, for progress output. */
  onLayer?: (result: LayerApplyResult, index: number, count: number) => void;
  /**
   * Awaited before each layer is applied, so that the unpack can follow a download still in progress: it resolves
   * once the layer can be read from the store, committed or still being ingested (applyLayer follows the ingest);
   * a rejection fails the unpack. Default: all there.
   */
  layerReady?: (layer: Descriptor, index: number) => Promise<void>;
}

export interface UnpackImageResult {
  readonly rootDir: string;
  readonly chainId: Digest;
  readonly layers: readonly LayerApplyResult[];
}

/** Staging directories are `.unpack-<name>.<pid>.<hex>` beside the target, for cleanStaleEntries to judge. */
export function stagingName(target: string): string {
  return `.unpack-${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}`;
}

/**
 * Unpacks an image into `rootDir`: its layers are applied in order into a fresh staging directory beside it (same
 * file system), and the staging directory is renamed to `rootDir` only after every diffID verified
 * (reference/registry-protocol.md §4.5 step 1). On any failure the staging directory is removed and `rootDir` is
 * left as it was; a crash leaves only a `.unpack-*` directory that the rootfs cache removes when it opens.
 * The layer count must match the config's diff_ids (layersWithDiffIds).
 */
export async function unpackImage(options: UnpackImageOptions): Promise<UnpackImageResult> {
  const pairs = layersWithDiffIds(options.manifest, options.config);
  const target = resolve(options.rootDir);
  checkTarget(target);
  const staging = join(dirname(target), stagingName(target));
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  mkdirSync(staging, 0o755);
  chmodSync(staging, 0o755);
  const layers: LayerApplyResult[] = [];
  try {
    for (const [index, { layer, diffId }] of pairs.entries()) {
      await options.layerReady?.(layer, index);
      const result = await applyLayer(options.store, layer, diffId, staging, options);
      layers.push(result);
      options.onLayer?.(result, index, pairs.length);
    }
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { rootDir: target, chainId: chainId(options.config.diffIds), layers };
}

function checkTarget(target: string): void {
  let entries: string[];
  try {
    entries = readdirSync(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw new BerthError(
      'BERTH_INVALID_ARGUMENT',
      `rootfs ${JSON.stringify(target)} cannot be used: ${code}`,
      {
        cause: error,
      },
    );
  }
  if (entries.length > 0) {
    throw new BerthError(
      'BERTH_INVALID_ARGUMENT',
      `rootfs ${JSON.stringify(target)} exists and is not empty`,
    );
  }
}
