// What only the native data plane has (ref ecs-services-elb-logs §4.7): haproxy forwards what it can decide as
// berth does and berth's proxy answers the rest, a reload lets a request in flight finish, and a haproxy left
// behind by a killed berth up is stopped before the ports are claimed. The two planes are told apart by what the
// target sees: berth's proxy (a node:http keep-alive agent) sends `Connection: keep-alive`, haproxy sends none.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { systemClock } from '../../ports/index.js';
import { freePort } from '../../testing/free-port.js';
import { closeAll, get, listen, type TestTarget, target, until, world } from '../../testing/lb-world.js';
import { NativeLbProxy } from './native-lb-proxy.js';

after(closeAll);

const viaBerth = (t: TestTarget) => t.seen.at(-1)?.headers.connection === 'keep-alive';

test('haproxy forwards to one group itself; weighted forwards and requests it cannot read as berth does go to berth', async () => {
  const { elb, tgArn, port, register, allHealthy, addRule } = await world('haproxy');
  const a = await target('a');
  await register(a);
  await allHealthy();
  assert.equal((await get(port, '/native')).body, 'a /native');
  assert.equal(viaBerth(a), false);

  // An IPv6 literal as Host, and repeated X-Forwarded-For headers (berth joins them): berth's proxy.
  assert.equal((await get(port, '/v6', { host: '[::1]:80' })).body, 'a /v6');
  assert.equal(viaBerth(a), true);
  // berth's proxy behind haproxy still knows the listener port and the client (the PROXY protocol line).
  assert.equal(a.seen.at(-1)!.headers['x-forwarded-port'], String(port));
  assert.equal(a.seen.at(-1)!.headers['x-forwarded-for'], '127.0.0.1');
  const twice = { 'x-forwarded-for': ['198.51.100.1', '198.51.100.2'] } as unknown as Record<string, string>;
  assert.equal((await get(port, '/twice', twice)).body, 'a /twice');
  assert.equal(viaBerth(a), true);
  assert.equal(a.seen.at(-1)!.headers['x-forwarded-for'], '198.51.100.1, 198.51.100.2, 127.0.0.1');

  // A weighted forward over two groups: berth's proxy picks the group.
  const other = (
    await elb.send(
      new CreateTargetGroupCommand({ Name: 'other', Protocol: 'HTTP', Port: 80, TargetType: 'ip' }),
    )
  ).TargetGroups![0]!.TargetGroupArn!;
  await addRule({
    Priority: 1,
    Conditions: [{ Field: 'path-pattern', Values: ['/split/*'] }],
    Actions: [
      {
        Type: 'forward',
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: tgArn, Weight: 1 },
            { TargetGroupArn: other, Weight: 0 },
          ],
        },
      },
    ],
  });
  assert.equal((await get(port, '/split/x')).body, 'a /split/x');
  assert.equal(viaBerth(a), true);
  assert.equal((await get(port, '/after-the-rule')).body, 'a /after-the-rule');
  assert.equal(viaBerth(a), false);
});

test('a reload (a target registered, its health changing) lets a request in flight finish', async () => {
  // An idle timeout far above the reloads' time, so that only a reload could end the held request.
  const { port, register, allHealthy } = await world('haproxy', 'ip', 30_000);
  const held: ServerResponse[] = [];
  const holding: TestTarget = { port: 0, health: 200, seen: [] };
  const server = createServer((req, res) => {
    if (req.url === '/health') return void res.end();
    holding.seen.push({ path: req.url ?? '', headers: req.headers });
    held.push(res);
  });
  Object.assign(holding, { port: await listen(server) });
  await register(holding);
  await allHealthy();
  const pending = get(port, '/hold');
  await until('the request held', async () => (held.length > 0 ? true : undefined));
  assert.equal(viaBerth(holding), false);
  await register(await target('b'));
  await allHealthy();
  held[0]!.end('finished');
  assert.deepEqual([(await pending).status, (await pending).body], [200, 'finished']);
});

