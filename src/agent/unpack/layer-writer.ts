import {
  closeSync,
  constants,
  linkSync,
  mkdirSync,
  openSync,
  rmSync,
  type Stats,
  symlinkSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { BerthError } from '../../errors/index.js';
import {
  applyToDescriptor,
  applyToDirectory,
  applyToSymlink,
  type EntryMetadata,
  entryMetadata,
  isSparse,
  type TarHeader,
  xattrNames,
} from './entry-metadata.js';
import { cleanEntryPath, relativeKey, whiteoutKind } from './entry-path.js';
import { LayerWhiteouts } from './layer-whiteouts.js';
import { ensureDirectory, hostPath, lstatOrUndefined, resolveInRoot } from './root-resolver.js';

/** Where a regular file's data goes, chunk by chunk, as the tar stream delivers it. */
export interface FileDataSink {
  write(chunk: Uint8Array): void;
  end(): void;
}

/** An entry berth did not create, and why (device nodes, FIFOs, a non-directory for the root). */
export interface SkippedEntry {
  readonly name: string;
  readonly reason: string;
}

const maxSkippedListed = 1000;
const entryErrnos = new Set([
  'ENAMETOOLONG',
  'ELOOP',
  'EEXIST',
  'ENOTDIR',
  'EISDIR',
  'EINVAL',
  'ENOENT',
  'EMLINK',
]);
const createFileFlags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Applies the entries of one layer to a rootfs, as reference/registry-protocol.md §4.5 describes: every name is
 * cleaned and its parent resolved inside the root afresh (root-resolver.ts); the final component is never followed;
 * whatever stands at the path is removed unless both are directories; files are created O_EXCL|O_NOFOLLOW and their
 * attributes applied through the open descriptor; directories get their attributes at the end of the layer
 * (creating children changes a directory's mtime, and a read-only directory must still take children), again
 * through an O_NOFOLLOW descriptor after a fresh resolution. Hard links keep the target inode's attributes.
 */
export class LayerWriter {
  readonly #root: string;
  readonly #sameOwner: boolean;
  readonly #whiteouts: LayerWhiteouts;
  readonly #directories = new Map<string, { parts: string[]; meta: EntryMetadata }>();
  readonly skipped: SkippedEntry[] = [];
  skippedCount = 0;
  entries = 0;
  /** Entries whose extended attributes were not applied (no xattr API in Node). */
  droppedXattrs = 0;
  #openFd: number | undefined;

  constructor(root: string, options: { sameOwner: boolean }) {
    this.#root = root;
    this.#sameOwner = options.sameOwner;
    this.#whiteouts = new LayerWhiteouts(root);
  }

  /**
   * Applies one entry; for a regular file returns the sink its data must be written to. File-system refusals
   * caused by the entry itself (a name too long, a parent that is a file…) become BERTH_INVALID_LAYER.
   */
  entry(header: TarHeader): FileDataSink | undefined {
    this.entries++;
    try {
      return this.#apply(header);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (typeof code === 'string' && entryErrnos.has(code)) {
        throw invalid(header.name, (error as Error).message);
      }
      throw error;
    }
  }

  #apply(header: TarHeader): FileDataSink | undefined {
    const name = header.name;
    if (isSparse(header)) throw invalid(name, 'GNU sparse files are not supported');
    const path = cleanEntryPath(name);
    const meta = entryMetadata(header, this.#sameOwner);
    if (xattrNames(header).length > 0) this.droppedXattrs++;
    if (path.length === 0) {
      // The root itself: only its attributes may change (umoci's CVE-2021-29136 fix; containerd skips it).
      if (header.type === 'directory') this.#directories.set('', { parts: [], meta });
      else this.#skip(name, `a ${header.type ?? 'non-directory'} entry for the root itself is refused`);
      return undefined;
    }
    const parent = path.slice(0, -1);
    const base = path[path.length - 1]!;
    const whiteout = whiteoutKind(base, name);
    if (whiteout.kind === 'opaque') return this.#whiteouts.opaque(parent);
    if (whiteout.kind === 'whiteout') return this.#whiteouts.remove(parent, whiteout.name);
    if (whiteout.kind === 'aufs-metadata') return undefined;
    switch (header.type) {
      case 'file':
      case 'contiguous-file':
        return this.#file(parent, base, meta);
      case 'directory':
        return this.#directory(parent, base, meta);
      case 'symlink':
        return this.#symlink(name, parent, base, header.linkname, meta);
      case 'link':
        return this.#hardlink(name, parent, base, header.linkname);
      case 'character-device':
      case 'block-device':
      case 'fifo':
        this.#skip(name, `${header.type} not created (runc provides /dev; Node cannot mknod)`);
        return undefined;
      default:
        throw invalid(name, `unsupported tar entry type ${JSON.stringify(header.type)}`);
    }
  }

  /** Applies the deferred directory attributes, deepest first. Call once, after the last entry. */
  finish(): void {
    const pending = [...this.#directories.values()].sort((a, b) => b.parts.length - a.parts.length);
    for (const { parts, meta } of pending) {
      const resolved = resolveInRoot(this.#root, parts, false);
      if (resolved.notDirectory || !(parts.length === 0 || resolved.last?.isDirectory())) continue;
      applyToDirectory(hostPath(this.#root, resolved.parts), meta, this.#sameOwner);
    }
    this.#directories.clear();
  }

  /** Releases a file left open by a failure. */
  abort(): void {
    if (this.#openFd !== undefined) closeSync(this.#openFd);
    this.#openFd = undefined;
  }

  #file(parent: string[], base: string, meta: EntryMetadata): FileDataSink {
    const { parts, host } = this.#prepare(parent, base, false);
    const fd = openSync(host, createFileFlags, 0o600);
    this.#openFd = fd;
    this.#whiteouts.markCreated(parts);
    return {
      write(chunk) {
        for (let at = 0; at < chunk.byteLength; ) at += writeSync(fd, chunk, at, chunk.byteLength - at);
      },
      end: () => {
        this.#openFd = undefined;
        try {
          applyToDescriptor(fd, meta, this.#sameOwner);
        } finally {
          closeSync(fd);
        }
      },
    };
  }

  #directory(parent: string[], base: string, meta: EntryMetadata): undefined {
    const { parts, host, existing } = this.#prepare(parent, base, true);
    if (!existing) mkdirSync(host, 0o700);
    this.#whiteouts.markCreated(parts);
    this.#directories.set(relativeKey(parts), { parts, meta });
    return undefined;
  }

  #symlink(
    name: string,
    parent: string[],
    base: string,
    target: string | null | undefined,
    meta: EntryMetadata,
  ) {
    if (!target) throw invalid(name, 'symlink has an empty target');
    if (target.includes('\0')) throw invalid(name, 'symlink target contains a NUL byte');
    const { parts, host } = this.#prepare(parent, base, false);
    // Stored verbatim: it is interpreted inside the container, and berth itself only follows it in-root.
    symlinkSync(target, host);
    applyToSymlink(host, meta, this.#sameOwner);
    this.#whiteouts.markCreated(parts);
    return undefined;
  }

  #hardlink(name: string, parent: string[], base: string, linkname: string | null | undefined): undefined {
    const targetPath = cleanEntryPath(linkname ?? '', 'hard link target');
    if (targetPath.length === 0) throw invalid(name, 'hard link to the root directory');
    // The target's parent is resolved in-root; the target itself is not followed (a link to a symlink links the
    // symlink, as link(2) does), so it can never be a file outside the root.
    const target = resolveInRoot(this.#root, targetPath, false);
    if (target.notDirectory || target.firstMissing !== -1 || !target.last) {
      throw invalid(name, `hard link target ${JSON.stringify(linkname)} does not exist in the rootfs`);
    }
    if (target.last.isDirectory())
      throw invalid(name, `hard link target ${JSON.stringify(linkname)} is a directory`);
    const parentParts = ensureDirectory(this.#root, parent, (made) => this.#whiteouts.markCreated(made));
    const parts = [...parentParts, base];
    if (relativeKey(parts) === relativeKey(target.parts)) return undefined; // a link to itself
    const host = hostPath(this.#root, parts);
    removeExisting(host, lstatOrUndefined(host));
    linkSync(hostPath(this.#root, target.parts), host);
    this.#whiteouts.markCreated(parts);
    return undefined;
  }

  /** Resolves the parent (creating it), then clears the final component unless both are directories. */
  #prepare(parent: string[], base: string, isDirectory: boolean) {
    const parentParts = ensureDirectory(this.#root, parent, (made) => this.#whiteouts.markCreated(made));
    const parts = [...parentParts, base];
    const host = hostPath(this.#root, parts);
    let existing = lstatOrUndefined(host);
    if (existing && !(isDirectory && existing.isDirectory())) {
      removeExisting(host, existing);
      existing = undefined;
    }
    return { parts, host, existing };
  }

  #skip(name: string, reason: string): void {
    this.skippedCount++;
    if (this.skipped.length < maxSkippedListed) this.skipped.push({ name, reason });
  }
}

/** Removes what stands at `host` without following symlinks (rm's recursion uses lstat). */
export function removeExisting(host: string, existing: Stats | undefined): void {
  if (!existing) return;
  if (existing.isDirectory()) rmSync(host, { recursive: true, force: true });
  else unlinkSync(host);
}

function invalid(name: string, reason: string): BerthError {
  return new BerthError('BERTH_INVALID_LAYER', `entry ${JSON.stringify(name)}: ${reason}`);
}
