/**
 * A minimal runnable image rootfs for runtime tests, from the host's static busybox (Debian busybox-static): the
 * binary at /bin/busybox with its applets as symlinks, /etc/passwd with root and `web` (uid 1000, also in group
 * `staff`), /etc/group, /tmp, and any extra files a test asks for.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

export const hostBusybox = '/bin/busybox';

const applets = [
  'sh',
  'cat',
  'echo',
  'env',
  'hostname',
  'httpd',
  'id',
  'ls',
  'mkdir',
  'nc',
  'pwd',
  'rm',
  'seq',
  'sleep',
  'test',
  'touch',
  'true',
  'false',
  'wget',
];

export const webUser = { name: 'web', uid: 1000, gid: 1000 } as const;
/** A group listing `web` as a member: its supplementary group. */
export const staffGroup = { name: 'staff', gid: 50 } as const;

export interface ImageRootfsOptions {
  /** Extra files, by path inside the rootfs (`www/index.html`). */
  readonly files?: Readonly<Record<string, string>>;
}

/** Builds the rootfs in `dir` (created); throws, naming the package, when the host has no static busybox. */
export function buildBusyboxRootfs(dir: string, options: ImageRootfsOptions = {}): string {
  if (!existsSync(hostBusybox) || !isStatic(hostBusybox)) {
    throw new Error(
      `${hostBusybox} is missing or not static: run scripts/setup (apt-get install -y busybox-static)`,
    );
  }
  for (const sub of ['bin', 'etc', 'root', 'home/web'])
    mkdirSync(join(dir, sub), { recursive: true, mode: 0o755 });
  mkdirSync(join(dir, 'tmp'));
  chmodSync(join(dir, 'tmp'), 0o1777);
  chownSync(join(dir, 'home/web'), webUser.uid, webUser.gid);
  copyFileSync(hostBusybox, join(dir, 'bin/busybox'));
  chmodSync(join(dir, 'bin/busybox'), 0o755);
  for (const applet of applets) symlinkSync('busybox', join(dir, 'bin', applet));
  writeFileSync(
    join(dir, 'etc/passwd'),
    `root:x:0:0:root:/root:/bin/sh\n${webUser.name}:x:${webUser.uid}:${webUser.gid}:web:/home/web:/bin/sh\n`,
  );
  writeFileSync(
    join(dir, 'etc/group'),
    `root:x:0:\n${staffGroup.name}:x:${staffGroup.gid}:${webUser.name}\n${webUser.name}:x:${webUser.gid}:\n`,
  );
  for (const [path, text] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function isStatic(path: string): boolean {
  const file = spawnSync('file', ['-L', path], { encoding: 'utf8' });
  // Without `file(1)` the check is left to the container run itself.
  return file.status !== 0 || /statically linked|static-pie/.test(file.stdout);
}
