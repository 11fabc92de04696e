// npm run bench -- alb-proxy: requests per second through berth's ALB proxy against the same requests straight to
// the target, in the same run (issue 14: "requests/s through the ALB proxy vs direct to a task", target ≥ 0.7×).
//
// 1. The measure — a task: a real `berth up` with runc, an ECS service of one Fargate task of the web image
//    (busybox httpd, as `berth demo` runs) that ECS registered in an ip target group behind an HTTP listener
//    (bench/support/service-behind-alb.ts). Paths: direct to the task's address, through berth's listener on the
//    data plane berth picked (haproxy in front of berth's proxy when haproxy is installed: adapters/lb-native;
//    printed), through berth's Node plane alone (BERTH_LB_DATA_PLANE=node's, run in this process in front of the same
//    task), and through a bare haproxy (Debian's, the native peer) in front of the same task. busybox httpd closes every connection, so
//    each proxied request opens a connection to the task, as ab's direct requests do. Rounds with keep-alive clients
//    (`ab -k`: browsers and SDKs keep theirs) and without.
// 2. The proxy's own cost — a target that costs nearly nothing: a node:http server in its own process answering a
//    fixed body over kept-alive connections, ELBv2 in this process with the real proxy (adapters/lb-proxy), and
//    with the haproxy plane (adapters/lb-native); beside them a bare node:http proxy (keep-alive agent, pipe both
//    ways, nothing else) and haproxy. This is where a proxy's
//    per-request cost shows most; no target is set for it.
// Each proxy's CPU time per request is printed too: unlike requests/s it hardly moves with the machine's load.
// Options: CONCURRENCY (default 8), REQUESTS per round (default 10000), ROUNDS (default 3), BENCH_NODE_TARGET=0 skips 2.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbv2ProxyHarness } from '../src/testing/elbv2-fixtures.js';
import { envNumber, median, recordResult } from './bench-kit.js';
import { ab, abVersion, keptAlive } from './support/ab.js';
import { startHaproxy } from './support/haproxy.js';
import { cpuSeconds } from './support/process-cpu.js';
import { serviceBehindAlb } from './support/service-behind-alb.js';

const concurrency = envNumber('CONCURRENCY', 8);
const requests = envNumber('REQUESTS', 10_000);
const rounds = envNumber('ROUNDS', 3);

interface BenchPath {
  readonly name: string;
  readonly url: string;
  /** CPU time (µs) the proxy on this path has used so far; absent for the direct path. */
  readonly cpuMicros?: () => number;
}

interface PathFigures {
  readonly rates: number[];
  readonly cpuPerRequest: number[];
}

/** Alternating rounds over the paths (noise hits all alike): per path its rates and CPU µs per request. */
async function measure(paths: readonly BenchPath[], keepAlive: boolean): Promise<Map<string, PathFigures>> {
  const figures = new Map(
    paths.map((p) => [p.name, { rates: [] as number[], cpuPerRequest: [] as number[] }]),
  );
  for (const path of paths) await ab({ url: path.url, requests: 1000, concurrency, keepAlive }); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const path of paths) {
      const before = path.cpuMicros?.();
      const rate = await ab({ url: path.url, requests, concurrency, keepAlive });
      const into = figures.get(path.name)!;
      into.rates.push(rate);
      if (before !== undefined) into.cpuPerRequest.push((path.cpuMicros!() - before) / requests);
    }
  }
  return figures;
}

function report(title: string, figures: Map<string, PathFigures>): Map<string, number> {
  console.log(title);
  const medians = new Map<string, number>();
  const direct = median(figures.get('direct')!.rates);
  for (const [name, f] of figures) {
    const rate = median(f.rates);
    medians.set(name, rate);
    const cpu = f.cpuPerRequest.length ? `, ${median(f.cpuPerRequest).toFixed(0)} µs CPU per request` : '';
    const ratio = name === 'direct' ? '' : `, ${(rate / direct).toFixed(2)}× of direct`;
    console.log(
      `  ${name.padEnd(22)} ${Math.round(rate).toLocaleString('en-US').padStart(7)} req/s${ratio}${cpu} (rounds: ${f.rates.map(Math.round).join(', ')})`,
    );
  }
  return medians;
}

