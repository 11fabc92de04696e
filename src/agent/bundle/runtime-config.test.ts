import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { etcFileTexts } from './etc-files.js';
import { containerHostname, type RuntimeConfigInput, runtimeConfig } from './runtime-config.js';

const base: RuntimeConfigInput['spec'] = {
  id: 'task0123456789abcdef-web',
  process: {
    args: ['httpd', '-f'],
    env: ['PATH=/bin', 'HOSTNAME=h'],
    cwd: '/www',
    uid: 1000,
    gid: 1000,
    additionalGids: [50],
  },
};

describe('runtimeConfig', () => {
  test('the process as resolved, with no terminal, Docker capabilities, nofile 65535 and no new privileges', () => {
    const config = runtimeConfig({ spec: base });
    assert.equal(config.ociVersion, '1.0.2');
    assert.deepEqual(config.process.args, ['httpd', '-f']);
    assert.deepEqual(config.process.env, ['PATH=/bin', 'HOSTNAME=h']);
    assert.equal(config.process.cwd, '/www');
    assert.deepEqual(config.process.user, { uid: 1000, gid: 1000, additionalGids: [50] });
    assert.equal(config.process.terminal, false);
    assert.equal(config.process.noNewPrivileges, true);
    assert.deepEqual(config.process.rlimits, [{ type: 'RLIMIT_NOFILE', hard: 65535, soft: 65535 }]);
    const caps = config.process.capabilities;
    assert.equal(caps.bounding.length, 14);
    assert.ok(caps.bounding.includes('CAP_NET_BIND_SERVICE'));
    assert.ok(!caps.bounding.includes('CAP_SYS_ADMIN'));
    assert.deepEqual(caps.effective, caps.bounding);
    assert.deepEqual(caps.permitted, caps.bounding);
  });

  test('no additionalGids key when the user has none', () => {
    const config = runtimeConfig({ spec: { ...base, process: { ...base.process, additionalGids: [] } } });
    assert.deepEqual(config.process.user, { uid: 1000, gid: 1000 });
  });

  test('pid, ipc, uts and mount namespaces; no network namespace entry means the host network', () => {
    const config = runtimeConfig({ spec: base });
    assert.deepEqual(
      config.linux.namespaces.map((n) => n.type),
      ['pid', 'ipc', 'uts', 'mount'],
    );
    assert.equal(config.linux.sysctl, undefined);
  });

  test("netnsPath: the network namespace is joined by path, with Docker's own-network sysctls", () => {
    const config = runtimeConfig({ spec: { ...base, netnsPath: '/run/netns/berth-abc' } });
    assert.deepEqual(config.linux.namespaces.at(-1), { type: 'network', path: '/run/netns/berth-abc' });
    assert.equal(config.linux.sysctl?.['net.ipv4.ip_unprivileged_port_start'], '0');
  });

  test("root is the bundle's rootfs, read-only only when asked", () => {
    assert.deepEqual(runtimeConfig({ spec: base }).root, { path: 'rootfs', readonly: false });
    assert.equal(runtimeConfig({ spec: { ...base, readonlyRootFilesystem: true } }).root.readonly, true);
  });

  test("hostname: the spec's, else the first 12 characters of the id", () => {
    assert.equal(runtimeConfig({ spec: base }).hostname, 'task01234567');
    assert.equal(containerHostname({ id: 'x', hostname: 'web-1' }), 'web-1');
  });

  test("Docker's mounts, then /etc/resolv.conf, /etc/hostname and /etc/hosts bound from the bundle", () => {
    const config = runtimeConfig({
      spec: base,
      etcFiles: { hosts: '/b/hosts', hostname: '/b/hostname', resolvConf: '/b/resolv.conf' },
    });
    assert.deepEqual(
      config.mounts.map((m) => m.destination),
      [
        '/proc',
        '/dev',
        '/dev/pts',
        '/sys',
        '/sys/fs/cgroup',
        '/dev/mqueue',
        '/dev/shm',
        '/etc/resolv.conf',
        '/etc/hostname',
        '/etc/hosts',
      ],
    );
    const sys = config.mounts.find((m) => m.destination === '/sys');
    assert.ok(sys?.options?.includes('ro'));
    assert.deepEqual(config.mounts.at(-1), {
      destination: '/etc/hosts',
      type: 'bind',
      source: '/b/hosts',
      options: ['rbind', 'rprivate'],
    });
  });

  test("masked and read-only paths like Docker's", () => {
    const { linux } = runtimeConfig({ spec: base });
    assert.ok(linux.maskedPaths.includes('/proc/kcore'));
    assert.ok(linux.maskedPaths.includes('/sys/firmware'));
    assert.ok(linux.readonlyPaths.includes('/proc/sys'));
    assert.ok(linux.readonlyPaths.includes('/proc/sysrq-trigger'));
  });

  test('limits become memory.limit and cpu.shares (clamped to the kernel range) under /berth/<id>', () => {
    const config = runtimeConfig({
      spec: { ...base, limits: { memoryBytes: 64 * 1024 * 1024, cpuShares: 0 } },
    });
    assert.equal(config.linux.cgroupsPath, '/berth/task0123456789abcdef-web');
    assert.deepEqual(config.linux.resources.memory, { limit: 67108864 });
    assert.deepEqual(config.linux.resources.cpu, { shares: 2 });
    assert.equal(config.linux.resources.devices[0]?.allow, false, 'devices: deny all first');
  });

  test('applyLimits false drops memory and cpu but keeps the device rules', () => {
    const config = runtimeConfig({
      spec: { ...base, limits: { memoryBytes: 1 << 26, cpuShares: 512 } },
      applyLimits: false,
      cgroupParent: '/berth-test',
    });
    assert.equal(config.linux.resources.memory, undefined);
    assert.equal(config.linux.resources.cpu, undefined);
    assert.ok(config.linux.resources.devices.length > 0);
    assert.equal(config.linux.cgroupsPath, '/berth-test/task0123456789abcdef-web');
  });
});

