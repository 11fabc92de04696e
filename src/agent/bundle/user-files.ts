/**
 * The image's /etc/passwd and /etc/group, read from inside its rootfs: the path is resolved as if the rootfs were `/`
 * (agent/unpack's resolver), so a symlinked /etc or passwd file, whatever it points at, never leads to the host's.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { resolveInRoot } from '../unpack/index.js';

export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export interface GroupEntry {
  readonly name: string;
  readonly gid: number;
  readonly members: readonly string[];
}

/** runc's (libcontainer/user) accepted id range. */
export const maxId = 2 ** 31 - 1;

/** Larger account files than this are not read (a real one is a few KiB). */
const maxFileBytes = 4 * 1024 * 1024;

/** passwd(5) lines `name:password:uid:gid:gecos:home:shell`; lines whose ids are not numbers are skipped. */
export function parsePasswd(text: string): PasswdEntry[] {
  const entries: PasswdEntry[] = [];
  for (const fields of accountLines(text)) {
    const uid = numericId(fields[2]);
    const gid = numericId(fields[3]);
    if (uid !== undefined && gid !== undefined) entries.push({ name: fields[0]!, uid, gid });
  }
  return entries;
}

/** group(5) lines `name:password:gid:member,member`. */
export function parseGroup(text: string): GroupEntry[] {
  const entries: GroupEntry[] = [];
  for (const fields of accountLines(text)) {
    const gid = numericId(fields[2]);
    if (gid === undefined) continue;
    const members = (fields[3] ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m !== '');
    entries.push({ name: fields[0]!, gid, members });
  }
  return entries;
}

/**
 * The text of a file inside `rootfs` (`etc/passwd`), or undefined when it is missing or not a regular file (a FIFO or
 * device planted there must not block or feed the read).
 */
export function readRootFile(rootfs: string, path: readonly string[]): string | undefined {
  let fd: number;
  try {
    // A symlink loop counts as no file, as an open() failing with ELOOP does for Docker.
    const resolved = resolveInRoot(rootfs, path, true);
    if (resolved.firstMissing !== -1 || resolved.notDirectory || !resolved.last?.isFile()) return undefined;
    fd = openSync(
      join(rootfs, ...resolved.parts),
      constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
    );
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return undefined;
    const buffer = Buffer.alloc(Math.min(stats.size, maxFileBytes));
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function* accountLines(text: string): Generator<string[]> {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(':');
    if (fields[0] !== '') yield fields;
  }
}

function numericId(field: string | undefined): number | undefined {
  if (field === undefined || !/^\d{1,10}$/.test(field)) return undefined;
  const id = Number(field);
  return id <= maxId ? id : undefined;
}
