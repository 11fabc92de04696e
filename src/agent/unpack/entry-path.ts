import { BerthError } from '../../errors/index.js';

/** Whiteout file-name prefix (image-spec layer.md "Whiteouts"). */
export const whiteoutPrefix = '.wh.';
/** The opaque-directory marker: hides every lower-layer child of the directory it is in. */
export const opaqueMarker = '.wh..wh..opq';

/**
 * A tar entry name (or hard-link target) as path components inside the root, cleaned lexically the way containerd
 * does (`filepath.Clean("/" + name)`): leading `/` and `./` dropped, `.` and empty components removed, `..` removes
 * the previous component and stops at the root. So `../../etc/passwd`, `/etc/passwd` and `a/../../etc/passwd` all
 * name `etc/passwd` inside the root, and nothing lexical can climb above it (reference/registry-protocol.md §4.3,
 * §4.5 step 2). `[]` is the root itself. Symlinks are not looked at here: that is the resolver's job, per entry.
 *
 * Refused (BERTH_INVALID_LAYER): a NUL byte (only a PAX record can carry one; no file system can store it).
 */
export function cleanEntryPath(name: string, what = 'entry name'): string[] {
  if (name.includes('\0')) {
    throw new BerthError('BERTH_INVALID_LAYER', `${what} ${JSON.stringify(name)} contains a NUL byte`);
  }
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts;
}

/** What an entry's last component says about whiteouts. */
export type WhiteoutKind =
  | { kind: 'none' }
  | { kind: 'opaque' }
  | { kind: 'whiteout'; name: string }
  /** `.wh..wh.<x>` other than the opaque marker: aufs bookkeeping (e.g. `.wh..wh.plnk`), ignored as Docker does. */
  | { kind: 'aufs-metadata' };

/**
 * Classifies an entry's base name. `.wh.<name>` deletes `<name>` from lower layers; `<name>` must be a real name:
 * `.wh.` alone, `.wh..` and `.wh...` are refused (they would name the directory itself or its parent; containerd's
 * WhiteoutRoot/WhiteoutParent/WhiteoutCurrentDirectory cases).
 */
export function whiteoutKind(base: string, entryName: string): WhiteoutKind {
  if (!base.startsWith(whiteoutPrefix)) return { kind: 'none' };
  if (base === opaqueMarker) return { kind: 'opaque' };
  if (base.startsWith(`${whiteoutPrefix}${whiteoutPrefix}`)) return { kind: 'aufs-metadata' };
  const name = base.slice(whiteoutPrefix.length);
  if (name === '' || name === '.' || name === '..') {
    throw new BerthError(
      'BERTH_INVALID_LAYER',
      `whiteout ${JSON.stringify(entryName)} names no file (".wh." must be followed by a file name)`,
    );
  }
  return { kind: 'whiteout', name };
}

/** The root-relative display form of path components, for messages and the upper-path set. */
export function relativeKey(parts: readonly string[]): string {
  return parts.join('/');
}