async function taskSection(): Promise<void> {
  const setup = await serviceBehindAlb();
  try {
    const taskAddress = new URL(setup.taskUrl);
    const haproxy = await startHaproxy({ host: taskAddress.hostname, port: Number(taskAddress.port) });
    const nodePlane = elbv2ProxyHarness({ plane: 'node' });
    try {
      const native = nativePlane(setup.stateDir);
      const paths: BenchPath[] = [
        { name: 'direct', url: setup.taskUrl },
        {
          name: 'berth ALB proxy',
          url: setup.listenerUrl,
          cpuMicros: () => (cpuSeconds(setup.berthPid) + (native ? treeCpuSeconds(native()) : 0)) * 1e6,
        },
        {
          name: 'berth, Node plane',
          url: `http://127.0.0.1:${await albInFrontOf(nodePlane, taskAddress.hostname, Number(taskAddress.port))}/`,
          cpuMicros: inThisProcess,
        },
        { name: `haproxy`, url: haproxy.url, cpuMicros: () => cpuSeconds(haproxy.pid) * 1e6 },
      ];
      for (const path of paths) {
        const answer = await fetch(path.url);
        assert.equal(answer.status, 200, path.url);
        assert.equal(await answer.text(), setup.page, path.url);
      }
      assert.equal(
        await keptAlive(setup.taskUrl, 10),
        0,
        'busybox httpd was expected to close each connection',
      );
      console.log(
        `1. a task (busybox httpd in runc, one connection per request); ${haproxy.version}; berth's data plane: ${native ? 'haproxy in front of berth (adapters/lb-native)' : 'node (adapters/lb-proxy)'}`,
      );
      const kept = report('  clients keep their connections (ab -k):', await measure(paths, true));
      const closed = report('  clients close theirs (ab):', await measure(paths, false));
      const ratio = kept.get('berth ALB proxy')! / kept.get('direct')!;
      recordResult({
        measure: 'requests/s through the ALB proxy, a task',
        berth: `${Math.round(kept.get('berth ALB proxy')!)}/s`,
        peer: `${Math.round(kept.get('direct')!)}/s direct; haproxy ${(kept.get('haproxy')! / kept.get('direct')!).toFixed(2)}×; berth's Node plane ${(kept.get('berth, Node plane')! / kept.get('direct')!).toFixed(2)}×`,
        ratio: `${ratio.toFixed(2)}× of direct (${native ? 'haproxy plane' : 'node plane'}; clients closing: ${(closed.get('berth ALB proxy')! / closed.get('direct')!).toFixed(2)}×)`,
        target: '≥ 0.7×',
        met: ratio >= 0.7,
      });
    } finally {
      await nodePlane.close();
      await haproxy.stop();
    }
  } finally {
    await setup.close();
  }
}

const inThisProcess = () => {
  const used = process.cpuUsage();
  return used.user + used.system;
};

/** The haproxy master's pid when berth runs the native plane (its pid file in the state dir), read when asked. */
function nativePlane(stateDir: string, under = 'lb-native'): (() => number) | undefined {
  const pidFile = join(stateDir, under, 'haproxy.pid');
  if (!existsSync(pidFile)) return undefined;
  return () => Number(readFileSync(pidFile, 'utf8').trim());
}

