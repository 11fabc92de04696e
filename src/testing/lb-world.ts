// The ALB data plane's test world: ELBv2 in process over a real data plane on loopback (berth's proxy alone, or
// haproxy in front of it), a load balancer with one listener forwarding to a target group, and test HTTP servers
// on 127.0.0.1 as its targets. Health checks are paced at 50 ms, the idle timeout at 300 ms.
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  type CreateRuleCommandInput,
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbv2ProxyHarness } from './elbv2-fixtures.js';
import { freePort } from './free-port.js';

const closers: (() => Promise<unknown>)[] = [];

/** Closes every target and harness the helpers opened (a test file's `after`). */
export async function closeAll(): Promise<void> {
  for (const close of closers.splice(0).reverse()) await close();
}

export interface TestTarget {
  readonly port: number;
  /** What /health answers (a status), or 'hang' to never answer. */
  health: number | 'hang';
  readonly seen: { path: string; headers: Record<string, unknown> }[];
}

/** A target answering its name; /crash resets the connection, /slow never answers, /health as told. */
export async function target(name: string): Promise<TestTarget> {
  const state: TestTarget = { port: 0, health: 200, seen: [] };
  const server = createServer((req, res) => {
    if (req.url === '/health') {
      if (state.health !== 'hang') res.writeHead(state.health).end();
      return;
    }
    state.seen.push({ path: req.url ?? '', headers: req.headers });
    if (req.url === '/crash') req.socket.destroy();
    else if (req.url !== '/slow') res.end(`${name} ${req.url}`);
  });
  await listen(server);
  return Object.assign(state, { port: (server.address() as AddressInfo).port });
}

export async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  );
  return (server.address() as AddressInfo).port;
}

export async function get(port: number, path = '/', headers: Record<string, string> = {}) {
  return new Promise<{
    status: number;
    headers: Record<string, unknown>;
    body: string;
    statusMessage: string;
  }>((resolve, reject) => {
    const out = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          statusMessage: res.statusMessage ?? '',
          headers: res.headers,
          body,
        }),
      );
    });
    out.on('error', reject);
    out.end();
  });
}

export async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function world(
  plane: 'node' | 'haproxy',
  targetType: 'ip' | 'instance' = 'ip',
  idleTimeoutMs = 300,
) {
  const harness = elbv2ProxyHarness({
    plane,
    checkTiming: () => ({ intervalMs: 50, timeoutMs: 100 }),
    idleTimeoutMs,
  });
  closers.push(harness.close);
  const { elb } = harness;
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: `web-${targetType}` })))
    .LoadBalancers![0]!;
  const tgArn = (
    await elb.send(
      new CreateTargetGroupCommand({
        Name: 'app',
        Protocol: 'HTTP',
        Port: 80,
        TargetType: targetType,
        HealthCheckPath: '/health',
        HealthyThresholdCount: 2,
        UnhealthyThresholdCount: 2,
      }),
    )
  ).TargetGroups![0]!.TargetGroupArn!;
  const port = await freePort();
  const listener = await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: lb.LoadBalancerArn,
      Port: port,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
    }),
  );
  /** A rule on the listener. */
  const addRule = (rule: Omit<CreateRuleCommandInput, 'ListenerArn'>) =>
    elb.send(new CreateRuleCommand({ ...rule, ListenerArn: listener.Listeners![0]!.ListenerArn }));
  const idOf = (t: TestTarget) => (targetType === 'ip' ? '127.0.0.1' : `i-${t.port}`);
  const register = (...targets: TestTarget[]) =>
    elb.send(
      new RegisterTargetsCommand({
        TargetGroupArn: tgArn,
        Targets: targets.map((t) => ({ Id: idOf(t), Port: t.port })),
      }),
    );
  const states = async () =>
    (
      await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }))
    ).TargetHealthDescriptions!.map((d) => ({
      port: d.Target!.Port,
      state: d.TargetHealth!.State,
      reason: d.TargetHealth!.Reason,
      description: d.TargetHealth!.Description,
    }));
  const allHealthy = () =>
    until('healthy targets', async () =>
      (await states()).every((s) => s.state === 'healthy') ? true : undefined,
    );
  return { ...harness, lb, tgArn, port, register, states, allHealthy, idOf, addRule };
}
