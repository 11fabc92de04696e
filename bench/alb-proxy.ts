// npm run bench -- alb-proxy: requests per second through berth's ALB proxy vs straight to the target, in the same
// run (issue 14: the proxy must keep ≥ 0.7× of direct). The target is a node:http server in its own process
// answering a fixed body; ELBv2 runs in this process with the real proxy (adapters/lb-proxy) on loopback, the target
// registered and healthy; the load is ApacheBench (`ab -k`, apache2-utils) in its own process, alternating rounds
// direct / through the proxy, the median of each reported. Correctness gate first: both paths give 200 and the
// target's body. The floor, in the same rounds: a bare node:http proxy (keep-alive agent, pipe both ways, nothing
// else) in this process — what any Node proxy costs here — and the CPU time per request of each proxy (stable under
// load, unlike requests/s). CONCURRENCY (default 8), REQUESTS per round (default 20000), ROUNDS (default 3).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbv2ProxyHarness } from '../src/testing/elbv2-fixtures.js';
import { envNumber, median, recordResult } from './bench-kit.js';

const concurrency = envNumber('CONCURRENCY', 8);
const requests = envNumber('REQUESTS', 20_000);
const rounds = envNumber('ROUNDS', 3);
const run = promisify(execFile);

const targetCode = `
const server = require('node:http').createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 13 });
  res.end('hello, world\\n');
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;

async function main(): Promise<void> {
  const target = spawn(process.execPath, ['-e', targetCode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(target.stdout!, 'data')) as [Buffer];
  const targetPort = Number(line.toString().trim());
  const harness = elbv2ProxyHarness();
  try {
    const listenerPort = await albInFrontOf(harness, targetPort);
    const direct = `http://127.0.0.1:${targetPort}/`;
    const proxied = `http://127.0.0.1:${listenerPort}/`;
    const bare = `http://127.0.0.1:${await bareProxy(targetPort)}/`;
    for (const url of [direct, proxied, bare]) {
      const answer = await fetch(url);
      assert.equal(answer.status, 200, url);
      assert.equal(await answer.text(), 'hello, world\n', url);
    }
    const rates: Record<'direct' | 'proxy' | 'bare', number[]> = { direct: [], proxy: [], bare: [] };
    // CPU time this process spends per request (both proxies run here, the target and ab elsewhere): unlike
    // requests/s it does not move with what else the machine runs, so it compares the two proxies under any load.
    const cpu: Record<'proxy' | 'bare', number[]> = { proxy: [], bare: [] };
    const costed = async (url: string, into: number[]) => {
      const before = process.cpuUsage();
      const rate = await ab(url, requests);
      const used = process.cpuUsage(before);
      into.push((used.user + used.system) / requests);
      return rate;
    };
    for (const url of [direct, proxied, bare]) await ab(url, 2000); // warm-up
    for (let round = 0; round < rounds; round++) {
      rates.direct.push(await ab(direct, requests));
      rates.proxy.push(await costed(proxied, cpu.proxy));
      rates.bare.push(await costed(bare, cpu.bare));
    }
    const d = median(rates.direct);
    const p = median(rates.proxy);
    const b = median(rates.bare);
    const { stdout: version } = await run('ab', ['-V']);
    console.log(
      `node ${process.version}, ${version.split('\n')[0]}; ${rounds} rounds × ${requests} requests, concurrency ${concurrency}, keep-alive`,
    );
    console.log(
      `direct to the target: ${Math.round(d).toLocaleString('en-US')} req/s (rounds: ${rates.direct.map(Math.round).join(', ')})`,
    );
    console.log(
      `through the ALB proxy: ${Math.round(p).toLocaleString('en-US')} req/s (rounds: ${rates.proxy.map(Math.round).join(', ')})`,
    );
    console.log(
      `floor, a bare node:http proxy: ${Math.round(b).toLocaleString('en-US')} req/s (rounds: ${rates.bare.map(Math.round).join(', ')})`,
    );
    console.log(
      `CPU per request in the proxy's process: ALB proxy ${median(cpu.proxy).toFixed(1)} µs, bare proxy ${median(cpu.bare).toFixed(1)} µs`,
    );
    console.log(
      `ratio proxy ÷ direct: ${(p / d).toFixed(2)}× (target ≥ 0.7×); bare ÷ direct ${(b / d).toFixed(2)}×; proxy ÷ bare ${(p / b).toFixed(2)}×`,
    );
    recordResult({
      measure: 'requests/s through the ALB proxy',
      berth: `${Math.round(p)}/s`,
      peer: `${Math.round(d)}/s direct to the task`,
      ratio: `${(p / d).toFixed(2)}× of direct`,
      target: '≥ 0.7×',
      met: p / d >= 0.7,
    });
  } finally {
    await harness.close();
    target.kill();
  }
}

/** A load balancer with one HTTP listener forwarding to an ip target group holding the target; waits until healthy. */
async function albInFrontOf(
  harness: ReturnType<typeof elbv2ProxyHarness>,
  targetPort: number,
): Promise<number> {
  const { elb } = harness;
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'bench' }))).LoadBalancers![0]!;
  const tgArn = (
    await elb.send(
      new CreateTargetGroupCommand({ Name: 'bench', Protocol: 'HTTP', Port: targetPort, TargetType: 'ip' }),
    )
  ).TargetGroups![0]!.TargetGroupArn!;
  await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: '127.0.0.1' }] }));
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

/** The floor: node:http forwarding to the target over a keep-alive agent, streaming both ways, nothing else. */
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

/** One ab round: requests per second, refusing any failed or non-2xx answer. */
async function ab(url: string, count: number): Promise<number> {
  const { stdout } = await run('ab', ['-q', '-k', '-c', String(concurrency), '-n', String(count), url], {
    maxBuffer: 1 << 20,
  });
  const failed = Number(/Failed requests:\s+(\d+)/.exec(stdout)?.[1] ?? 'NaN');
  const non2xx = Number(/Non-2xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? '0');
  assert.equal(failed + non2xx, 0, `ab against ${url}:\n${stdout}`);
  const kept = Number(/Keep-Alive requests:\s+(\d+)/.exec(stdout)?.[1] ?? '0');
  // A path that closes its connections measures connection set-up, not forwarding: refuse it.
  assert.ok(kept >= count * 0.99, `only ${kept} of ${count} requests kept their connection alive (${url})`);
  return Number(/Requests per second:\s+([\d.]+)/.exec(stdout)![1]);
}

await main();
