// The ALB data plane end to end (ref ecs-services-elb-logs §4.3, §4.5, §4.7): ELBv2 in process with the real proxy
// on loopback, targets being test HTTP servers on 127.0.0.1 (no runc needed). Health checks are paced at 50 ms
// instead of the API's 5 s minimum, the idle timeout at 300 ms. Every test runs on both data planes: berth's proxy
// alone, and haproxy in front of it (adapters/lb-native).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import {
  DeleteLoadBalancerCommand,
  DeregisterTargetsCommand,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { freePort } from '../../testing/free-port.js';
import { closeAll, get, type TestTarget, target, until, world } from '../../testing/lb-world.js';

after(closeAll);

type Plane = 'node' | 'haproxy';

/** The test on each data plane. */
function planeTest(name: string, body: (plane: Plane) => Promise<void>): void {
  for (const plane of ['node', 'haproxy'] as const) test(`${name} [${plane}]`, () => body(plane));
}

planeTest(
  'round robin over healthy targets, with the ALB request headers; instance targets on 127.0.0.1',
  async (plane) => {
    const { port, register, allHealthy } = await world(plane, 'instance');
    const [a, b] = [await target('a'), await target('b')];
    await register(a, b);
    await allHealthy();
    const bodies = [];
    for (let i = 0; i < 4; i++)
      bodies.push((await get(port, '/x', { 'x-forwarded-for': '203.0.113.9' })).body);
    assert.deepEqual(new Set(bodies), new Set(['a /x', 'b /x']));
    assert.equal(
      bodies[0] === bodies[2] && bodies[1] === bodies[3] && bodies[0] !== bodies[1],
      true,
      bodies.join(),
    );
    const headers = a.seen[0]!.headers;
    assert.equal(headers['x-forwarded-for'], '203.0.113.9, 127.0.0.1');
    assert.equal(headers['x-forwarded-proto'], 'http');
    assert.equal(headers['x-forwarded-port'], String(port));
    assert.match(String(headers['x-amzn-trace-id']), /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  },
);

planeTest(
  'health: initial → healthy → unhealthy with ELB reason codes and texts; fail-open while every target is unhealthy',
  async (plane) => {
    const { register, states, allHealthy, port, targets, tgArn } = await world(plane);
    const t = await target('t');
    const changes: string[] = [];
    (await targets()).onHealthChange((arn, change) => arn === tgArn && changes.push(change.state));
    await register(t);
    assert.deepEqual(await states(), [
      {
        port: t.port,
        state: 'initial',
        reason: 'Elb.RegistrationInProgress',
        description: 'Target registration is in progress',
      },
    ]);
    await allHealthy();
    t.health = 503;
    const mismatch = await until('unhealthy', async () =>
      (await states()).find((s) => s.state === 'unhealthy'),
    );
    assert.deepEqual(mismatch, {
      port: t.port,
      state: 'unhealthy',
      reason: 'Target.ResponseCodeMismatch',
      description: 'Health checks failed with these codes: [503]',
    });
    // "If a target group contains only unhealthy registered targets, the load balancer routes requests to all those targets."
    assert.equal((await get(port, '/open')).body, 't /open');
    t.health = 'hang';
    assert.deepEqual(
      await until('timeout', async () => (await states()).find((s) => s.reason === 'Target.Timeout')),
      { port: t.port, state: 'unhealthy', reason: 'Target.Timeout', description: 'Request timed out' },
    );
    t.health = 200;
    await allHealthy();
    assert.deepEqual(changes, ['healthy', 'unhealthy', 'healthy']);
  },
);

planeTest('a target that refuses connections is unhealthy/Target.FailedHealthChecks', async (plane) => {
  const { register, states } = await world(plane);
  const closed = { port: await freePort(), health: 200, seen: [] } as TestTarget;
  await register(closed);
  assert.deepEqual(await until('failed', async () => (await states()).find((s) => s.state === 'unhealthy')), {
    port: closed.port,
    state: 'unhealthy',
    reason: 'Target.FailedHealthChecks',
    description: 'Health checks failed',
  });
});

planeTest(
  "the load balancer's own answers: 503 without targets, 502 when the target resets, 504 when it does not answer",
  async (plane) => {
    const { port, register, allHealthy } = await world(plane);
    const none = await get(port);
    assert.equal(none.status, 503);
    assert.equal(none.statusMessage, 'Service Temporarily Unavailable');
    assert.equal(none.headers.server, 'awselb/2.0');
    assert.equal(none.headers['content-type'], 'text/html');
    assert.equal(none.headers['content-length'], '162');
    assert.match(none.body, /<title>503 Service Temporarily Unavailable<\/title>/);
    const t = await target('t');
    await register(t);
    await allHealthy();
    const crash = await get(port, '/crash');
    assert.deepEqual([crash.status, crash.headers['content-length']], [502, '122']);
    const slow = await get(port, '/slow');
    assert.deepEqual(
      [slow.status, slow.statusMessage, slow.headers['content-length']],
      [504, 'Gateway Time-out', '132'],
    );
    assert.equal((await get(port, '/fine')).body, 't /fine');
  },
);

planeTest(
  'DeregisterTargets: the target drains (no new requests) for the deregistration delay, then it is gone',
  async (plane) => {
    const { elb, tgArn, port, register, states, allHealthy, idOf } = await world(plane);
    await elb.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: tgArn,
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '1' }],
      }),
    );
    const [a, b] = [await target('a'), await target('b')];
    await register(a, b);
    await allHealthy();
    await elb.send(
      new DeregisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: idOf(a), Port: a.port }] }),
    );
    assert.deepEqual(
      (await states()).map((s) => [s.port, s.state, s.reason]),
      [
        [a.port, 'draining', 'Target.DeregistrationInProgress'],
        [b.port, 'healthy', undefined],
      ],
    );
    for (let i = 0; i < 4; i++) assert.equal((await get(port, '/d')).body, 'b /d');
    await until('drained', async () => ((await states()).length === 1 ? true : undefined), 3000);
  },
);

