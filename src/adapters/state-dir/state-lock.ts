import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { BerthError } from '../../errors/index.js';

/** The state dir's lock, held by one `berth up` for as long as it runs. */
export interface StateLock {
  readonly path: string;
  /** Removes the lock file, if it is still this process's. */
  release(): void;
}

/** Locks taken by this process, so that a second start in the same process is refused too. */
const heldHere = new Set<string>();

/**
 * Takes the lock file (`berth.lock`, holding the pid) of a state dir, or fails with BERTH_STATE_LOCKED naming the
 * pid that holds it. A lock left by a process that no longer exists (kill -9, a crash) is stale and taken over.
 *
 * Limits, accepted for a single-user tool: two starts racing over the same *stale* lock could both succeed (each
 * removes the stale file, then one removes the other's fresh one), and a stale pid reused by an unrelated process
 * keeps the lock until its file is removed by hand — the error message says how.
 */
export function acquireStateLock(path: string, stateDir: string): StateLock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      heldHere.add(path);
      return { path, release: () => release(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readPid(path);
    // Our own pid in a lock this process did not take is a previous incarnation's (a container's pid 1).
    const live = holder === process.pid ? heldHere.has(path) : holder !== undefined && isAlive(holder);
    if (live) {
      throw new BerthError(
        'BERTH_STATE_LOCKED',
        `the state dir ${stateDir} is in use by another berth up (pid ${holder}); stop it first, or remove ` +
          `${path} if no berth is running`,
      );
    }
    removeIfPresent(path);
  }
  throw new BerthError('BERTH_STATE_LOCKED', `could not take the lock ${path}; another berth is starting`);
}

/** Whether a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function release(path: string): void {
  if (!heldHere.delete(path)) return;
  if (readPid(path) === process.pid) removeIfPresent(path);
}

function removeIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
