import { lstat, mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chainId, type LayerApplyResult, unpackImage } from '../../agent/unpack/index.js';
import { type ContentStore, SingleFlight } from '../../content/index.js';
import { type Descriptor, type Digest, digestParts, type ImageConfig } from '../../engines/oci/index.js';
import { cleanStaleEntries } from '../fs-content-store/index.js';

const stagingPrefix = '.unpack-';

export interface EnsureRootfsOptions {
  /** Apply tar ownership; default: when running as root. */
  sameOwner?: boolean;
  /** Told after each layer of an unpack (not called on a cache hit). */
  onLayer?: (result: LayerApplyResult, index: number, count: number) => void;
  /** Awaited before each layer is applied: an unpack that follows a download in progress (unpackImage). */
  layerReady?: (layer: Descriptor, index: number) => Promise<void>;
}

/**
 * Unpacked images, keyed by chain ID (image-spec config.md): `<root>/<chain ID hex>` is a complete rootfs or does
 * not exist. An unpack goes to a `.unpack-<hex>.<pid>.<random>` staging directory beside it and is renamed into
 * place only after every diffID verified (unpackImage), so a crash never leaves a half rootfs visible; opening the
 * cache removes the staging directories of dead processes. A second run of the same image is a stat.
 * Concurrent calls for one chain ID share one unpack within the process; two processes racing for it both succeed
 * (the loser's rename fails on the non-empty winner, and its copy is dropped).
 *
 * The cached tree is the image's lower layer: a runtime must not let a container write into it (mount an overlay
 * on top, or use it read-only).
 */
export class RootfsCache {
  /** Per process, not per instance: two caches opened on one directory still unpack an image once. */
  static readonly #flights = new SingleFlight<string, string>();
  readonly root: string;
  readonly #store: ContentStore;

  private constructor(root: string, store: ContentStore) {
    this.root = resolve(root);
    this.#store = store;
  }

  /** Opens (creating when needed) the cache under `root`, reading layers from `store`. */
  static async open(root: string, store: ContentStore): Promise<RootfsCache> {
    await mkdir(root, { recursive: true, mode: 0o700 });
    await cleanStaleEntries(root, { keep: (name) => !name.startsWith(stagingPrefix) });
    return new RootfsCache(root, store);
  }

  /** Where the rootfs of a chain ID lives (whether or not it is there). */
  pathFor(id: Digest): string {
    return join(this.root, digestParts(id).encoded);
  }

  /** The rootfs path of an image when it is already unpacked. */
  async lookup(config: Pick<ImageConfig, 'diffIds'>): Promise<string | undefined> {
    const path = this.pathFor(chainId(config.diffIds));
    return (await isDirectory(path)) ? path : undefined;
  }

  /**
   * The rootfs of an image: from the cache, or unpacked now from the content store (which must hold every layer,
   * or be ingesting it by the time `layerReady` resolves for it: BERTH_BLOB_NOT_FOUND otherwise; a layer still being
   * ingested is applied as it arrives). `layers` are the manifest's, in order, matching `config.diffIds`.
   */
  async ensureRootfs(
    config: Pick<ImageConfig, 'diffIds'>,
    layers: readonly Descriptor[],
    options: EnsureRootfsOptions = {},
  ): Promise<string> {
    const id = chainId(config.diffIds);
    const target = this.pathFor(id);
    if (await isDirectory(target)) return target;
    return RootfsCache.#flights.run(target, async () => {
      if (await isDirectory(target)) return target;
      try {
        await unpackImage({ ...options, store: this.#store, manifest: { layers }, config, rootDir: target });
      } catch (error) {
        // Another process put its (verified) copy into place first: that rootfs is as good as ours.
        if (await isDirectory(target)) return target;
        throw error;
      }
      return target;
    });
  }

  /** Removes a cached rootfs; false when it was not there. */
  async remove(id: Digest): Promise<boolean> {
    const path = this.pathFor(id);
    if (!(await isDirectory(path))) return false;
    await rm(path, { recursive: true, force: true });
    return true;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory();
  } catch {
    return false;
  }
}
