import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ContainerConfig } from '../../engines/oci/index.js';
import { isBerthError, Secret } from '../../errors/index.js';
import { defaultPath, type ProcessSpecInput, processSpecFrom, resolveProcessSpec } from './process-spec.js';
import type { AccountFiles } from './resolve-user.js';
import { parseGroup, parsePasswd } from './user-files.js';

const accounts: AccountFiles = {
  passwd: parsePasswd(
    'root:x:0:0:root:/root:/bin/sh\nweb:x:1000:1000:web:/home/web:/bin/sh\n# comment\nbad:x:abc:1:::\n',
  ),
  group: parseGroup('root:x:0:\nweb:x:1000:\nstaff:x:50:web,other\nwheel:x:10:root\naudio:x:29:web\n'),
};

function spec(image: Partial<ContainerConfig>, definition: ProcessSpecInput['definition'] = {}, extra = {}) {
  return processSpecFrom(
    { image: { env: [], ...image }, definition, hostname: 'task-host', ...extra },
    accounts,
  );
}

function rejects(fn: () => unknown, message: string) {
  assert.throws(fn, (error: unknown) => {
    assert.ok(isBerthError(error));
    assert.equal(error.code, 'BERTH_INVALID_ARGUMENT');
    assert.equal(error.message, message);
    return true;
  });
}

