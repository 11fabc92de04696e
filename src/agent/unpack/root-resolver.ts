import { chmodSync, lstatSync, mkdirSync, readlinkSync, type Stats } from 'node:fs';
import { BerthError } from '../../errors/index.js';
import { relativeKey } from './entry-path.js';

/** Symlinks followed in one resolution at most (Linux allows 40; securejoin 255). */
export const maxSymlinkHops = 255;

/** A path resolved inside the root. */
export interface ResolvedPath {
  /** Real components under the root: no `.`/`..`, and no symlink except possibly the last when not followed. */
  readonly parts: string[];
  /** Index of the first component that does not exist (every later one is missing too); -1 when all exist. */
  readonly firstMissing: number;
  /** lstat of the last component, when it exists. */
  readonly last: Stats | undefined;
  /** Set when a component that must be a directory is something else: the components up to it. */
  readonly notDirectory?: string[];
}

/** The host path of root-relative components (already clean: no separators, `.` or `..` inside a component). */
export function hostPath(root: string, parts: readonly string[]): string {
  return parts.length === 0 ? root : `${root}/${parts.join('/')}`;
}

/**
 * Resolves `path` (clean components) inside `root` as if `root` were `/` — what `filepath-securejoin` and
 * containerd's `fs.RootPath` do (reference/registry-protocol.md §4.5 step 2): component by component with lstat;
 * a symlink is replaced by its target (an absolute target restarts at the root, `..` stops at the root), so no
 * symlink, whatever layer made it, leads outside. The last component is followed only when `followLast`.
 *
 * Nothing is cached between calls (a cache of resolved parents was containerd's CVE-2025-47290): every entry
 * resolves afresh, seeing what earlier entries and layers did. Missing components are kept lexically, so the
 * caller can create them. Synchronous on purpose: a few lstat calls per entry, no thread-pool round trips.
 */
export function resolveInRoot(root: string, path: readonly string[], followLast: boolean): ResolvedPath {
  const pending = [...path].reverse();
  const parts: string[] = [];
  let firstMissing = -1;
  let last: Stats | undefined;
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.pop()!;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      parts.pop();
      if (firstMissing >= parts.length) firstMissing = -1;
      last = undefined;
      continue;
    }
    parts.push(part);
    last = undefined;
    if (firstMissing !== -1) continue; // below a missing directory: missing too
    const stats = lstatOrUndefined(hostPath(root, parts));
    if (stats === undefined) {
      firstMissing = parts.length - 1;
      continue;
    }
    const more = pending.some((p) => p !== '' && p !== '.');
    if (stats.isSymbolicLink() && (more || followLast)) {
      if (++hops > maxSymlinkHops) {
        throw new BerthError(
          'BERTH_INVALID_LAYER',
          `too many symlinks resolving ${JSON.stringify(relativeKey(path))} inside the root`,
        );
      }
      const target = readlinkSync(hostPath(root, parts));
      parts.pop();
      if (target.startsWith('/')) parts.length = 0;
      pending.push(...target.split('/').reverse());
      continue;
    }
    if (more && !stats.isDirectory()) {
      return { parts, firstMissing: -1, last: stats, notDirectory: [...parts] };
    }
    last = stats;
  }
  // A `..` may have popped back onto an existing directory whose lstat was dropped: look again.
  if (last === undefined && firstMissing === -1 && parts.length > 0) {
    last = lstatOrUndefined(hostPath(root, parts));
    if (last === undefined) firstMissing = parts.length - 1;
  }
  return { parts, firstMissing, last };
}

/**
 * Resolves a directory inside the root (following every symlink in-root) and creates what is missing, 0755 as
 * containerd does for parents a layer does not list. `onCreate` hears of each directory made. Refuses
 * (BERTH_INVALID_LAYER) when a component is not a directory: a changeset replaces only the final component.
 */
export function ensureDirectory(
  root: string,
  path: readonly string[],
  onCreate: (parts: string[]) => void,
): string[] {
  const resolved = resolveInRoot(root, path, true);
  const blocked =
    resolved.notDirectory ??
    (resolved.firstMissing === -1 && resolved.last && !resolved.last.isDirectory()
      ? resolved.parts
      : undefined);
  if (blocked) {
    throw new BerthError(
      'BERTH_INVALID_LAYER',
      `${JSON.stringify(relativeKey(path))}: ${JSON.stringify(relativeKey(blocked))} is not a directory`,
    );
  }
  const { parts, firstMissing } = resolved;
  if (firstMissing !== -1) {
    for (let i = firstMissing; i < parts.length; i++) {
      const made = parts.slice(0, i + 1);
      const host = hostPath(root, made);
      mkdirSync(host, 0o755);
      chmodSync(host, 0o755); // not narrowed by the umask; a directory just made, not a symlink
      onCreate(made);
    }
  }
  return parts;
}

/** lstat, or undefined when the path does not exist (ENOENT, or ENOTDIR below a non-directory). */
export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}
