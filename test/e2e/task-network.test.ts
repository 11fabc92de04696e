// Task networks with real namespaces, veth pairs and a bridge (CI runs as root). Every name and address here is
// this file's own: bridge bt<random>, namespaces bt<random>-…, addresses in 10.214.<random>.0/24.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { basename } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { promisify } from 'node:util';
import { IprouteNetworkProvider } from '../../src/adapters/netns/index.js';
import { hostVethName } from '../../src/adapters/netns/names.js';
import type { TaskNetworkHandle } from '../../src/agent/network/index.js';
import { isBerthError } from '../../src/errors/index.js';

const run = promisify(execFile);
const tag = randomBytes(3).toString('hex');
const bridge = `bt${tag}`;
const prefix = `bt${tag}-`;
const subnet = `10.214.${randomInt(0, 256)}`;
const options = { cidr: `${subnet}.0/24`, bridgeName: bridge, namePrefix: prefix };
const gateway = `${subnet}.1`;
const provider = new IprouteNetworkProvider(options);
const servers: ChildProcess[] = [];

before(() => {
  assert.equal(process.getuid?.(), 0, 'task networking needs root (CI runs the e2e tests as root)');
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map(stopProcess));
});

after(async () => {
  await new IprouteNetworkProvider(options).cleanupOrphans();
  await run('ip', ['link', 'del', bridge]).catch(() => undefined);
});

async function ipJson<T>(...args: string[]): Promise<T[]> {
  const { stdout } = await run('ip', ['-j', ...args]);
  return stdout.trim() === '' ? [] : (JSON.parse(stdout) as T[]);
}

/** The namespaces and links this file could have made: compared before and after to show nothing is left. */
async function ourState() {
  const namespaces = await ipJson<{ name: string }>('netns', 'list');
  const links = await ipJson<{ ifname: string; master?: string }>('link', 'show');
  const ours = namespaces.map((n) => n.name).filter((name) => name.startsWith(prefix));
  // Only this file's: other test files' berths make `bv…` veths of their own at the same time.
  const ourVeths = new Set(ours.map(hostVethName));
  return {
    namespaces: ours,
    links: links
      .filter((link) => link.master === bridge || ourVeths.has(link.ifname))
      .map((link) => link.ifname)
      .sort(),
  };
}

function taskId(): string {
  return randomBytes(16).toString('hex');
}

function nsName(handle: TaskNetworkHandle): string {
  return basename(handle.netnsPath!);
}