describe('argv: ECS entryPoint/command over the image Entrypoint/Cmd (Docker create-time merge)', () => {
  const image = { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'] };

  test('no overrides: Entrypoint then Cmd', () => {
    assert.deepEqual(spec(image).args, ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
  });

  test('command replaces Cmd and keeps the image Entrypoint', () => {
    assert.deepEqual(spec(image, { command: ['echo', 'hi'] }).args, ['/docker-entrypoint.sh', 'echo', 'hi']);
  });

  test('entryPoint replaces Entrypoint and drops the image Cmd', () => {
    assert.deepEqual(spec(image, { entryPoint: ['sh', '-c'] }).args, ['sh', '-c']);
  });

  test('entryPoint and command together', () => {
    assert.deepEqual(spec(image, { entryPoint: ['sh', '-c'], command: ['exit 3'] }).args, [
      'sh',
      '-c',
      'exit 3',
    ]);
  });

  test('empty arrays count as absent, as on Docker API (omitempty)', () => {
    assert.deepEqual(spec(image, { entryPoint: [], command: [] }).args, spec(image).args);
  });

  test('an image with only Cmd', () => {
    assert.deepEqual(spec({ cmd: ['sh'] }).args, ['sh']);
  });

  test('nothing to run: Docker\'s "no command specified"', () => {
    rejects(() => spec({}), 'no command specified');
    rejects(() => spec({ cmd: [] }, { entryPoint: [], command: [] }), 'no command specified');
  });
});

describe('environment', () => {
  test('default PATH and HOSTNAME when the image has none', () => {
    assert.deepEqual(spec({ cmd: ['x'] }).env, [`PATH=${defaultPath}`, 'HOSTNAME=task-host']);
  });

  test('image Env, then definition environment, then secrets; later wins in place (§6 item 6, Injection)', () => {
    const result = spec(
      { cmd: ['x'], env: ['PATH=/app/bin', 'MODE=image', 'KEEP=1', 'DB_PASSWORD=from-image'] },
      {
        environment: [
          { name: 'MODE', value: 'definition' },
          { name: 'DB_PASSWORD', value: 'plain' },
          { name: 'EXTRA', value: 'a=b' },
        ],
      },
      { secrets: [{ name: 'DB_PASSWORD', value: new Secret('s3cr3t') }] },
    );
    assert.deepEqual(result.env, [
      'PATH=/app/bin',
      'HOSTNAME=task-host',
      'MODE=definition',
      'KEEP=1',
      'DB_PASSWORD=s3cr3t',
      'EXTRA=a=b',
    ]);
  });

  test('an image entry without "=" removes the variable (Docker ReplaceOrAppendEnvValues)', () => {
    assert.deepEqual(spec({ cmd: ['x'], env: ['HOSTNAME'] }).env, [`PATH=${defaultPath}`]);
  });
});

describe('working directory', () => {
  test('definition over image over /', () => {
    assert.equal(spec({ cmd: ['x'] }).cwd, '/');
    assert.equal(spec({ cmd: ['x'], workingDir: '/srv' }).cwd, '/srv');
    assert.equal(
      spec({ cmd: ['x'], workingDir: '/srv' }, { workingDirectory: '/app/./a/../b/' }).cwd,
      '/app/b',
    );
  });

  test("a relative directory is refused with Docker's text", () => {
    rejects(
      () => spec({ cmd: ['x'] }, { workingDirectory: 'app' }),
      "the working directory 'app' is invalid, it needs to be an absolute path",
    );
  });
});

describe('user', () => {
  const ids = (user: string | undefined, imageUser?: string) => {
    const { uid, gid, additionalGids } = spec(
      { cmd: ['x'], ...(imageUser ? { user: imageUser } : {}) },
      user === undefined ? {} : { user },
    );
    return { uid, gid, groups: additionalGids ?? [] };
  };

  test('none: root, with the groups listing root', () => {
    assert.deepEqual(ids(undefined), { uid: 0, gid: 0, groups: [10] });
  });

  test('a name: its uid, primary gid and the groups listing it as a member', () => {
    assert.deepEqual(ids('web'), { uid: 1000, gid: 1000, groups: [50, 29] });
  });

  test('the definition user overrides the image User', () => {
    assert.deepEqual(ids('0', 'web'), { uid: 0, gid: 0, groups: [10] });
    assert.deepEqual(ids(undefined, 'web').uid, 1000);
  });

  test('a uid in passwd takes its gid; one not in passwd runs with gid 0', () => {
    assert.deepEqual(ids('1000'), { uid: 1000, gid: 1000, groups: [50, 29] });
    assert.deepEqual(ids('4242'), { uid: 4242, gid: 0, groups: [] });
  });

  test('an explicit group sets the gid and no supplementary groups', () => {
    assert.deepEqual(ids('1000:50'), { uid: 1000, gid: 50, groups: [] });
    assert.deepEqual(ids('web:staff'), { uid: 1000, gid: 50, groups: [] });
    assert.deepEqual(ids('4242:4343'), { uid: 4242, gid: 4343, groups: [] });
  });

  test('names that do not exist: Docker/runc texts', () => {
    rejects(() => ids('nobody'), 'unable to find user nobody: no matching entries in passwd file');
    rejects(() => ids('web:nogroup'), 'unable to find group nogroup: no matching entries in group file');
    rejects(() => ids('-1'), 'uids and gids must be in range 0-2147483647');
  });

  test('a passwd line whose ids are not numbers is skipped', () => {
    rejects(() => ids('bad'), 'unable to find user bad: no matching entries in passwd file');
  });
});

describe('reading /etc/passwd and /etc/group inside the rootfs', () => {
  function withRoot(fn: (root: string, outside: string) => void) {
    const dir = mkdtempSync(join(tmpdir(), 'berth-process-spec-'));
    try {
      const root = join(dir, 'rootfs');
      mkdirSync(join(root, 'etc'), { recursive: true });
      const outside = join(dir, 'host');
      mkdirSync(outside);
      writeFileSync(join(outside, 'passwd'), 'hostonly:x:7:7::/:/bin/sh\n');
      fn(root, outside);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const input = (root: string, user: string) => ({
    image: { env: [], cmd: ['x'] },
    definition: { user },
    hostname: 'h',
    rootfs: root,
  });

  test('names resolve from the image files', () => {
    withRoot((root) => {
      writeFileSync(join(root, 'etc/passwd'), 'web:x:1000:1000::/home/web:/bin/sh\n');
      writeFileSync(join(root, 'etc/group'), 'web:x:1000:\nstaff:x:50:web\n');
      const result = resolveProcessSpec(input(root, 'web'));
      assert.deepEqual([result.uid, result.gid, result.additionalGids], [1000, 1000, [50]]);
    });
  });

  test('a symlink pointing at a host file is resolved inside the root, never followed out', () => {
    withRoot((root, outside) => {
      symlinkSync(`../../../../../../../../..${outside}/passwd`, join(root, 'etc/passwd'));
      rejects(
        () => resolveProcessSpec(input(root, 'hostonly')),
        'unable to find user hostonly: no matching entries in passwd file',
      );
      symlinkSync(outside, join(root, 'hostdir'));
      rmSync(join(root, 'etc/passwd'));
      symlinkSync('/hostdir/passwd', join(root, 'etc/passwd'));
      rejects(
        () => resolveProcessSpec(input(root, 'hostonly')),
        'unable to find user hostonly: no matching entries in passwd file',
      );
    });
  });

  test('an in-root symlink is followed', () => {
    withRoot((root) => {
      mkdirSync(join(root, 'usr/share'), { recursive: true });
      writeFileSync(join(root, 'usr/share/passwd'), 'app:x:33:33::/:/bin/sh\n');
      symlinkSync('../usr/share/passwd', join(root, 'etc/passwd'));
      assert.equal(resolveProcessSpec(input(root, 'app')).uid, 33);
    });
  });

  test('a FIFO or a symlink loop counts as no file (no hang, no crash)', () => {
    withRoot((root) => {
      assert.equal(spawnSync('mkfifo', [join(root, 'etc/passwd')]).status, 0);
      rejects(
        () => resolveProcessSpec(input(root, 'web')),
        'unable to find user web: no matching entries in passwd file',
      );
      assert.equal(resolveProcessSpec(input(root, '5')).uid, 5);
      rmSync(join(root, 'etc/passwd'));
      symlinkSync('/etc/passwd', join(root, 'etc/passwd'));
      rejects(
        () => resolveProcessSpec(input(root, 'web')),
        'unable to find user web: no matching entries in passwd file',
      );
    });
  });
});