describe('etcFileTexts', () => {
  const resolv = '# generated\nnameserver 127.0.0.53\nnameserver 10.0.0.2\nsearch ec2.internal\n';

  test("hosts maps localhost and the container's own name; hostname is the name", () => {
    const texts = etcFileTexts({ hostname: 'web-1', hostResolvConf: resolv, ownNetwork: true });
    assert.match(texts.hosts, /^127\.0\.0\.1\tlocalhost$/m);
    assert.match(texts.hosts, /^127\.0\.1\.1\tweb-1$/m);
    assert.equal(texts.hostname, 'web-1\n');
  });

  test("in a namespace of its own, loopback name servers are dropped (they are the host's)", () => {
    const texts = etcFileTexts({ hostname: 'h', hostResolvConf: resolv, ownNetwork: true });
    assert.equal(texts.resolvConf, '# generated\nnameserver 10.0.0.2\nsearch ec2.internal\n');
  });

  test("on the host network the host's file is kept", () => {
    assert.equal(
      etcFileTexts({ hostname: 'h', hostResolvConf: resolv, ownNetwork: false }).resolvConf,
      resolv,
    );
  });

  test("no usable name server left: Docker's fallback", () => {
    const texts = etcFileTexts({
      hostname: 'h',
      hostResolvConf: 'nameserver 127.0.0.53\n',
      ownNetwork: true,
    });
    assert.equal(texts.resolvConf, 'nameserver 8.8.8.8\nnameserver 8.8.4.4\n');
    assert.equal(
      etcFileTexts({ hostname: 'h', hostResolvConf: undefined, ownNetwork: false }).resolvConf,
      'nameserver 8.8.8.8\nnameserver 8.8.4.4\n',
    );
  });
});
