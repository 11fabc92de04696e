import { lstatSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ContentStore } from '../../content/index.js';
import {
  createDigestVerifier,
  type Descriptor,
  type Digest,
  type LayerCompression,
} from '../../engines/oci/index.js';
import { BerthError, isBerthError } from '../../errors/index.js';
import { decompressLayer, detectCompression, peek } from './layer-decompress.js';
import { LayerWriter, type SkippedEntry } from './layer-writer.js';
import { applyTar } from './tar-apply.js';

export interface ApplyLayerOptions {
  /** Apply the uid/gid from the tar; default: when running as root (otherwise chown would fail). */
  sameOwner?: boolean;
}

/** What applying one layer did. */
export interface LayerApplyResult {
  readonly digest: Digest;
  readonly diffId: Digest;
  readonly compression: LayerCompression;
  readonly entries: number;
  readonly uncompressedBytes: number;
  /** Entries not created, with the reason (device nodes, FIFOs, a non-directory for the root); first 1000. */
  readonly skipped: readonly SkippedEntry[];
  readonly skippedCount: number;
  /** Entries whose extended attributes (e.g. security.capability) were not applied. */
  readonly droppedXattrs: number;
}

/**
 * Applies one layer to `rootDir`: the blob streams from the content store, is decompressed (gzip, zstd or none,
 * by magic number), hashed against `diffId`, parsed as tar and written entry by entry with the in-root rules of
 * LayerWriter (reference/registry-protocol.md §4). No temporary copy of the layer is made.
 *
 * The blob is read with `follow`: while its download is still being ingested, its bytes are applied as they are
 * stored, and the read ends only once the store has verified the blob's digest and size; when that ingest fails,
 * its error (BERTH_DIGEST_MISMATCH of the blob, a broken download) fails this apply as it is. Unverified bytes
 * go through the same in-root rules as any other (a layer with the right digest can be just as hostile).
 *
 * The digests can only be checked at the end, so a failure (BERTH_DIGEST_MISMATCH, BERTH_INVALID_LAYER, a file
 * system error) leaves `rootDir` partly changed: apply into a staging directory and discard it on failure, as
 * unpackImage and the rootfs cache do (ref registry-protocol §4.5 step 1). `rootDir` must be a real directory, not
 * a symlink.
 */
export async function applyLayer(
  store: ContentStore,
  layer: Pick<Descriptor, 'digest' | 'mediaType'>,
  diffId: Digest,
  rootDir: string,
  options: ApplyLayerOptions = {},
): Promise<LayerApplyResult> {
  const root = checkRoot(rootDir);
  const verifier = createDigestVerifier(diffId);
  const download: { failure?: { error: unknown } } = {};
  const { head, all, close } = await peek(
    noteFailure(store.read(layer.digest, { follow: true }), download),
    4,
  );
  let compression: LayerCompression;
  try {
    compression = detectCompression(layer.mediaType, head);
  } catch (error) {
    await close();
    throw error;
  }
  const writer = new LayerWriter(root, { sameOwner: options.sameOwner ?? process.getuid?.() === 0 });
  try {
    await applyTar(decompressLayer(all, compression), writer, verifier);
    verifier.verify();
    writer.finish();
  } catch (error) {
    writer.abort();
    // The blob's own verdict (its digest, its download) comes first, and is not the diffID's.
    if (download.failure !== undefined) throw download.failure.error;
    if (isBerthError(error) && error.code === 'BERTH_DIGEST_MISMATCH') {
      throw new BerthError(
        'BERTH_DIGEST_MISMATCH',
        `layer ${layer.digest} does not match its diffID ${diffId}: uncompressed content is ${verifier.digest()}`,
        { cause: error },
      );
    }
    if (isBerthError(error) && error.code === 'BERTH_INVALID_LAYER') {
      throw new BerthError('BERTH_INVALID_LAYER', `layer ${layer.digest}: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
  return {
    digest: layer.digest,
    diffId,
    compression,
    entries: writer.entries,
    uncompressedBytes: verifier.bytesSeen,
    skipped: writer.skipped,
    skippedCount: writer.skippedCount,
    droppedXattrs: writer.droppedXattrs,
  };
}

/** `source`, recording in `into` the error it fails with. */
async function* noteFailure(
  source: AsyncIterable<Uint8Array>,
  into: { failure?: { error: unknown } },
): AsyncGenerator<Uint8Array> {
  try {
    yield* source;
  } catch (error) {
    into.failure = { error };
    throw error;
  }
}

function checkRoot(rootDir: string): string {
  const root = resolve(rootDir);
  let ok = false;
  try {
    const stats = lstatSync(root);
    ok = stats.isDirectory() && !stats.isSymbolicLink();
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new BerthError(
      'BERTH_INVALID_ARGUMENT',
      `rootfs ${JSON.stringify(root)} is not a directory (or is a symlink)`,
    );
  }
  return root;
}