/** What berth's socket behind haproxy answers to `bytes` written on a connection of its own. */
function overBerthSocket(dir: string, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(join(dir, 'berth.sock'), () => socket.write(bytes));
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

test("berth's socket behind haproxy answers only a connection that starts with a well-formed PROXY line", async () => {
  const { port, register, allHealthy, nativeDir } = await world('haproxy');
  const a = await target('a');
  await register(a);
  await allHealthy();
  const request = 'GET /direct HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
  const refused = [
    request, // no PROXY line at all
    `PROXY UNKNOWN\r\n${request}`,
    `PROXY TCP4 203.0.113.9 127.0.0.1 5000 not-a-port\r\n${request}`,
    `PROXY TCP4 ${'9'.repeat(200)}`, // longer than a PROXY v1 line may be, and no end
  ];
  for (const bytes of refused) assert.equal(await overBerthSocket(nativeDir, bytes), '', bytes.slice(0, 40));
  assert.equal(a.seen.length, 0);
  const answer = await overBerthSocket(
    nativeDir,
    `PROXY TCP4 203.0.113.9 127.0.0.1 5000 ${port}\r\n${request}`,
  );
  assert.match(answer, /^HTTP\/1\.1 200 /);
  assert.equal(a.seen.at(-1)!.headers['x-forwarded-for'], '203.0.113.9');
  assert.equal(a.seen.at(-1)!.headers['x-forwarded-port'], String(port));
});

test('a haproxy that dies is started again: the listener serves once more without any change to the model', async () => {
  const { port, register, allHealthy, nativeDir } = await world('haproxy');
  const a = await target('a');
  await register(a);
  await allHealthy();
  assert.equal((await get(port, '/before')).body, 'a /before');
  const master = Number(readFileSync(join(nativeDir, 'haproxy.pid'), 'utf8'));
  process.kill(master, 'SIGKILL');
  await until(
    'haproxy started again',
    async () => {
      const pid = Number(readFileSync(join(nativeDir, 'haproxy.pid'), 'utf8'));
      const answer = pid !== master ? await get(port, '/after').catch(() => undefined) : undefined;
      return answer?.body === 'a /after' ? true : undefined;
      // A hang guard, not a timing assertion: berth waits 1 s before it starts haproxy again.
    },
    30_000,
  );
  assert.equal(viaBerth(a), false);
});

test('a haproxy left running by a killed berth up is stopped before the ports are claimed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-lb-native-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'haproxy.cfg'),
    `defaults\n  mode http\n  timeout client 1s\nfrontend stale\n  bind 127.0.0.1:${port}\n  http-request return status 200\n`,
  );
  const stale = spawn('haproxy', ['-W', '-db', '-f', join(dir, 'haproxy.cfg')], { stdio: 'ignore' });
  const exited = new Promise((resolve) => stale.once('exit', resolve));
  writeFileSync(join(dir, 'haproxy.pid'), `${stale.pid}\n`);
  await until('the stale haproxy', async () =>
    (await get(port).catch(() => undefined))?.status === 200 ? true : undefined,
  );

  const proxy = new NativeLbProxy({ clock: systemClock, log: { warn: () => undefined }, dir });
  await proxy.claim(port);
  await exited;
  const teapot = { type: 'fixed-response', statusCode: '418', messageBody: 'teapot' } as const;
  await proxy.apply({
    listeners: [{ arn: 'l', port, dnsName: 'x.elb.localhost', rules: [{ conditions: [], action: teapot }] }],
    targetGroups: [],
  });
  assert.deepEqual([(await get(port)).status, (await get(port)).body], [418, 'teapot']);
  await proxy.close();
  await assert.rejects(get(port), { code: 'ECONNREFUSED' });
  rmSync(dir, { recursive: true, force: true });
});

test('instance targets and ip targets of two groups behind one listener keep their own round robins', async () => {
  const { elb, port, register, allHealthy, addRule } = await world('haproxy', 'instance');
  const [a, b] = [await target('a'), await target('b')];
  await register(a, b);
  await allHealthy();
  const ip = (
    await elb.send(new CreateTargetGroupCommand({ Name: 'ip', Protocol: 'HTTP', Port: 80, TargetType: 'ip' }))
  ).TargetGroups![0]!.TargetGroupArn!;
  const c = await target('c');
  await elb.send(
    new RegisterTargetsCommand({ TargetGroupArn: ip, Targets: [{ Id: '127.0.0.1', Port: c.port }] }),
  );
  await addRule({
    Priority: 1,
    Conditions: [{ Field: 'host-header', Values: ['*.Example.com'] }],
    Actions: [{ Type: 'forward', TargetGroupArn: ip }],
  });
  await until('c healthy', async () => {
    const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: ip }));
    return health.TargetHealthDescriptions?.[0]?.TargetHealth?.State === 'healthy' ? true : undefined;
  });
  assert.equal((await get(port, '/c', { host: 'api.example.COM' })).body, 'c /c');
  const bodies = [];
  for (let i = 0; i < 4; i++) bodies.push((await get(port, '/x')).body);
  assert.deepEqual(bodies.toSorted(), ['a /x', 'a /x', 'b /x', 'b /x']);
  assert.equal((await get(port, '/y', { host: 'www.example.com:8080' })).body, 'c /y');
  assert.equal(viaBerth(c), false);
});
