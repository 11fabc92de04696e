// An ECS service behind berth's Application Load Balancer, end to end: a real `berth up`, runc and berth's registry,
// through the AWS SDK v3, and the real curl binary on the load balancer's DNSName (a name under `.localhost`, no
// --resolve). Two tasks become healthy ip targets (ref ecs-services-elb-logs §5); scaling in drains one target
// (draining, then gone: ref ecs-services-elb-logs §4.5) with ECS's event texts (ref ecs-services-elb-logs §2.4 E3-E6);
// berth up restarts and the listener and the service come back; deleting the service and the load balancer leaves
// nothing on the host: no namespace, no veth, no runc container, nothing accepting on the listener's port.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  type Service,
  UpdateServiceCommand,
  waitUntilServicesInactive,
  waitUntilServicesStable,
} from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { freePort } from '../integ/support/system-tools.js';
import { type EcsWorld, startEcsWorld, webContainer } from './support/ecs-world.js';
import { berthNetworkState, runcContainers } from './support/host-network.js';
import { webPort } from './support/web-image.js';

const run = promisify(execFile);
const cluster = 'default';
const serviceName = 'storefront';
let world: EcsWorld;
let elb: ElasticLoadBalancingV2Client;
let taskDefinition: string;
let loadBalancerArn: string;
let targetGroupArn: string;
let dnsName: string;
let listenerPort: number;

before(async () => {
  world = await startEcsWorld();
  const made = await world.privateWebImage('alb');
  taskDefinition = await world.registerFargate('storefront', [webContainer(made.image, made.secretArn)], {
    execution: made.executionRoleArn,
  });
  // restartBerth keeps the port, so this client goes on working against the new process.
  const { endpoint, region, credentials } = world.berth;
  elb = new ElasticLoadBalancingV2Client({ endpoint, region, credentials, maxAttempts: 1 });
});

after(async () => {
  elb?.destroy();
  await world?.close();
});

