// The runc runtime end to end: real runc as root, a busybox image, overlay rootfs, a network namespace made here.
// CI runs as root; a missing prerequisite is a failure, never a skip (DESIGN.md, Tests).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { RuncRuntime } from '../../src/adapters/runc/index.js';
import { resolveProcessSpec } from '../../src/agent/bundle/index.js';
import type { ContainerLogLine, ContainerSpec, ProcessSpec } from '../../src/agent/runtime/runtime.js';
import { isBerthError } from '../../src/errors/index.js';
import { buildBusyboxRootfs, staffGroup, webUser } from '../../src/testing/image-rootfs.js';

const work = realpathSync(mkdtempSync(join(tmpdir(), 'berth-runc-e2e-')));
const stateRoot = join(work, 'runc');
const bundlesDir = join(work, 'bundles');
const suffix = randomBytes(4).toString('hex');
const netns = `berth-test-${suffix}`;
/** A cgroup parent of this run's own, removed afterwards (runc removes each container's cgroup, not the parent). */
const cgroupParent = `/berth-test-${suffix}`;
const index = 'hello from berth\n';
let image = '';
let imageBefore = '';
let netnsMade = false;
const runtime = new RuncRuntime({ stateRoot, bundlesDir, cgroupParent });
const cleanupErrors: unknown[] = [];
const tracked = new RuncRuntime({
  stateRoot,
  bundlesDir,
  cgroupParent,
  onCleanupError: (_id, error) => cleanupErrors.push(error),
});

const root: ProcessSpec = { args: [], env: ['PATH=/bin'], cwd: '/', uid: 0, gid: 0 };
let serial = 0;

function spec(args: string[], extra: Partial<ContainerSpec> = {}): ContainerSpec {
  const id = `e2e-${process.pid}-${++serial}`;
  return {
    id,
    imageRootfs: image,
    process: { ...root, args },
    logFile: join(work, 'logs', `${id}.log`),
    ...extra,
  };
}

function logLines(spec: ContainerSpec): ContainerLogLine[] {
  if (!existsSync(spec.logFile)) return [];
  return readFileSync(spec.logFile, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ContainerLogLine);
}

const texts = (s: ContainerSpec, stream: 'stdout' | 'stderr' = 'stdout') =>
  logLines(s)
    .filter((l) => l.stream === stream)
    .map((l) => l.text);

/** Waits (bounded) until the container printed `text`: how a test knows its trap is installed. */
async function waitForLine(s: ContainerSpec, text: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (texts(s).includes(text)) return;
    await sleep(50);
  }
  throw new Error(`${s.id} never printed ${JSON.stringify(text)}; log: ${JSON.stringify(logLines(s))}`);
}

/** The host's nofile note (see host-nofile.ts) is a fact of the host; the tests look at the other notes. */
const nofileNote = /^open files limit \(nofile\) is (\d+), not 65535: /;

async function runToEnd(s: ContainerSpec, on: RuncRuntime = runtime) {
  const { container, notes } = await on.start(s);
  const exit = await container.exited;
  return { exit, notes: notes.filter((n) => !nofileNote.test(n)), allNotes: notes, container };
}

