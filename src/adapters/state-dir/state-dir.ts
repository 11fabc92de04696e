import { mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { BerthError } from '../../errors/index.js';

/**
 * The layout of a state dir (default `~/.berth`, mode 0700). Everything berth keeps lives here:
 *
 *     master.key              32 random bytes, 0600: seals all key material at rest
 *     berth.sqlite (-wal/-shm) the control plane's documents (0600)
 *     root-credentials.json  the generated root access key, its secret sealed (0600)
 *     instance.json          the running instance: pid, endpoint, sealed credentials (0600; removed on stop)
 *     berth.lock             the pid of the `berth up` using the dir
 *     berth.log              the log (JSON lines, redacted by construction)
 *     content/               blobs by digest: the registry's and the agent's pulls share them (one copy each)
 *     uploads/               registry uploads in progress (staged bytes; metadata in berth.sqlite)
 *     rootfs/                unpacked images by chain ID, shared read-only by the tasks' containers
 *     tasks/                 per task: its containers' logs (`<task id>/<container>.log`)
 *     runc/                  runc's state of the running containers (its --root)
 *     bundles/               the running containers' OCI bundles (config.json, overlay upper and work dirs)
 *     tls/                   the HTTPS listener's local CA (ca.pem; ca.key 0600) and server certificate (key 0600)
 */
export interface StateDir {
  readonly path: string;
  readonly masterKey: string;
  readonly database: string;
  readonly rootCredentials: string;
  readonly instance: string;
  readonly lock: string;
  readonly log: string;
  readonly content: string;
  readonly uploads: string;
  readonly rootfs: string;
  readonly tasks: string;
  /** runc's --root: the state of berth's containers. */
  readonly runc: string;
  /** The OCI bundles of running containers (config.json and the overlay's upper and work dirs). */
  readonly bundles: string;
  /** The HTTPS listener's CA and certificate (adapters/local-ca). */
  readonly tls: string;
}

/** The state dir's file names for `path` (made absolute), without touching the disk. */
export function stateDirLayout(path: string): StateDir {
  const dir = resolve(path);
  const entry = (name: string) => entryOf(dir, name);
  return {
    path: dir,
    masterKey: entry('master.key'),
    database: entry('berth.sqlite'),
    rootCredentials: entry('root-credentials.json'),
    instance: entry('instance.json'),
    lock: entry('berth.lock'),
    log: entry('berth.log'),
    content: entry('content'),
    uploads: entry('uploads'),
    rootfs: entry('rootfs'),
    tasks: entry('tasks'),
    runc: entry('runc'),
    bundles: entry('bundles'),
    tls: entry('tls'),
  };
}

/**
 * `join(dir, name)` for a dir already resolved and a name of one segment, without normalizing the whole path again.
 * Why: a start built some forty such paths, and Node's path normalization then ran often enough for V8 to compile
 * it optimized — about 4 MiB more in an idle berth up, for code only the start runs (docs/benchmarks.md, cold-start).
 */
export function entryOf(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** Creates the state dir (0700, parents as needed) if it does not exist, and returns its layout. */
export function openStateDir(path: string): StateDir {
  const layout = stateDirLayout(path);
  try {
    mkdirSync(layout.path, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOTDIR') {
      throw new BerthError('BERTH_STATE_INVALID', `cannot create the state dir ${layout.path}: ${code}`, {
        cause: error,
      });
    }
  }
  if (!statSync(layout.path, { throwIfNoEntry: false })?.isDirectory()) {
    throw new BerthError('BERTH_STATE_INVALID', `the state dir ${layout.path} is not a directory`);
  }
  return layout;
}