/** An HTTP server inside a namespace answering `body`; resolves once it listens. */
async function serveIn(namespace: string, port: number, body: string): Promise<void> {
  const script = `const [body, port] = process.argv.slice(1);
    require('node:http').createServer((q, s) => s.end(body)).listen(Number(port), () => console.log('ready'));`;
  const child = spawn(
    'ip',
    ['netns', 'exec', namespace, process.execPath, '-e', script, body, String(port)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  servers.push(child);
  const [chunk] = await once(child.stdout!, 'data');
  assert.equal(String(chunk).trim(), 'ready');
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** An HTTP GET made from inside a namespace: the body, or `error <code>`. */
async function fetchFrom(namespace: string, url: string): Promise<string> {
  const script = `fetch(process.argv[1]).then((r) => r.text()).then((t) => process.stdout.write(t),
    (e) => process.stdout.write('error ' + (e.cause?.code ?? e.message)));`;
  const { stdout } = await run('ip', ['netns', 'exec', namespace, process.execPath, '-e', script, url]);
  return stdout;
}

async function fetchText(url: string): Promise<string> {
  return (await fetch(url)).text();
}

function networkFailed(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(isBerthError(error), String(error));
    assert.equal(error.code, 'BERTH_NETWORK_FAILED');
    assert.match(error.message, pattern);
    return true;
  };
}

test('awsvpc: two tasks at once, each with eth0 at its own address, serving the same port, reaching each other and the host', async () => {
  const initial = await ourState();
  const ports = [{ containerName: 'web', containerPort: 8080, protocol: 'tcp' as const }];
  const ids = [taskId(), taskId()];
  const [a, b] = await Promise.all(ids.map((id) => provider.create({ taskId: id, mode: 'awsvpc', ports })));
  assert.ok(a && b);
  assert.equal(a.netnsPath, `/run/netns/${prefix}${ids[0]!.slice(0, 12)}`);
  assert.notEqual(a.privateIpv4Address, b.privateIpv4Address);
  for (const handle of [a, b]) {
    const address = handle.privateIpv4Address!;
    assert.ok(address.startsWith(`${subnet}.`) && address !== gateway, address);
    assert.deepEqual(handle.bindings, [
      { containerName: 'web', bindIP: address, containerPort: 8080, hostPort: 8080, protocol: 'tcp' },
    ]);
    const [eth0] = await ipJson<{ addr_info: Array<{ family: string; local: string; prefixlen: number }> }>(
      '-n',
      nsName(handle),
      'addr',
      'show',
      'dev',
      'eth0',
    );
    assert.deepEqual(
      eth0!.addr_info
        .filter((info) => info.family === 'inet')
        .map((info) => `${info.local}/${info.prefixlen}`),
      [`${address}/24`],
    );
    const routes = await ipJson<{ dst: string; gateway?: string }>('-n', nsName(handle), 'route', 'show');
    assert.equal(routes.find((route) => route.dst === 'default')?.gateway, gateway);
  }

  await serveIn(nsName(a), 8080, 'task A');
  await serveIn(nsName(b), 8080, 'task B');
  assert.equal(await fetchText(`http://${a.privateIpv4Address}:8080/`), 'task A');
  assert.equal(await fetchText(`http://${b.privateIpv4Address}:8080/`), 'task B');
  assert.equal(await fetchFrom(nsName(a), `http://${b.privateIpv4Address}:8080/`), 'task B');

  // The host is reachable at the gateway address; its 127.0.0.1 is not (that is the task's own loopback).
  const host = createHttpServer((_request, response) => response.end('host'));
  await new Promise<void>((resolve) => host.listen(0, gateway, resolve));
  try {
    const port = (host.address() as { port: number }).port;
    assert.equal(await fetchFrom(nsName(a), `http://${gateway}:${port}/`), 'host');
    assert.equal(await fetchFrom(nsName(a), `http://127.0.0.1:${port}/`), 'error ECONNREFUSED');
  } finally {
    await closeServer(host);
  }

  await Promise.all(servers.splice(0).map(stopProcess));
  await Promise.all([a.release(), b.release(), a.release()]);
  await b.release();
  assert.deepEqual(await ourState(), initial);
});

test('bridge mode: hostPort 0 publishes a free port on 127.0.0.1 that forwards to the task', async () => {
  const initial = await ourState();
  const handle = await provider.create({
    taskId: taskId(),
    mode: 'bridge',
    ports: [{ containerName: 'web', containerPort: 8081, hostPort: 0, protocol: 'tcp' }],
  });
  assert.equal(handle.privateIpv4Address, undefined);
  const [binding] = handle.bindings;
  assert.ok(binding && binding.hostPort > 0);
  assert.deepEqual(binding, {
    containerName: 'web',
    bindIP: '127.0.0.1',
    containerPort: 8081,
    hostPort: binding.hostPort,
    protocol: 'tcp',
  });
  await serveIn(nsName(handle), 8081, 'bridged');
  assert.equal(await fetchText(`http://127.0.0.1:${binding.hostPort}/`), 'bridged');

  await handle.release();
  await assert.rejects(fetchText(`http://127.0.0.1:${binding.hostPort}/`), (error: Error) => {
    assert.equal((error.cause as NodeJS.ErrnoException).code, 'ECONNREFUSED');
    return true;
  });
  await Promise.all(servers.splice(0).map(stopProcess));
  assert.deepEqual(await ourState(), initial);
});

test('bridge mode: a fixed hostPort already in use is a clear error and leaves nothing behind', async () => {
  const initial = await ourState();
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as { port: number }).port;
  const id = taskId();
  try {
    const ports = [
      { containerName: 'web', containerPort: 81, hostPort: 0, protocol: 'tcp' as const },
      { containerName: 'web', containerPort: 80, hostPort: port, protocol: 'tcp' as const },
    ];
    await assert.rejects(
      provider.create({ taskId: id, mode: 'bridge', ports }),
      networkFailed(
        new RegExp(
          `^host port 127\\.0\\.0\\.1:${port} is already in use \\(container "web" port 80/tcp\\): ` +
            'choose another hostPort, or 0 for a free one$',
        ),
      ),
    );
    assert.deepEqual(await ourState(), initial);
  } finally {
    await closeServer(taken);
  }
  // The failed attempt let go of the task's name and address: the same task can be made now.
  const retry = await provider.create({
    taskId: id,
    mode: 'bridge',
    ports: [{ containerName: 'web', containerPort: 80, hostPort: port, protocol: 'tcp' }],
  });
  assert.equal(retry.bindings[0]?.hostPort, port);
  await retry.release();
  assert.deepEqual(await ourState(), initial);
});

test('a namespace of the same name that already exists is refused and left as it was', async () => {
  const id = taskId();
  const existing = `${prefix}${id.slice(0, 12)}`;
  await run('ip', ['netns', 'add', existing]);
  try {
    const before = await ourState();
    await assert.rejects(
      provider.create({ taskId: id, mode: 'awsvpc', ports: [] }),
      networkFailed(new RegExp(`ip netns add ${existing}\` failed: .*File exists`)),
    );
    assert.deepEqual(await ourState(), before);
  } finally {
    await run('ip', ['netns', 'del', existing]);
  }
});

test('bridge mode refuses UDP mappings before making anything', async () => {
  const initial = await ourState();
  await assert.rejects(
    provider.create({
      taskId: taskId(),
      mode: 'bridge',
      ports: [{ containerName: 'dns', containerPort: 53, protocol: 'udp' }],
    }),
    networkFailed(/container "dns" port 53\/udp: berth publishes only TCP ports in bridge mode/),
  );
  assert.deepEqual(await ourState(), initial);
});

test('none: a namespace with loopback only; host: no namespace, hostPort = containerPort', async () => {
  const none = await provider.create({ taskId: taskId(), mode: 'none', ports: [] });
  const links = await ipJson<{ ifname: string; operstate: string; flags: string[] }>(
    '-n',
    nsName(none),
    'link',
    'show',
  );
  assert.deepEqual(
    links.map((link) => [link.ifname, link.flags.includes('UP')]),
    [['lo', true]],
  );
  assert.deepEqual(none.bindings, []);
  await none.release();

  const host = await provider.create({
    taskId: taskId(),
    mode: 'host',
    ports: [{ containerName: 'web', containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
  });
  assert.equal(host.netnsPath, undefined);
  assert.deepEqual(host.bindings, [
    { containerName: 'web', bindIP: '0.0.0.0', containerPort: 8080, hostPort: 8080, protocol: 'tcp' },
  ]);
  await host.release();
});

test('cleanupOrphans removes what a gone provider left, and keeps the tasks of its own', async () => {
  const initial = await ourState();
  const gone = new IprouteNetworkProvider(options);
  const orphan = await gone.create({ taskId: taskId(), mode: 'awsvpc', ports: [] });
  const [orphanVeth] = (await ourState()).links.filter((link) => !initial.links.includes(link));
  assert.ok(orphanVeth);

  const current = new IprouteNetworkProvider(options);
  const own = await current.create({ taskId: taskId(), mode: 'awsvpc', ports: [] });
  const removed = await current.cleanupOrphans();
  assert.deepEqual([...removed].sort(), [orphanVeth, nsName(orphan)].sort());

  const after = await ourState();
  assert.deepEqual(after.namespaces, [nsName(own)]);
  assert.equal(after.links.length, 1);
  assert.deepEqual(await current.cleanupOrphans(), []);
  await own.release();
  assert.deepEqual(await ourState(), initial);
});

test('a range overlapping a host route is refused with the route and a free range, and nothing is made', async () => {
  // The route to this file's bridge is a host route to any other provider.
  const made = await provider.create({ taskId: taskId(), mode: 'awsvpc', ports: [] });
  await made.release();
  const otherBridge = `bu${tag}`;
  const overlapping = new IprouteNetworkProvider({
    cidr: `${subnet}.128/25`,
    bridgeName: otherBridge,
    namePrefix: `bu${tag}-`,
  });
  await assert.rejects(
    overlapping.create({ taskId: taskId(), mode: 'awsvpc', ports: [] }),
    networkFailed(
      new RegExp(
        `^berth's task network ${subnet}\\.128/25 overlaps the host route ${subnet}\\.0/24 dev ${bridge}: ` +
          'tasks on it would be unreachable\\. Choose a range no route covers \\(`ip route` lists them\\), ' +
          'e\\.g\\. 10\\.\\d+\\.\\d+\\.\\d+/25\\.$',
      ),
    ),
  );
  assert.deepEqual(await ipJson('link', 'show', 'dev', otherBridge).catch(() => 'absent'), 'absent');
  assert.deepEqual(
    (await ipJson<{ name: string }>('netns', 'list')).filter((ns) => ns.name.startsWith(`bu${tag}-`)),
    [],
  );
});

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
