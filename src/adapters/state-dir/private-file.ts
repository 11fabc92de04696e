import {
  closeSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BerthError, type BerthErrorCode } from '../../errors/index.js';

/**
 * Files in the state dir that only their owner may read (mode 0600): the master key, the sealed root credentials,
 * the running instance's record. They are written whole to a temporary file, fsynced, then linked or renamed into
 * place, so that a crash leaves either the old file, the new one, or none — never a torn one.
 */
export const privateFile = {
  /**
   * Creates `path` with `data` unless it exists; returns whether this call created it. Two processes racing get
   * one winner (link(2) fails on an existing name), and the loser reads the winner's file.
   */
  createIfAbsent(path: string, data: Uint8Array | string): boolean {
    const temp = writeTemp(path, data);
    try {
      linkSync(temp, path);
      syncDir(path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      unlinkSync(temp);
    }
  },

  /** Writes `path` atomically, replacing any previous version. */
  replace(path: string, data: Uint8Array | string): void {
    const temp = writeTemp(path, data);
    try {
      renameSync(temp, path);
    } catch (error) {
      unlinkSync(temp);
      throw error;
    }
    syncDir(path);
  },

  /**
   * Reads `path`, or undefined when it does not exist. Refuses (with `code`) anything but a regular file owned by
   * this user that no one else may read or write, so that a key file copied with the wrong mode is noticed.
   */
  read(path: string, code: BerthErrorCode): Buffer | undefined {
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    if (!stat.isFile()) throw new BerthError(code, `${path} is not a regular file`);
    if ((stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      throw new BerthError(
        code,
        `${path} has mode ${mode}; it must be readable only by its owner (chmod 600 ${path})`,
      );
    }
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid) {
      throw new BerthError(code, `${path} belongs to uid ${stat.uid}, not to this user (uid ${uid})`);
    }
    return readFileSync(path);
  },

  /** Removes `path` if it exists. */
  remove(path: string): void {
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  },
};

function writeTemp(path: string, data: Uint8Array | string): string {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  return temp;
}

/** Makes the new directory entry durable (a rename or link is not, until its directory is fsynced). */
function syncDir(path: string): void {
  const fd = openSync(dirname(path), 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