planeTest(
  'rules by Host and path, fixed responses and redirects; curl reaches the DNS name with no --resolve',
  async (plane) => {
    const { lb, port, register, allHealthy, addRule } = await world(plane);
    const t = await target('t');
    await register(t);
    await allHealthy();
    await addRule({
      Priority: 1,
      Conditions: [{ Field: 'host-header', Values: ['api.example.com'] }],
      Actions: [
        {
          Type: 'fixed-response',
          FixedResponseConfig: {
            StatusCode: '418',
            ContentType: 'application/json',
            MessageBody: '{"api":true}',
          },
        },
      ],
    });
    await addRule({
      Priority: 2,
      Conditions: [{ Field: 'path-pattern', Values: ['/old/*'] }],
      Actions: [
        {
          Type: 'redirect',
          RedirectConfig: { StatusCode: 'HTTP_302', Path: '/new/#{path}', Host: 'example.org', Port: '80' },
        },
      ],
    });
    const api = await get(port, '/anything', { host: 'API.example.com' });
    assert.deepEqual(
      [api.status, api.headers['content-type'], api.body],
      [418, 'application/json', '{"api":true}'],
    );
    const moved = await get(port, '/old/page?x=1', { host: 'www.example.com' });
    assert.deepEqual([moved.status, moved.headers.location], [302, 'http://example.org/new/old/page?x=1']);
    const curl = await promisify(execFile)('curl', [
      '-s',
      '--max-time',
      '5',
      `http://${lb.DNSName}:${port}/via-dns`,
    ]);
    assert.equal(curl.stdout, 't /via-dns');
  },
);

planeTest('nothing is left listening after DeleteLoadBalancer', async (plane) => {
  const { elb, lb, port } = await world(plane);
  assert.equal((await get(port)).status, 503);
  await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
  await assert.rejects(get(port), { code: 'ECONNREFUSED' });
});
