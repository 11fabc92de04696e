import { BerthError, Secret } from '../../errors/index.js';
import type { Sealer } from '../../ports/index.js';
import { privateFile } from './private-file.js';
import { isAlive } from './state-lock.js';

/** What `berth env` and other commands need to reach the running `berth up` of a state dir. */
export interface InstanceInfo {
  readonly pid: number;
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  /** `https://localhost:PORT`: the HTTPS listener (absent in records of berth versions without one). */
  readonly tlsEndpoint?: string;
  /** The CA certificate that signed the HTTPS listener's certificate. */
  readonly caBundle?: string;
  readonly accountId: string;
  readonly region: string;
  /** The root credentials this instance accepts (from the environment or the state dir). */
  readonly accessKeyId: string;
  readonly secretAccessKey: Secret;
  readonly startedAt: string;
}

interface StoredInstance extends Omit<InstanceInfo, 'secretAccessKey'> {
  readonly version: 1;
  /** Sealed under `instance/<pid>/<accessKeyId>`: root credentials from the environment are not kept in clear. */
  readonly secretAccessKey: string;
}

/**
 * The running instance's record (`instance.json`, 0600), written once `berth up` listens and removed when it stops.
 * A record whose pid is gone (kill -9) counts as not running.
 */
export const instanceRecord = {
  write(path: string, info: InstanceInfo, sealer: Sealer): void {
    const stored: StoredInstance = {
      ...info,
      version: 1,
      secretAccessKey: sealer.seal(Buffer.from(info.secretAccessKey.reveal()), label(info)),
    };
    privateFile.replace(path, `${JSON.stringify(stored, null, 2)}\n`);
  },

  /**
   * The running instance, or BERTH_NOT_RUNNING with a hint naming the state dir. The sealer is asked for only when
   * there is a record to open, so that reading a state dir where berth never ran creates nothing in it.
   */
  read(path: string, stateDir: string, sealer: Sealer | (() => Sealer)): InstanceInfo {
    const bytes = privateFile.read(path, 'BERTH_STATE_INVALID');
    const notRunning = `berth is not running on the state dir ${stateDir} (start it with: berth up --state ${stateDir})`;
    if (!bytes) throw new BerthError('BERTH_NOT_RUNNING', notRunning);
    let stored: StoredInstance;
    try {
      stored = JSON.parse(bytes.toString('utf8')) as StoredInstance;
    } catch {
      throw damaged(path);
    }
    if (stored?.version !== 1 || !Number.isSafeInteger(stored.pid) || typeof stored.endpoint !== 'string')
      throw damaged(path);
    if (!isAlive(stored.pid)) throw new BerthError('BERTH_NOT_RUNNING', notRunning);
    const opener = typeof sealer === 'function' ? sealer() : sealer;
    const secret = opener.open(stored.secretAccessKey, label(stored));
    return {
      pid: stored.pid,
      endpoint: stored.endpoint,
      ...(typeof stored.tlsEndpoint === 'string' ? { tlsEndpoint: stored.tlsEndpoint } : {}),
      ...(typeof stored.caBundle === 'string' ? { caBundle: stored.caBundle } : {}),
      accountId: stored.accountId,
      region: stored.region,
      accessKeyId: stored.accessKeyId,
      secretAccessKey: new Secret(secret.toString('utf8')),
      startedAt: stored.startedAt,
    };
  },

  /** Removes the record if it is this process's. */
  remove(path: string): void {
    try {
      const bytes = privateFile.read(path, 'BERTH_STATE_INVALID');
      if (bytes && (JSON.parse(bytes.toString('utf8')) as StoredInstance).pid !== process.pid) return;
    } catch {
      // A damaged record is removed too.
    }
    privateFile.remove(path);
  },
};

function label(info: { pid: number; accessKeyId: string }): string {
  return `instance/${info.pid}/${info.accessKeyId}`;
}

function damaged(path: string): BerthError {
  return new BerthError('BERTH_STATE_INVALID', `${path} is damaged (not berth's instance record)`);
}
