import { readdirSync, rmSync, unlinkSync } from 'node:fs';
import { relativeKey } from './entry-path.js';
import { hostPath, lstatOrUndefined, resolveInRoot } from './root-resolver.js';

/**
 * Whiteouts of one layer (image-spec layer.md "Whiteouts"; reference/registry-protocol.md §4.1, §4.5 step 7).
 * A whiteout deletes from *lower* layers only, so the paths this layer creates are remembered (with their
 * ancestors, as umoci's `upperPaths` and containerd's `unpackedPaths` do) and spared:
 * - `.wh.<name>` in D removes D/<name> unless this layer made it;
 * - `.wh..wh..opq` in D removes every child of D this layer did not make, recursing into directories it did make
 *   (so the result is the same wherever the marker sits in the archive: the rule "applies first").
 * D is resolved in-root like any parent, so a whiteout under a symlink acts on the symlink's in-root target and
 * never outside; the named child itself is not followed (a whited-out symlink is removed, not its target).
 * Removal never follows symlinks (rm's recursion uses lstat). A whiteout whose directory does not exist is a no-op.
 */
export class LayerWhiteouts {
  readonly #root: string;
  /** Root-relative keys of what this layer created, closed under ancestors. */
  readonly #upper = new Set<string>();

  constructor(root: string) {
    this.#root = root;
  }

  /** Records that this layer created `parts` (and so, for whiteout purposes, each ancestor). */
  markCreated(parts: readonly string[]): void {
    for (let length = parts.length; length > 0; length--) {
      const key = relativeKey(parts.slice(0, length));
      if (this.#upper.has(key)) return; // its ancestors are in already
      this.#upper.add(key);
    }
  }

  /** True when this layer created `parts`. */
  created(parts: readonly string[]): boolean {
    return this.#upper.has(relativeKey(parts));
  }

  /** `.wh.<name>` in `parent`: removes the lower-layer `parent/<name>`. */
  remove(parent: readonly string[], name: string): undefined {
    const dir = this.#directory(parent);
    if (dir === undefined) return undefined;
    const parts = [...dir, name];
    if (this.created(parts)) return undefined;
    const host = hostPath(this.#root, parts);
    const existing = lstatOrUndefined(host);
    if (!existing) return undefined;
    if (existing.isDirectory()) rmSync(host, { recursive: true, force: true });
    else unlinkSync(host);
    return undefined;
  }

  /** `.wh..wh..opq` in `parent`: hides every lower-layer child of `parent`. */
  opaque(parent: readonly string[]): undefined {
    const dir = this.#directory(parent);
    if (dir !== undefined) this.#clearLower(dir);
    return undefined;
  }

  #clearLower(dir: string[]): void {
    for (const child of readdirSync(hostPath(this.#root, dir), { withFileTypes: true })) {
      const parts = [...dir, child.name];
      const host = hostPath(this.#root, parts);
      if (!this.created(parts)) {
        if (child.isDirectory()) rmSync(host, { recursive: true, force: true });
        else unlinkSync(host);
      } else if (child.isDirectory()) {
        this.#clearLower(parts);
      }
    }
  }

  /** The whiteout's directory resolved in-root, or undefined when there is no such directory. */
  #directory(parent: readonly string[]): string[] | undefined {
    const resolved = resolveInRoot(this.#root, parent, true);
    if (resolved.notDirectory || resolved.firstMissing !== -1) return undefined;
    if (resolved.parts.length > 0 && !resolved.last?.isDirectory()) return undefined;
    return resolved.parts;
  }
}
