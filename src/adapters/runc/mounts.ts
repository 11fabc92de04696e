/**
 * The mount operations a bundle needs, through util-linux's mount/umount and cp (no shell): an overlay whose lower
 * layer is the cached image (never written: changes land in the bundle's upper directory), a plain copy where
 * overlayfs is unavailable, and unmounting that checks /proc/self/mountinfo rather than trusting exit codes.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface OverlayDirs {
  readonly lower: string;
  readonly upper: string;
  readonly work: string;
  readonly target: string;
}

/** Characters that cannot appear in overlay's lowerdir/upperdir/workdir options without escaping. */
const overlayUnsafe = /[,:\\\n]/;

/** Mounts the overlay; rejects with mount's message (the caller falls back to a copy). */
export async function mountOverlay(dirs: OverlayDirs): Promise<void> {
  const paths = [dirs.lower, dirs.upper, dirs.work];
  const unsafe = paths.find((p) => overlayUnsafe.test(p));
  if (unsafe !== undefined) {
    throw new Error(`the path ${JSON.stringify(unsafe)} contains a character overlay options cannot carry`);
  }
  await run('mount', [
    '-t',
    'overlay',
    'overlay',
    '-o',
    `lowerdir=${dirs.lower},upperdir=${dirs.upper},workdir=${dirs.work}`,
    dirs.target,
  ]);
}

/** `cp -a from/. to`: ownership, modes, times, links, devices and xattrs as they are. */
export function copyTree(from: string, to: string): Promise<void> {
  return run('cp', ['-a', '--', `${from}/.`, to]);
}

/** Whether `path` (absolute, symlink-free) is a mount point in this process's mount namespace. */
function isMountPoint(path: string): boolean {
  return mountPoints().includes(path);
}

/**
 * Unmounts `path` if it is mounted; if the plain unmount leaves it mounted (busy), detaches it lazily so the
 * directory below can be removed without reaching into the mount. Resolves once it is no longer a mount point.
 */
export async function unmountIfMounted(path: string): Promise<void> {
  if (!isMountPoint(path)) return;
  await run('umount', [path]).catch(() => undefined);
  if (!isMountPoint(path)) return;
  await run('umount', ['--lazy', path]);
  if (isMountPoint(path)) throw new Error(`${path} is still mounted after umount --lazy`);
}

/** Mount points under `dir` (absolute, symlink-free), deepest first. */
export function mountPointsUnder(dir: string): string[] {
  return mountPoints()
    .filter((p) => p.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

function mountPoints(): string[] {
  const points: string[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const field = line.split(' ')[4];
    if (field !== undefined) points.push(unescapeMountinfo(field));
  }
  return points;
}

/** mountinfo writes space, tab, newline and backslash as octal escapes (\040 …). */
function unescapeMountinfo(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 10 * 60_000, encoding: 'utf8' }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${command} failed: ${stderr.trim() || error.message}`, { cause: error }));
      else resolve();
    });
  });
}
