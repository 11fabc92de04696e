// ECS services end to end: a real `berth up`, runc and berth's registry, through the AWS SDK v3 (and boto3's waiter
// where python3 has boto3). A service of 2 Fargate tasks comes up and serves the page; stopped and exited tasks are
// replaced; it scales; a new revision rolls out; a revision whose execution role cannot read the registry secret
// trips the circuit breaker and rolls back while the old tasks keep serving (ref ecs-services-elb-logs §2.3); berth up
// restarts with the service running; DeleteService drains it and nothing is left on the host.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  type Service,
  StopTaskCommand,
  type Task,
  UpdateServiceCommand,
  waitUntilServicesInactive,
  waitUntilServicesStable,
} from '@aws-sdk/client-ecs';
import { type EcsWorld, startEcsWorld, webContainer } from './support/ecs-world.js';
import { berthNetworkState, runcContainers } from './support/host-network.js';
import { webPort } from './support/web-image.js';

const run = promisify(execFile);
const cluster = 'default';
const serviceName = 'shop';
let world: EcsWorld;
let image: string;
let secretArn: string;
let execution: string;
let firstRevision: string;

before(async () => {
  world = await startEcsWorld();
  const made = await world.privateWebImage('svc');
  image = made.image;
  secretArn = made.secretArn;
  execution = made.executionRoleArn;
  firstRevision = await world.registerFargate('shop', [webContainer(image, secretArn)], { execution });
});

after(async () => {
  await world?.close();
});

const waiter = () => ({ client: world.ecs, maxWaitTime: 120, minDelay: 1, maxDelay: 1 });

async function service(): Promise<Service> {
  const out = await world.ecs.send(new DescribeServicesCommand({ cluster, services: [serviceName] }));
  return out.services![0]!;
}

async function liveTasks(): Promise<Task[]> {
  const arns = (await world.ecs.send(new ListTasksCommand({ cluster, serviceName }))).taskArns ?? [];
  if (arns.length === 0) return [];
  return (await world.ecs.send(new DescribeTasksCommand({ cluster, tasks: arns }))).tasks ?? [];
}

/** Polls until `count` tasks run (none of `gone`) and the service is stable; a hang guard, not a timing assertion. */
async function settled(count: number, gone: readonly string[] = []): Promise<Task[]> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const tasks = await liveTasks();
    const s = await service();
    const ready =
      tasks.length === count &&
      tasks.every((t) => t.lastStatus === 'RUNNING' && !gone.includes(t.taskArn!)) &&
      s.deployments?.length === 1 &&
      s.runningCount === count;
    if (ready) return tasks;
    if (Date.now() > deadline) throw new Error(`not settled: ${JSON.stringify(s.events?.slice(0, 5))}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function serves(tasks: readonly Task[]): Promise<void> {
  for (const task of tasks) {
    const address = task.containers?.[0]?.networkInterfaces?.[0]?.privateIpv4Address;
    const page = await fetch(`http://${address}:${webPort}/`);
    assert.equal(page.status, 200);
    assert.equal(await page.text(), world.web.page);
  }
}

const arns = (tasks: readonly Task[]) => tasks.map((t) => t.taskArn!);