/** CPU seconds of `pid` and its children (haproxy's master and its workers). */
function treeCpuSeconds(pid: number): number {
  let total = cpuSeconds(pid);
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.split(') ')[1]!.split(' ')[1]) === pid) total += cpuSeconds(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

const targetCode = `
const server = require('node:http').createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 13 });
  res.end('hello, world\\n');
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;

async function nodeTargetSection(): Promise<void> {
  const target = spawn(process.execPath, ['-e', targetCode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(target.stdout!, 'data')) as [Buffer];
  const targetPort = Number(line.toString().trim());
  const harness = elbv2ProxyHarness();
  const native = elbv2ProxyHarness({ plane: 'haproxy' });
  const haproxy = await startHaproxy({ host: '127.0.0.1', port: targetPort });
  try {
    const paths: BenchPath[] = [
      { name: 'direct', url: `http://127.0.0.1:${targetPort}/` },
      {
        name: 'berth, Node plane',
        url: `http://127.0.0.1:${await albInFrontOf(harness, '127.0.0.1', targetPort)}/`,
        cpuMicros: inThisProcess,
      },
      {
        name: 'berth, haproxy plane',
        url: `http://127.0.0.1:${await albInFrontOf(native, '127.0.0.1', targetPort)}/`,
        cpuMicros: () => inThisProcess() + treeCpuSeconds(nativePlane(native.nativeDir, '')!()) * 1e6,
      },
      {
        name: 'bare node:http proxy',
        url: `http://127.0.0.1:${await bareProxy(targetPort)}/`,
        cpuMicros: inThisProcess,
      },
      { name: 'haproxy', url: haproxy.url, cpuMicros: () => cpuSeconds(haproxy.pid) * 1e6 },
    ];
    for (const path of paths) {
      const answer = await fetch(path.url);
      assert.equal(answer.status, 200, path.url);
      assert.equal(await answer.text(), 'hello, world\n', path.url);
    }
    console.log('2. a node:http target answering a fixed body over kept-alive connections (no target set)');
    const medians = report('  clients keep their connections (ab -k):', await measure(paths, true));
    recordResult({
      measure: 'requests/s through the ALB proxy, a no-op target',
      berth: `${Math.round(medians.get('berth, haproxy plane')!)}/s`,
      peer: `${Math.round(medians.get('direct')!)}/s direct; haproxy ${(medians.get('haproxy')! / medians.get('direct')!).toFixed(2)}×; berth's Node plane ${(medians.get('berth, Node plane')! / medians.get('direct')!).toFixed(2)}×`,
      ratio: `${(medians.get('berth, haproxy plane')! / medians.get('direct')!).toFixed(2)}× of direct (haproxy plane)`,
      target: 'none (the proxy’s own cost)',
      met: true,
    });
  } finally {
    await haproxy.stop();
    await harness.close();
    await native.close();
    target.kill();
  }
}

/** A load balancer with one HTTP listener forwarding to an ip target group holding the target; waits until healthy. */
async function albInFrontOf(
  harness: ReturnType<typeof elbv2ProxyHarness>,
  targetHost: string,
  targetPort: number,
): Promise<number> {
  const { elb } = harness;
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'bench' }))).LoadBalancers![0]!;
  const tgArn = (
    await elb.send(
      new CreateTargetGroupCommand({ Name: 'bench', Protocol: 'HTTP', Port: targetPort, TargetType: 'ip' }),
    )
  ).TargetGroups![0]!.TargetGroupArn!;
  await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: targetHost }] }));
  for (let port = 18_000 + Math.floor(Math.random() * 10_000); ; port++) {
    try {
      await elb.send(
        new CreateListenerCommand({
          LoadBalancerArn: lb.LoadBalancerArn,
          Port: port,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
        }),
      );
      for (;;) {
        const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
        if (health.TargetHealthDescriptions?.[0]?.TargetHealth?.State === 'healthy') return port;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } catch (error) {
      if ((error as Error).name !== 'InvalidConfigurationRequestException') throw error;
    }
  }
}

/** The floor of any Node proxy: node:http forwarding over a keep-alive agent, streaming both ways, nothing else. */
async function bareProxy(targetPort: number): Promise<number> {
  const agent = new Agent({ keepAlive: true });
  const server = createServer((incoming, response) => {
    const outgoing = request(
      {
        agent,
        host: '127.0.0.1',
        port: targetPort,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    incoming.pipe(outgoing);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  server.unref();
  return (server.address() as AddressInfo).port;
}

console.log(
  `node ${process.version}, ${await abVersion()}; ${rounds} rounds × ${requests} requests, concurrency ${concurrency}`,
);
await taskSection();
if (process.env['BENCH_NODE_TARGET'] !== '0') await nodeTargetSection();