/** A hang guard, not a timing assertion: polls `probe` until it returns a value. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function targets(): Promise<TargetHealthDescription[]> {
  const out = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
  return out.TargetHealthDescriptions ?? [];
}

const states = (all: readonly TargetHealthDescription[]) => all.map((t) => t.TargetHealth?.State).sort();

async function service(): Promise<Service> {
  const out = await world.ecs.send(new DescribeServicesCommand({ cluster, services: [serviceName] }));
  return out.services![0]!;
}

/** `curl` itself, as a user types it: the DNS name and the listener's port, no flags that change resolution. */
async function curl(path = '/'): Promise<string> {
  const { stdout } = await run('curl', [
    '-sS',
    '--fail',
    '--max-time',
    '10',
    `http://${dnsName}:${listenerPort}${path}`,
  ]);
  return stdout;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const waiter = () => ({ client: world.ecs, maxWaitTime: 120, minDelay: 1, maxDelay: 1 });

describe('an ECS service behind an Application Load Balancer on berth', () => {
  test('2 tasks become healthy ip targets and curl gets the page through the DNS name', async () => {
    const lb = (
      await elb.send(new CreateLoadBalancerCommand({ Name: 'storefront', Subnets: [world.subnet] }))
    ).LoadBalancers![0]!;
    loadBalancerArn = lb.LoadBalancerArn!;
    dnsName = lb.DNSName!;
    assert.match(dnsName, /\.localhost$/);
    targetGroupArn = (
      await elb.send(
        new CreateTargetGroupCommand({
          Name: 'storefront',
          Protocol: 'HTTP',
          Port: webPort,
          TargetType: 'ip',
          VpcId: 'vpc-0123456789abcdef0',
          HealthCheckPath: '/',
          HealthCheckIntervalSeconds: 5,
          HealthCheckTimeoutSeconds: 2,
        }),
      )
    ).TargetGroups![0]!.TargetGroupArn!;
    // Long enough to be seen draining, short enough for a test.
    await elb.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: targetGroupArn,
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '3' }],
      }),
    );
    listenerPort = await freePort();
    await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: loadBalancerArn,
        Protocol: 'HTTP',
        Port: listenerPort,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
      }),
    );
    await world.ecs.send(
      new CreateServiceCommand({
        serviceName,
        taskDefinition,
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: [world.subnet] } },
        loadBalancers: [{ targetGroupArn, containerName: 'web', containerPort: webPort }],
      }),
    );
    await waitUntilServicesStable(waiter(), { cluster, services: [serviceName] });
    const healthy = await until('2 healthy targets', async () => {
      const all = await targets();
      return states(all).join() === 'healthy,healthy' ? all : undefined;
    });
    for (const target of healthy) {
      assert.match(target.Target!.Id!, /^\d+\.\d+\.\d+\.\d+$/);
      assert.equal(target.Target!.Port, webPort);
      assert.equal(target.TargetHealth!.Reason, undefined, 'a healthy target carries only its State');
    }
    // Round robin: two requests reach both targets; both serve the same page.
    assert.equal(await curl(), world.web.page);
    assert.equal(await curl(), world.web.page);
    // One E3 event per registration batch: however berth batches, they add up to the two tasks.
    const said = (await service()).events!.map((e) => e.message!);
    const registered = said
      .map((m) => /^\(service (\w+)\) registered (\d+) targets in \(target-group (.+)\)$/.exec(m))
      .filter((m) => m !== null && m[1] === serviceName && m[3] === targetGroupArn)
      .reduce((sum, m) => sum + Number(m![2]), 0);
    assert.equal(registered, 2, JSON.stringify(said));
  });

  test('scaling down to 1 drains one target: draining, then gone, with ECS event texts', async () => {
    await world.ecs.send(new UpdateServiceCommand({ cluster, service: serviceName, desiredCount: 1 }));
    const draining = await until('a draining target', async () => {
      const all = await targets();
      return states(all).join() === 'draining,healthy' ? all : undefined;
    });
    const leaving = draining.find((t) => t.TargetHealth?.State === 'draining')!;
    assert.equal(leaving.TargetHealth!.Reason, 'Target.DeregistrationInProgress');
    assert.equal(leaving.TargetHealth!.Description, 'Target deregistration is in progress');
    // The page keeps being served while the target drains.
    assert.equal(await curl(), world.web.page);
    await until('the drained target gone', async () => {
      const all = await targets();
      return states(all).join() === 'healthy' ? all : undefined;
    });
    await waitUntilServicesStable(waiter(), { cluster, services: [serviceName] });
    const s = await service();
    assert.equal(s.runningCount, 1);
    const said = s.events!.map((e) => e.message!);
    assert.ok(
      said.includes(`(service ${serviceName}) deregistered 1 targets in (target-group ${targetGroupArn})`),
      JSON.stringify(said),
    );
    assert.ok(
      said.some((m) =>
        new RegExp(
          `^\\(service ${serviceName}, taskSet ecs-svc/\\d+\\) has begun draining connections on 1 tasks\\.$`,
        ).test(m),
      ),
      JSON.stringify(said),
    );
    assert.ok(
      said.some((m) =>
        new RegExp(`^\\(service ${serviceName}\\) has stopped 1 running tasks: \\(task \\w+\\)\\.$`).test(m),
      ),
      JSON.stringify(said),
    );
    assert.equal(await curl(), world.web.page);
  });

  test('berth up restarts: the listener listens again and the service resumes behind it', async () => {
    await world.restartBerth('SIGTERM');
    await until('1 healthy target after the restart', async () => {
      const all = await targets();
      return states(all).join() === 'healthy' ? all : undefined;
    });
    await waitUntilServicesStable(waiter(), { cluster, services: [serviceName] });
    assert.equal((await service()).runningCount, 1);
    assert.equal(await curl('/'), world.web.page);
  });

  test('deleting the service and the load balancer leaves nothing behind', async () => {
    const stateDir = world.berth.stateDir;
    await world.ecs.send(new DeleteServiceCommand({ cluster, service: serviceName, force: true }));
    await waitUntilServicesInactive(waiter(), { cluster, services: [serviceName] });
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: loadBalancerArn }));
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: targetGroupArn }));
    const left = await elb.send(new DescribeLoadBalancersCommand({}));
    assert.deepEqual(left.LoadBalancers ?? [], []);
    await until(
      'no runc container',
      async () => ((await runcContainers(stateDir)).length === 0 ? true : undefined),
      30_000,
    );
    const network = await berthNetworkState(stateDir);
    assert.deepEqual(network.namespaces, []);
    assert.deepEqual(network.veths, []);
    assert.equal(await accepts(listenerPort), false, 'nothing accepts on the deleted listener port');
    await assert.rejects(curl(), 'curl cannot reach the deleted load balancer');
  });
});