describe('an ECS service on berth', () => {
  test('comes up to 2 tasks serving the page; the SDK waiter sees it stable', async () => {
    const created = await world.ecs.send(
      new CreateServiceCommand({
        serviceName,
        taskDefinition: firstRevision,
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: [world.subnet] } },
      }),
    );
    assert.equal(created.service?.status, 'ACTIVE');
    await waitUntilServicesStable(waiter(), { cluster, services: [serviceName] });
    const tasks = await settled(2);
    await serves(tasks);
    for (const task of tasks) assert.equal(task.group, `service:${serviceName}`);
  });

  test('berth services and berth events show it', () => {
    const listed = world.cli(['services']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^NAME +STATUS +RUNNING +PENDING +DEPLOYMENTS +LAST EVENT$/m);
    assert.match(
      listed.stdout,
      /^shop +ACTIVE +2\/2 +0 +PRIMARY shop:1 COMPLETED +\(service shop\) has reached a steady state\.$/m,
    );
    const events = world.cli(['events', serviceName, '--follow']);
    assert.equal(events.code, 0, events.stderr);
    const lines = events.stdout.trim().split('\n');
    assert.match(lines[0]!, /\(service shop\) has started 2 tasks: \(task \w+\) \(task \w+\)\.$/);
    assert.match(lines.at(-1)!, /\(service shop\) has reached a steady state\.$/);
    const missing = world.cli(['events', 'nope']);
    assert.equal(missing.code, 3);
  });

  test('boto3 services_stable waiter agrees', { skip: !hasBoto3() && 'python3 has no boto3' }, () => {
    const { endpoint, region, credentials } = world.berth;
    const script =
      'import boto3,sys\n' +
      `c=boto3.client('ecs',endpoint_url='${endpoint}',region_name='${region}',` +
      `aws_access_key_id='${credentials.accessKeyId}',aws_secret_access_key=sys.stdin.read().strip())\n` +
      `c.get_waiter('services_stable').wait(cluster='${cluster}',services=['${serviceName}'],` +
      "WaiterConfig={'Delay':1,'MaxAttempts':60})\nprint('stable')\n";
    const ran = spawnSync('python3', ['-c', script], {
      input: credentials.secretAccessKey,
      encoding: 'utf8',
    });
    assert.equal(ran.status, 0, ran.stderr);
    assert.equal(ran.stdout.trim(), 'stable');
  });

  test('a task stopped with StopTask and a task whose container exits are replaced', async () => {
    const [first, second] = await settled(2);
    await world.ecs.send(new StopTaskCommand({ cluster, task: first!.taskArn! }));
    const afterStop = await settled(2, [first!.taskArn!]);
    const taskId = second!.taskArn!.split('/').pop()!;
    await run('runc', ['--root', join(world.berth.stateDir, 'runc'), 'kill', `${taskId}-web`, 'KILL']);
    const replaced = await settled(2, [first!.taskArn!, second!.taskArn!]);
    await serves(replaced);
    assert.ok(arns(afterStop).length === 2);
    const exited = await world.waitFor(second!.taskArn!, (t) => t.lastStatus === 'STOPPED');
    assert.equal(exited.stopCode, 'EssentialContainerExited');
  });

  test('scales up to 3 and down to 1', async () => {
    await world.ecs.send(new UpdateServiceCommand({ cluster, service: serviceName, desiredCount: 3 }));
    await settled(3);
    await world.ecs.send(new UpdateServiceCommand({ cluster, service: serviceName, desiredCount: 1 }));
    const one = await settled(1);
    await serves(one);
  });

  test('rolls out a new revision', async () => {
    await world.ecs.send(new UpdateServiceCommand({ cluster, service: serviceName, desiredCount: 2 }));
    const old = await settled(2);
    const next = await world.registerFargate('shop', [webContainer(image, secretArn)], { execution });
    await world.ecs.send(new UpdateServiceCommand({ cluster, service: serviceName, taskDefinition: next }));
    await waitUntilServicesStable(waiter(), { cluster, services: [serviceName] });
    const rolled = await settled(2, arns(old));
    for (const task of rolled) assert.ok(task.taskDefinitionArn!.endsWith(`:${next.split(':')[1]}`));
    await serves(rolled);
  });

  test('a revision whose execution role cannot read the registry secret trips the circuit breaker and rolls back', async () => {
    const serving = await settled(2);
    const before = await service();
    const good = before.deployments![0]!.id!;
    const blind = await world.createRole('svcBlindExecution');
    const broken = await world.registerFargate('shop', [webContainer(image, secretArn)], {
      execution: blind,
    });
    const updated = await world.ecs.send(
      new UpdateServiceCommand({
        cluster,
        service: serviceName,
        taskDefinition: broken,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      }),
    );
    const failing = updated.service!.deployments![0]!.id!;
    const deadline = Date.now() + 120_000;
    let s = await service();
    while (
      !(
        s.deployments?.length === 1 &&
        s.deployments[0]!.id === good &&
        s.deployments[0]!.rolloutState === 'COMPLETED'
      )
    ) {
      assert.ok(Date.now() < deadline, `no rollback: ${JSON.stringify(s.events?.slice(0, 6))}`);
      await serves(serving);
      await new Promise((resolve) => setTimeout(resolve, 500));
      s = await service();
    }
    const said = s.events!.map((e) => e.message);
    assert.ok(
      said.includes(
        `(service ${serviceName}) (deployment ${failing}) deployment failed: tasks failed to start.`,
      ),
    );
    assert.ok(said.includes(`(service ${serviceName}) rolling back to deployment ${good}.`));
    assert.deepEqual(arns(await settled(2)).sort(), arns(serving).sort(), 'the old tasks kept serving');
    await serves(serving);
  });

  test('berth up restarts with the service running: the lost tasks are replaced', async () => {
    const old = await settled(2);
    await world.restartBerth('SIGKILL');
    const replaced = await settled(2, arns(old));
    await serves(replaced);
  });

  test('DeleteService drains the service to INACTIVE and leaves nothing behind', async () => {
    const stateDir = world.berth.stateDir;
    await world.ecs.send(new DeleteServiceCommand({ cluster, service: serviceName, force: true }));
    await waitUntilServicesInactive(waiter(), { cluster, services: [serviceName] });
    assert.equal((await service()).status, 'INACTIVE');
    assert.deepEqual(await liveTasks(), []);
    const deadline = Date.now() + 30_000;
    while ((await runcContainers(stateDir)).length > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(await runcContainers(stateDir), []);
    assert.deepEqual((await berthNetworkState(stateDir)).namespaces, []);
  });
});

function hasBoto3(): boolean {
  return spawnSync('python3', ['-c', 'import boto3']).status === 0;
}
