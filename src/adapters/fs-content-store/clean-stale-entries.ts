import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** An in-progress file untouched this long is stale even if a process with its pid is alive (pid reuse). */
export const defaultStaleAfterMs = 60 * 60 * 1000;

// `<anything>.<pid>.<hex>.partial` (ingest files) or `.<prefix>-<anything>.<pid>.<hex>` (staging directories):
// the pid is the second-to-last dot-separated field.
const ownerPattern = /\.(\d{1,10})\.[0-9a-f]+(?:\.partial)?$/;

/**
 * Removes what crashed or killed processes left in a scratch directory (`ingest/` of the content store, the
 * staging directories of the rootfs cache): entries whose owning process is gone, entries without a readable
 * owner, and files not modified for `staleAfterMs` (pids get reused). Entries of live processes, this one included,
 * are kept, so two berth processes may share a state dir. Directories are judged by their owner only: an unpack
 * gives its staging directory the image's own (often ancient) mtime. `keep` filters names that are not scratch entries at all.
 * Returns the names removed.
 */
export async function cleanStaleEntries(
  dir: string,
  options: { staleAfterMs?: number; now?: number; keep?: (name: string) => boolean } = {},
): Promise<string[]> {
  const staleAfterMs = options.staleAfterMs ?? defaultStaleAfterMs;
  const now = options.now ?? Date.now();
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return removed;
    throw error;
  }
  for (const name of names) {
    if (options.keep?.(name)) continue;
    const path = join(dir, name);
    if (!(await isStale(path, name, now, staleAfterMs))) continue;
    await rm(path, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

async function isStale(path: string, name: string, now: number, staleAfterMs: number): Promise<boolean> {
  const pid = ownerPid(name);
  if (pid === undefined || !isAlive(pid)) return true;
  try {
    const info = await stat(path);
    return info.isFile() && now - info.mtimeMs > staleAfterMs;
  } catch {
    return false; // already gone
  }
}

/** The pid recorded in a scratch entry's name, or undefined when the name does not carry one. */
export function ownerPid(name: string): number | undefined {
  const match = ownerPattern.exec(name);
  if (!match) return undefined;
  const pid = Number(match[1]);
  return pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
