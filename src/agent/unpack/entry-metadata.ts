import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  futimesSync,
  lchownSync,
  lutimesSync,
  openSync,
} from 'node:fs';

/** What tar says about an entry's attributes, reduced to what berth applies. */
export interface EntryMetadata {
  /** Permission bits with setuid/setgid/sticky (0o7777 at most). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Seconds since the epoch (fractional from PAX). */
  readonly atime: number;
  readonly mtime: number;
}

/** A tar header as tar-stream gives it (type null for a type flag it does not know); PAX records in `pax`. */
export interface TarHeader {
  name: string;
  type?: string | null;
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  mtime?: Date;
  linkname?: string | null;
  pax?: Record<string, string> | null;
}

const maxId = 0xfffffffe; // (uid_t)-1 means "leave unchanged" to chown(2)

/**
 * An entry's attributes. Numeric ids win over names (image-spec layer.md); PAX `uid`/`gid`/`mtime`/`atime`
 * override the ustar fields (tar-stream applies only `path`, `linkpath` and `size`). Mode keeps the permission,
 * setuid, setgid and sticky bits; without ownership (not running as root) setuid/setgid are dropped, since the file
 * would be owned by the unpacking user rather than the user the image meant.
 */
export function entryMetadata(header: TarHeader, sameOwner: boolean): EntryMetadata {
  const pax = header.pax ?? {};
  const mtime = paxSeconds(pax.mtime) ?? (header.mtime ? header.mtime.getTime() / 1000 : 0);
  const atime = paxSeconds(pax.atime) ?? mtime;
  let mode = (header.mode ?? 0o644) & 0o7777;
  if (!sameOwner) mode &= ~0o6000;
  return {
    mode,
    uid: paxId(pax.uid) ?? clampId(header.uid),
    gid: paxId(pax.gid) ?? clampId(header.gid),
    atime,
    mtime,
  };
}

/** Applies ownership, then mode (chown clears setuid/setgid), then times, through an open descriptor. */
export function applyToDescriptor(fd: number, meta: EntryMetadata, sameOwner: boolean): void {
  if (sameOwner) fchownSync(fd, meta.uid, meta.gid);
  fchmodSync(fd, meta.mode);
  futimesSync(fd, meta.atime, meta.mtime);
}

const directoryFlags = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/**
 * Applies metadata to a directory by opening it with O_DIRECTORY|O_NOFOLLOW, so that a symlink standing where the
 * directory was expected fails rather than redirecting a chmod/chown to its target (CVE-2021-32760).
 */
export function applyToDirectory(hostPath: string, meta: EntryMetadata, sameOwner: boolean): void {
  const fd = openSync(hostPath, directoryFlags);
  try {
    applyToDescriptor(fd, meta, sameOwner);
  } finally {
    closeSync(fd);
  }
}

/** A symlink's own owner and times (lchown, lutimes); Linux has no symlink modes. */
export function applyToSymlink(hostPath: string, meta: EntryMetadata, sameOwner: boolean): void {
  if (sameOwner) lchownSync(hostPath, meta.uid, meta.gid);
  lutimesSync(hostPath, meta.atime, meta.mtime);
}

/** Extended attributes the entry carries (PAX `SCHILY.xattr.*`), which berth does not apply yet. */
export function xattrNames(header: TarHeader): string[] {
  return Object.keys(header.pax ?? {})
    .filter((key) => key.startsWith('SCHILY.xattr.'))
    .map((key) => key.slice('SCHILY.xattr.'.length));
}

/** True when PAX records describe a GNU sparse file, whose data tar-stream would hand over still encoded. */
export function isSparse(header: TarHeader): boolean {
  return Object.keys(header.pax ?? {}).some((key) => key.startsWith('GNU.sparse.'));
}

function paxSeconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^-?\d+(?:\.\d+)?$/.test(value)) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds : undefined;
}

function paxId(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,10}$/.test(value)) return undefined;
  const id = Number(value);
  return id <= maxId ? id : undefined;
}

function clampId(value: number | undefined): number {
  return value !== undefined && Number.isSafeInteger(value) && value >= 0 && value <= maxId ? value : 0;
}