/** Every file of a tree with its type, mode, owner, size, mtime, link target and content hash. */
function snapshot(dir: string): string {
  const lines: string[] = [];
  const walk = (rel: string) => {
    const path = join(dir, rel);
    const st = lstatSync(path);
    let what = `${rel} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.size} ${st.mtimeMs}`;
    if (st.isSymbolicLink()) what += ` -> ${readlinkSync(path)}`;
    else if (st.isFile()) what += ` ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
    lines.push(what);
    if (st.isDirectory()) for (const name of readdirSync(path).sort()) walk(join(rel, name));
  };
  walk('.');
  return lines.join('\n');
}

const runcIds = () =>
  (
    (JSON.parse(execFileSync('runc', ['--root', stateRoot, 'list', '-f', 'json'], { encoding: 'utf8' })) ??
      []) as { id: string }[]
  ).map((c) => c.id);
const mountsUnder = (dir: string) =>
  readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((p) => p.startsWith(`${dir}/`));
/** runc processes (any command line naming our state root) still alive. */
const runcProcesses = () =>
  readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(stateRoot);
      } catch {
        return false;
      }
    });

function ip(args: string[]) {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `ip ${args.join(' ')}: ${r.stderr}`);
}

before(() => {
  assert.equal(process.getuid?.(), 0, 'the runc e2e tests run as root (CI runs as root)');
  const version = spawnSync('runc', ['--version'], { encoding: 'utf8' });
  assert.equal(version.status, 0, 'runc is not installed: run scripts/setup (apt-get install -y runc)');
  image = buildBusyboxRootfs(join(work, 'image'), { files: { 'www/index.html': index } });
  imageBefore = snapshot(image);
});

after(async () => {
  try {
    await runtime.cleanupOrphans();
    if (netnsMade) ip(['netns', 'del', netns]);
    assert.deepEqual(runcIds(), [], 'no container left in the state root');
    assert.deepEqual(mountsUnder(work), [], 'no mount left');
    assert.deepEqual(runcProcesses(), [], 'no runc process left');
  } finally {
    for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
      const dir = join('/sys/fs/cgroup', hierarchy, cgroupParent);
      if (existsSync(dir)) rmdirSync(dir);
    }
    rmSync(work, { recursive: true, force: true });
  }
});

describe('RuncRuntime with real runc', { timeout: 120_000 }, () => {
  test('echo: exit code 0, stdout and stderr as timestamped log lines', async () => {
    const s = spec(['sh', '-c', 'echo hello; echo oops >&2; ulimit -n; printf "no newline"']);
    const { exit, container, allNotes } = await runToEnd(s);
    assert.deepEqual(exit, { exitCode: 0 });
    assert.ok(container.pid > 0);
    // Fargate's nofile, or berth's own hard limit with a note where the host withholds CAP_SYS_RESOURCE.
    const lowered = allNotes.map((n) => nofileNote.exec(n)?.[1]).find((n) => n !== undefined);
    assert.deepEqual(texts(s), ['hello', lowered ?? '65535', 'no newline']);
    assert.deepEqual(texts(s, 'stderr'), ['oops']);
    for (const line of logLines(s)) assert.match(line.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(existsSync(join(bundlesDir, s.id)), false, 'the bundle is removed after exit');
  });

  test("the process's exit code: sh -c 'exit 3' → 3", async () => {
    assert.deepEqual((await runToEnd(spec(['sh', '-c', 'exit 3']))).exit, { exitCode: 3 });
  });

  test('kill SIGTERM reaches the init process: a TERM handler that exits 143 (graceful stop)', async () => {
    // PID 1 of a namespace ignores signals it has no handler for (Docker's `sleep` ignores docker stop the same
    // way), so the process installs one; `sleep & wait` lets the shell run it at once.
    const s = spec(['sh', '-c', 'trap "echo got TERM; exit 143" TERM; echo ready; sleep 100 & wait']);
    const { container } = await runtime.start(s);
    await waitForLine(s, 'ready');
    await container.kill('SIGTERM');
    assert.deepEqual(await container.exited, { exitCode: 143 });
    assert.ok(texts(s).includes('got TERM'));
  });

  test('a process ignoring SIGTERM stops on SIGKILL with 137 (128+9); kill after exit is a no-op', async () => {
    const s = spec(['sh', '-c', "trap '' TERM; echo ready; sleep 100"]);
    const { container } = await runtime.start(s);
    await waitForLine(s, 'ready');
    await container.kill('SIGTERM');
    assert.deepEqual(runcIds().includes(s.id), true, 'still running after SIGTERM');
    await container.kill('SIGKILL');
    assert.deepEqual(await container.exited, { exitCode: 137 });
    await container.kill('SIGKILL');
  });

  test('environment, working directory and user as resolved from the definition (id -u, pwd, env)', async () => {
    const base = spec([]);
    const processSpec = resolveProcessSpec({
      image: { env: ['PATH=/bin', 'GREETING=image'], cmd: ['sh'] },
      definition: {
        entryPoint: ['sh', '-c'],
        command: ['id -u; id -g; id -G; pwd; echo "$GREETING"; echo "$HOSTNAME"; cat /etc/hostname; touch f'],
        environment: [{ name: 'GREETING', value: 'definition' }],
        workingDirectory: '/srv/app',
        user: webUser.name,
      },
      hostname: 'web-host',
      rootfs: image,
    });
    const s = { ...base, process: processSpec, hostname: 'web-host' };
    const { exit } = await runToEnd(s);
    assert.deepEqual(exit, { exitCode: 1 }, 'touch in a root-owned directory fails for uid 1000');
    assert.deepEqual(texts(s), [
      String(webUser.uid),
      String(webUser.gid),
      `${webUser.gid} ${staffGroup.gid}`,
      '/srv/app',
      'definition',
      'web-host',
      'web-host',
    ]);
    assert.match(texts(s, 'stderr').join('\n'), /Permission denied/);
  });

  test('two containers in one network namespace talk over localhost', async () => {
    ip(['netns', 'add', netns]);
    netnsMade = true;
    ip(['-n', netns, 'link', 'set', 'lo', 'up']);
    const netnsPath = `/run/netns/${netns}`;
    const server = spec(['httpd', '-f', '-p', '127.0.0.1:8080', '-h', '/www'], { netnsPath });
    const client = spec(
      [
        'sh',
        '-c',
        'for i in $(seq 1 100); do wget -qO- http://127.0.0.1:8080/ && exit 0; sleep 0.1; done; exit 1',
      ],
      { netnsPath },
    );
    const started = await runtime.start(server);
    try {
      const identify = spawnSync('ip', ['netns', 'identify', String(started.container.pid)], {
        encoding: 'utf8',
      });
      assert.equal(
        identify.stdout.trim(),
        netns,
        'the server runs in the namespace, not on the host network',
      );
      assert.deepEqual((await runToEnd(client)).exit, { exitCode: 0 });
      assert.deepEqual(texts(client), [index.trim()]);
    } finally {
      await started.container.kill('SIGKILL');
      assert.deepEqual(await started.container.exited, { exitCode: 137 });
    }
  });

  test('writes into the container root leave the cached image unchanged (overlay)', async () => {
    const s = spec([
      'sh',
      '-c',
      'echo changed > /etc/passwd && rm /bin/cat && mkdir /newdir && echo x > /www/index.html && ' +
        'cat /etc/passwd /www/index.html && test ! -e /bin/cat && echo cat-gone',
    ]);
    const { exit, notes } = await runToEnd(s);
    assert.deepEqual(exit, { exitCode: 0 });
    assert.deepEqual(notes, [], 'overlayfs works here');
    assert.deepEqual(texts(s), ['changed', 'x', 'cat-gone'], 'the container saw its own writes');
    assert.equal(snapshot(image), imageBefore);
  });

  test('where overlay cannot be used, the container runs on a copy, with a note', async () => {
    // A comma cannot be carried in overlay's lowerdir option: the copy fallback, deterministically.
    const commaImage = buildBusyboxRootfs(join(work, 'image,copy'));
    const before = snapshot(commaImage);
    const s = spec(['sh', '-c', 'echo changed > /etc/passwd; cat /etc/passwd'], { imageRootfs: commaImage });
    const { exit, notes } = await runToEnd(s);
    assert.deepEqual(exit, { exitCode: 0 });
    assert.deepEqual(texts(s), ['changed']);
    assert.equal(notes.length, 1);
    assert.match(notes[0]!, /^overlayfs not available \(.*\): the container runs on a copy of the image$/);
    assert.equal(snapshot(commaImage), before);
  });

  test('a read-only root filesystem refuses writes', async () => {
    const s = spec(['sh', '-c', 'touch /x'], { readonlyRootFilesystem: true });
    assert.notEqual((await runToEnd(s)).exit.exitCode, 0);
    assert.match(texts(s, 'stderr').join('\n'), /Read-only file system/);
  });

  test('memory limit and cpu shares are applied in the container cgroup (cgroup v1 here)', async () => {
    const s = spec(
      ['sh', '-c', 'cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.shares'],
      {
        limits: { memoryBytes: 64 * 1024 * 1024, cpuShares: 512 },
      },
    );
    const { exit, notes } = await runToEnd(s);
    assert.deepEqual(exit, { exitCode: 0 });
    assert.deepEqual(notes, []);
    assert.deepEqual(texts(s), ['67108864', '512']);
  });

  test('limits runc refuses are dropped with a note; the container still runs', async () => {
    // 1 byte is below what the container already uses at start: runc cannot set it.
    const s = spec(['echo', 'ran'], { limits: { memoryBytes: 1, cpuShares: 512 } });
    const { exit, notes } = await runToEnd(s);
    assert.deepEqual(exit, { exitCode: 0 });
    assert.deepEqual(texts(s), ['ran']);
    assert.equal(notes.length, 2);
    assert.match(notes[0]!, /^memory limit not applied: .*unable to set memory limit to 1/);
    assert.match(notes[1]!, /^cpu shares not applied: /);
  });

  test("a missing binary: runc refuses to start it → BERTH_RUNTIME_FAILED with runc's message", async () => {
    // runc 1.1 looks the binary up before starting the process, so this is a start failure, not an exit code.
    const s = spec(['/no/such/binary']);
    await assert.rejects(runtime.start(s), (error: unknown) => {
      assert.ok(isBerthError(error));
      assert.equal(error.code, 'BERTH_RUNTIME_FAILED');
      assert.match(
        error.message,
        /^runc run failed: unable to start container process: exec: "\/no\/such\/binary"/,
      );
      assert.match(error.message, /no such file or directory$/);
      return true;
    });
    assert.equal(existsSync(s.logFile), false, "runc's message is not written as container output");
    assert.equal(existsSync(join(bundlesDir, s.id)), false);
    assert.equal(runcIds().includes(s.id), false);
  });

  test('no runc binary, or an id runc cannot take: BERTH_RUNTIME_FAILED, nothing left behind', async () => {
    const missing = new RuncRuntime({ stateRoot, bundlesDir, runcPath: join(work, 'no-runc') });
    const s = spec(['true']);
    await assert.rejects(missing.start(s), {
      code: 'BERTH_RUNTIME_FAILED',
      message: `runc was not found at ${join(work, 'no-runc')}: the container runtime needs runc (apt-get install runc)`,
    });
    assert.equal(existsSync(join(bundlesDir, s.id)), false);
    await assert.rejects(runtime.start({ ...s, id: '../escape' }), {
      code: 'BERTH_RUNTIME_FAILED',
      message: 'invalid container id "../escape": use A-Z a-z 0-9 _ . -',
    });
  });

  test('cleanupOrphans removes a container left running by an earlier runtime', async () => {
    const s = spec(['sleep', '1000']);
    const { container } = await tracked.start(s);
    // A new runtime on the same directories: what `berth up` does after a crash.
    const removed = await new RuncRuntime({ stateRoot, bundlesDir }).cleanupOrphans();
    assert.deepEqual(removed, [s.id]);
    assert.deepEqual(runcIds(), []);
    assert.deepEqual(await container.exited, { exitCode: 137 });
    assert.equal(existsSync(join(bundlesDir, s.id)), false);
    assert.deepEqual(mountsUnder(bundlesDir), []);
    assert.deepEqual(
      cleanupErrors,
      [],
      'the first runtime cleaned up after the same container without errors',
    );
  });

  test('cleanupOrphans leaves the containers of its own runtime alone', async () => {
    const s = spec(['sleep', '1000']);
    const { container } = await runtime.start(s);
    try {
      assert.deepEqual(await runtime.cleanupOrphans(), []);
      assert.deepEqual(runcIds(), [s.id]);
    } finally {
      await container.kill('SIGKILL');
      await container.exited;
    }
  });
});
