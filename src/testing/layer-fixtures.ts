// Test support for the unpack tests (src/testing is never built or shipped). Builds tar layers with
// tar-stream's pack side, compresses them (zlib; the `zstd` CLI, scripts/system-packages.txt), stores them in a
// MemoryContentStore, and snapshots directory trees so that a test can prove nothing outside a rootfs changed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import type { MemoryContentStore } from '../content/index.js';
import { computeDigest, type Descriptor, type Digest, mediaTypes } from '../engines/oci/index.js';

export interface FixtureEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'block-device' | 'fifo';
  data?: string | Uint8Array;
  linkname?: string;
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: Date;
  pax?: Record<string, string>;
}

export type FixtureCompression = 'gzip' | 'zstd' | 'none';

/** A tar archive of `entries`, in order; `end: false` leaves out the end-of-archive blocks. */
export async function tarBytes(
  entries: readonly FixtureEntry[],
  options: { end?: boolean } = {},
): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    archive.on('data', (chunk) => chunks.push(chunk as Buffer));
    archive.on('end', () => resolve());
    archive.on('error', reject);
  });
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const header = {
      name: entry.name,
      type,
      mode: entry.mode ?? (type === 'directory' ? 0o755 : 0o644),
      uid: entry.uid ?? 0,
      gid: entry.gid ?? 0,
      mtime: entry.mtime ?? new Date('2024-01-02T03:04:05Z'),
      ...(entry.linkname === undefined ? {} : { linkname: entry.linkname }),
      ...(entry.pax === undefined ? {} : { pax: entry.pax }),
    };
    const body = type === 'file' ? Buffer.from(entry.data ?? '') : Buffer.alloc(0);
    await new Promise<void>((resolve, reject) => {
      archive.entry({ ...header, size: body.byteLength }, body, (error) =>
        error ? reject(error) : resolve(),
      );
    });
  }
  archive.finalize();
  await done;
  const tar = Buffer.concat(chunks);
  return options.end === false ? tar.subarray(0, tar.byteLength - 1024) : tar;
}

/** Compresses a tar; zstd through the `zstd` CLI. */
export function compress(tar: Uint8Array, compression: FixtureCompression): Buffer {
  if (compression === 'gzip') return gzipSync(tar);
  if (compression === 'none') return Buffer.from(tar);
  const run = spawnSync('zstd', ['-q', '-c', '-3', '--no-progress'], { input: tar, maxBuffer: 1 << 30 });
  if (run.error || run.status !== 0) {
    throw new Error(`zstd CLI failed (apt-get install zstd): ${run.error ?? run.stderr.toString()}`);
  }
  return run.stdout;
}

const layerMediaTypes: Record<FixtureCompression, string> = {
  gzip: mediaTypes.ociLayerGzip,
  zstd: mediaTypes.ociLayerZstd,
  none: mediaTypes.ociLayer,
};

/** A layer in the store: its descriptor and diffID. */
export interface StoredLayer {
  layer: Descriptor;
  diffId: Digest;
}

/** Stores the blob of a layer (already a tar) and returns its descriptor and diffID. */
export async function storeLayer(
  store: MemoryContentStore,
  tar: Uint8Array,
  compression: FixtureCompression = 'gzip',
  mediaType = layerMediaTypes[compression],
): Promise<StoredLayer> {
  const blob = compress(tar, compression);
  const digest = computeDigest(blob);
  await store.ingest({ digest, size: blob.byteLength }, async () =>
    (async function* () {
      yield blob;
    })(),
  );
  return { layer: { mediaType, digest, size: blob.byteLength }, diffId: computeDigest(tar) };
}

/** Builds, compresses and stores a layer from entries. */
export async function layerOf(
  store: MemoryContentStore,
  entries: readonly FixtureEntry[],
  compression: FixtureCompression = 'gzip',
): Promise<StoredLayer> {
  return storeLayer(store, await tarBytes(entries), compression);
}

/** A scratch directory: `sandbox/` holding canaries, with the rootfs at `sandbox/root`. */
export function sandbox(prefix = 'berth-unpack-'): { dir: string; root: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, root: join(dir, 'root') };
}

/**
 * Canaries beside the rootfs: `canary.txt` (0640), `etc/passwd`, `victim-dir/keep.txt` (0750), a dangling symlink.
 * Escapes aim at these through `..` and through the sandbox's absolute path.
 */
export function plantCanaries(dir: string): void {
  writeFileSync(join(dir, 'canary.txt'), 'canary');
  chmodSync(join(dir, 'canary.txt'), 0o640);
  mkdirSync(join(dir, 'etc'));
  writeFileSync(join(dir, 'etc', 'passwd'), 'root:x:0:0::/root:/bin/sh\n');
  mkdirSync(join(dir, 'victim-dir'));
  chmodSync(join(dir, 'victim-dir'), 0o750);
  writeFileSync(join(dir, 'victim-dir', 'keep.txt'), 'keep');
  symlinkSync('/nonexistent-berth-target', join(dir, 'dangling'));
}

/**
 * Everything observable about the children of `dir`, recursively, without following symlinks: type, mode, owner,
 * size, mtime, link count, content hash, link target, per path. `skip` names top-level entries to leave out (the
 * rootfs itself). `dir`'s own entry is left out: creating the rootfs beside the canaries changes its mtime.
 */
export function snapshotTree(dir: string, skip: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (path: string, rel: string): void => {
    const stats = lstatSync(path);
    let detail = '';
    if (stats.isSymbolicLink()) detail = `-> ${readlinkSync(path)}`;
    else if (stats.isFile()) detail = createHash('sha256').update(readFileSync(path)).digest('hex');
    const fields = [
      stats.mode.toString(8),
      stats.uid,
      stats.gid,
      stats.size,
      stats.mtimeMs,
      stats.nlink,
      detail,
    ];
    out[rel] = fields.join(' ');
    if (stats.isDirectory()) {
      for (const name of readdirSync(path).sort()) walk(join(path, name), `${rel}/${name}`);
    }
  };
  for (const name of readdirSync(dir).sort()) {
    if (!skip.includes(name)) walk(join(dir, name), name);
  }
  return out;
}
