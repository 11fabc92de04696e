import { createLogger, type Logger } from '../adapters/logger/index.js';
import { nodeRandom } from '../adapters/random.js';
import { SqlitePersistence } from '../adapters/sqlite/index.js';
import {
  acquireStateLock,
  loadMasterKey,
  loadRootCredentials,
  openStateDir,
  type RootCredentials,
  type StateDir,
} from '../adapters/state-dir/index.js';
import {
  CachingPersistence,
  createAesSealer,
  type Persistence,
  type Sealer,
  systemClock,
} from '../ports/index.js';
import type { BerthConfig } from './config.js';

/** What `berth up` holds of its state dir while it runs. */
export interface OpenState {
  readonly dir: StateDir;
  readonly sealer: Sealer;
  readonly persistence: Persistence;
  readonly root: RootCredentials;
  readonly log: Logger;
  /** Closes the store and the log and releases the lock; whatever of them was opened. */
  close(): Promise<void>;
}

/**
 * Opens the state dir under its lock: the master key, the store behind a read cache, the root credentials, the log.
 * On a failure what was opened is closed again before the error goes on.
 */
export async function openState(config: BerthConfig): Promise<OpenState> {
  const dir = openStateDir(config.stateDir);
  const lock = acquireStateLock(dir.lock, dir.path);
  let persistence: Persistence | undefined;
  let log: Logger | undefined;
  const close = async () => {
    persistence?.close();
    await log?.close();
    lock.release();
  };
  try {
    const sealer = createAesSealer(loadMasterKey(dir.masterKey, nodeRandom));
    // Documents are read far more often than written: the services read through a cache, which is sound because
    // no other process writes what they read (the state-dir lock keeps a second `berth up` out; `berth registry`
    // writes only registry users and grants, which the registry reads through a connection of its own).
    persistence = new CachingPersistence(
      new SqlitePersistence(dir.database, { durability: config.durability ?? 'normal' }),
    );
    const root = loadRootCredentials({
      env: config.rootEnv,
      file: dir.rootCredentials,
      sealer,
      random: nodeRandom,
      now: systemClock.now(),
    });
    log = createLogger({ file: dir.log, stderr: config.logToStderr });
    return { dir, sealer, persistence, root, log, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
