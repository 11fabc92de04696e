// A filesystem layer from a list of entries: an uncompressed tar (its sha256 is the diffID) and its gzip (its sha256
// is the blob digest). Times, owners and modes are fixed, so the same entries always give the same digests.
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { computeDigest, type Digest } from '../../engines/oci/index.js';

export interface LayerEntry {
  /** Relative to the image root; directories end in `/`. */
  readonly path: string;
  /** Default: `symlink` when `target` is given, else `file`. */
  readonly type?: 'file' | 'directory' | 'symlink' | 'link';
  readonly content?: string | Uint8Array;
  /** Symlink or hard-link target. */
  readonly target?: string;
  /** Default 0755 for directories, 0644 otherwise. */
  readonly mode?: number;
}

export interface BuiltLayer {
  /** The gzip-compressed tar: the blob that is pushed. */
  readonly bytes: Uint8Array;
  readonly digest: Digest;
  /** sha256 of the uncompressed tar, as the image config's rootfs lists it. */
  readonly diffId: Digest;
}

/** Every entry's time: reproducible layers (2026-01-01T00:00:00Z). */
export const layerTime = new Date('2026-01-01T00:00:00Z');

/** A tar archive of `entries`, in order, owned by root, with the fixed time. */
export async function tarLayer(entries: readonly LayerEntry[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of archive) chunks.push(chunk as Buffer);
  })();
  for (const entry of entries) {
    const type = entry.type ?? (entry.target !== undefined ? 'symlink' : 'file');
    const header = {
      name: entry.path,
      type,
      mode: entry.mode ?? (type === 'directory' ? 0o755 : 0o644),
      mtime: layerTime,
      uid: 0,
      gid: 0,
      ...(entry.target === undefined ? {} : { linkname: entry.target }),
    };
    await new Promise<void>((resolve, reject) => {
      const written = (error?: Error | null) => (error ? reject(error) : resolve());
      if (type === 'file') archive.entry(header, Buffer.from(entry.content ?? ''), written);
      else archive.entry(header, written);
    });
  }
  archive.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** The layer's tar, gzipped (level 6, the gzip default), with both digests. */
export async function gzipLayer(entries: readonly LayerEntry[]): Promise<BuiltLayer> {
  const tar = await tarLayer(entries);
  const bytes = gzipSync(tar, { level: 6 });
  return { bytes, digest: computeDigest(bytes), diffId: computeDigest(tar) };
}
