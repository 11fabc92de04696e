/**
 * A container's OCI bundle: `<bundlesDir>/<id>/` holding config.json, the /etc files bound into the container, and
 * `rootfs/` — an overlay of the cached image (writes land in `upper/`, so the cache is never modified), or a copy of
 * it where overlayfs does not work. The directory is 0700: config.json carries the environment, secrets included.
 */
import { mkdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  containerHostname,
  type EtcFilePaths,
  etcFileTexts,
  type OciRuntimeConfig,
  rootfsDirectory,
} from '../../agent/bundle/index.js';
import type { ContainerSpec } from '../../agent/runtime/runtime.js';
import { BerthError } from '../../errors/index.js';
import { copyTree, mountOverlay, mountPointsUnder, unmountIfMounted } from './mounts.js';

export interface Bundle {
  /** Absolute and symlink-free, so it matches /proc/self/mountinfo. */
  readonly dir: string;
  readonly etcFiles: EtcFilePaths;
  /** What the host could not do the usual way (the copy fallback), for StartResult.notes. */
  readonly notes: readonly string[];
}

/** Creates the bundle for `spec` (config.json is written separately); refuses if one exists for that id. */
export async function createBundle(bundlesDir: string, spec: ContainerSpec): Promise<Bundle> {
  if (!isDirectory(spec.imageRootfs)) {
    throw new BerthError('BERTH_RUNTIME_FAILED', `the image rootfs ${spec.imageRootfs} is not a directory`);
  }
  mkdirSync(bundlesDir, { recursive: true, mode: 0o700 });
  const dir = join(realpathSync(bundlesDir), spec.id);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new BerthError(
      'BERTH_RUNTIME_FAILED',
      `a container with id ${spec.id} already exists (bundle ${dir})`,
    );
  }
  try {
    const notes = await prepareRootfs(dir, realpathSync(spec.imageRootfs));
    return { dir, etcFiles: writeEtcFiles(dir, spec), notes };
  } catch (error) {
    await removeBundle(dir).catch(() => undefined);
    throw error;
  }
}

export function writeConfig(bundle: Bundle, config: OciRuntimeConfig): void {
  writeFileSync(join(bundle.dir, 'config.json'), JSON.stringify(config), { mode: 0o600 });
}

/**
 * Unmounts everything under the bundle (the rootfs overlay) and removes it. The removal happens only once nothing is
 * mounted there, so it can never reach through a mount into the image. Idempotent.
 */
export async function removeBundle(dir: string): Promise<void> {
  for (const point of mountPointsUnder(dir)) await unmountIfMounted(point);
  rmSync(dir, { recursive: true, force: true });
}

async function prepareRootfs(dir: string, image: string): Promise<string[]> {
  const rootfs = join(dir, rootfsDirectory);
  const upper = join(dir, 'upper');
  const work = join(dir, 'work');
  for (const path of [rootfs, upper, work]) mkdirSync(path, { mode: 0o755 });
  try {
    await mountOverlay({ lower: image, upper, work, target: rootfs });
    return [];
  } catch (error) {
    rmSync(upper, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
    await copyTree(image, rootfs);
    return [
      `overlayfs not available (${(error as Error).message}): the container runs on a copy of the image`,
    ];
  }
}

function writeEtcFiles(dir: string, spec: ContainerSpec): EtcFilePaths {
  const texts = etcFileTexts({
    hostname: containerHostname(spec),
    hostResolvConf: readOrUndefined('/etc/resolv.conf'),
    ownNetwork: spec.netnsPath !== undefined,
  });
  const etc = join(dir, 'etc');
  mkdirSync(etc, { mode: 0o755 });
  const paths: EtcFilePaths = {
    hosts: join(etc, 'hosts'),
    hostname: join(etc, 'hostname'),
    resolvConf: join(etc, 'resolv.conf'),
  };
  writeFileSync(paths.hosts, texts.hosts, { mode: 0o644 });
  writeFileSync(paths.hostname, texts.hostname, { mode: 0o644 });
  writeFileSync(paths.resolvConf, texts.resolvConf, { mode: 0o644 });
  return paths;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
