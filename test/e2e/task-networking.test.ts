// Task networking through a real `berth up` (issue 7): awsvpc tasks each at an address of their own, reported where
// ECS reports it (the ENI attachment and containers[].networkInterfaces, never networkBindings); bridge-mode tasks
// published on 127.0.0.1 with a dynamic or a fixed host port in networkBindings; host mode in the host's namespace;
// and nothing of a task's network left on the host once it stopped, nor the bridge once berth stopped.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { StopTaskCommand, type Task } from '@aws-sdk/client-ecs';
import { hostVethName } from '../../src/adapters/netns/names.js';
import { testTaskCidr } from '../integ/berth-process.js';
import { freePort } from '../integ/support/system-tools.js';
import { browserGet } from './support/browser-get.js';
import { type EcsWorld, type PrivateImage, startEcsWorld } from './support/ecs-world.js';
import { type BerthNetworkState, berthNetworkState, taskNamespace } from './support/host-network.js';
import { serveTextCommand } from './support/task-commands.js';
import { webPort } from './support/web-image.js';

let world: EcsWorld;
let web: PrivateImage;
let before0: BerthNetworkState;

before(async () => {
  world = await startEcsWorld();
  before0 = await berthNetworkState(world.berth.stateDir);
  web = await world.privateWebImage('net');
});

after(async () => {
  await world?.close();
});

const taskIdOf = (task: Task) => task.taskArn!.split('/').pop()!;

function eniDetail(task: Task, name: string): string | undefined {
  const eni = task.attachments?.find((a) => a.type === 'ElasticNetworkInterface');
  return eni?.details?.find((d) => d.name === name)?.value;
}

/** Runs a task (Fargate) that exits by itself, until it has STOPPED. */
async function runToStop(taskDefinition: string): Promise<Task> {
  const settled = await world.runAndSettle(taskDefinition);
  return world.waitFor(settled.taskArn!, (t) => t.lastStatus === 'STOPPED');
}

async function stop(task: Task): Promise<Task> {
  await world.ecs.send(new StopTaskCommand({ task: task.taskArn, reason: 'test done' }));
  return world.waitFor(task.taskArn!, (t) => t.lastStatus === 'STOPPED');
}

/** The kernel's ephemeral range, where ECS's agent (and Docker) pick dynamic host ports. */
function ephemeralPorts(): { low: number; high: number } {
  const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
  return { low: Number(low), high: Number(high) };
}

function container(name: string, extra: object = {}) {
  return {
    name,
    image: web.image,
    essential: true,
    repositoryCredentials: { credentialsParameter: web.secretArn },
    ...extra,
  };
}

describe('task networking', () => {
  test('two awsvpc tasks with the same containerPort, each answering a browser at its own address', async () => {
    const family = await world.registerFargate(
      'twins',
      [container('web', { portMappings: [{ containerPort: webPort, hostPort: webPort, protocol: 'tcp' }] })],
      { execution: web.executionRoleArn },
    );
    const page = (name: string) => ({
      overrides: { containerOverrides: [{ name: 'web', command: serveTextCommand(name, webPort) }] },
    });
    const tasks = await Promise.all([
      world.runAndSettle(family, page('first twin')),
      world.runAndSettle(family, page('second twin')),
    ]);
    const addresses = tasks.map((task) => {
      assert.equal(task.lastStatus, 'RUNNING', task.stoppedReason);
      const address = task.containers?.[0]?.networkInterfaces?.[0]?.privateIpv4Address;
      assert.ok(address, `no privateIpv4Address in ${JSON.stringify(task.containers)}`);
      assert.equal(eniDetail(task, 'privateIPv4Address'), address, 'the ENI attachment lists the address');
      assert.equal(eniDetail(task, 'subnetId'), world.subnet);
      // Fargate reports no port bindings: the task is reached at its own address.
      assert.deepEqual(task.containers?.[0]?.networkBindings, []);
      return address;
    });
    assert.notEqual(addresses[0], addresses[1]);

    for (const [i, name] of ['first twin', 'second twin'].entries()) {
      const answer = await browserGet(`http://${addresses[i]}:${webPort}/`);
      assert.equal(answer.status, 200);
      assert.equal(answer.body, `${name}\n`);
    }

    // From a third task: both twins at their addresses, and berth's endpoint at the gateway (the first address of
    // the task range) on berth's port — its registry answers 401 to an anonymous /v2/.
    const gateway = testTaskCidr().replace(/\.0\/24$/, '.1');
    const caller = await runToStop(
      await world.registerFargate(
        'caller',
        [
          container('caller', {
            command: [
              'sh',
              '-c',
              `wget -qO- http://${addresses[0]}:${webPort}/; wget -qO- http://${addresses[1]}:${webPort}/; ` +
                `wget -qO- http://${gateway}:${world.berth.port}/v2/; true`,
            ],
          }),
        ],
        { execution: web.executionRoleArn },
      ),
    );
    assert.equal(caller.containers?.[0]?.exitCode, 0);
    const called = world.cli(['logs', taskIdOf(caller)]);
    assert.equal(called.stdout, 'first twin\nsecond twin\n');
    assert.match(called.stderr, /^wget: server returned error: HTTP\/1\.1 401 Unauthorized$/m);

    // What exists on the host for them: a namespace each, a veth each on berth's bridge.
    const running = await berthNetworkState(world.berth.stateDir);
    const namespaces = tasks.map((task) => taskNamespace(world.berth.stateDir, taskIdOf(task))).sort();
    assert.equal(running.bridge, true);
    assert.deepEqual(running.namespaces, namespaces);
    assert.deepEqual(running.veths, namespaces.map(hostVethName).sort());

    for (const task of tasks) assert.equal((await stop(task)).stopCode, 'UserInitiated');
    const afterStop = await berthNetworkState(world.berth.stateDir);
    assert.deepEqual(afterStop.namespaces, before0.namespaces);
    assert.deepEqual(afterStop.veths, before0.veths);
  });

  test('bridge mode: hostPort 0 and omitted get a dynamic port on 127.0.0.1 in networkBindings; a fixed one is kept', async () => {
    const fixed = await freePort();
    const family = await world.registerTaskDefinition({
      family: 'bridged',
      requiresCompatibilities: ['EC2'],
      networkMode: 'bridge',
      executionRoleArn: web.executionRoleArn,
      containerDefinitions: [
        container('omitted', { memory: 64, portMappings: [{ containerPort: webPort }] }),
        container('zero', {
          memory: 64,
          portMappings: [{ containerPort: 8081, hostPort: 0 }],
          command: serveTextCommand('zero', 8081),
        }),
        container('fixed', {
          memory: 64,
          portMappings: [{ containerPort: 9090, hostPort: fixed, protocol: 'tcp' }],
          command: serveTextCommand('fixed', 9090),
        }),
      ],
    });
    const task = await world.runEc2AndSettle(family);
    assert.equal(task.lastStatus, 'RUNNING', task.stoppedReason);
    assert.equal(task.launchType, 'EC2');
    assert.deepEqual(task.attachments, [], 'a bridge-mode task has no ENI');
    const bindingOf = (name: string) => {
      const c = task.containers?.find((x) => x.name === name);
      assert.deepEqual(c?.networkInterfaces, []);
      assert.equal(c?.networkBindings?.length, 1, JSON.stringify(c?.networkBindings));
      return c!.networkBindings![0]!;
    };
    const { low, high } = ephemeralPorts();
    for (const [name, containerPort] of [
      ['omitted', webPort],
      ['zero', 8081],
    ] as const) {
      const binding = bindingOf(name);
      assert.equal(binding.bindIP, '127.0.0.1');
      assert.equal(binding.containerPort, containerPort);
      assert.equal(binding.protocol, 'tcp');
      assert.ok(
        binding.hostPort! >= low && binding.hostPort! <= high,
        `dynamic host port ${binding.hostPort} in ${low}-${high}`,
      );
    }
    assert.notEqual(bindingOf('omitted').hostPort, bindingOf('zero').hostPort);
    assert.deepEqual(bindingOf('fixed'), {
      bindIP: '127.0.0.1',
      containerPort: 9090,
      hostPort: fixed,
      protocol: 'tcp',
    });

    // berth gives a bridge-mode task one namespace for all its containers (ECS gives each its own), so they listen
    // on different container ports here.
    const expected = { omitted: world.web.page, zero: 'zero\n', fixed: 'fixed\n' };
    for (const [name, body] of Object.entries(expected)) {
      const answer = await browserGet(`http://127.0.0.1:${bindingOf(name).hostPort}/`);
      assert.equal(answer.status, 200, name);
      assert.equal(answer.body, body, name);
    }
    await stop(task);
  });

  test("host mode: the container listens in the host's namespace; bindings are hostPort = containerPort", async () => {
    const port = await freePort();
    const family = await world.registerTaskDefinition({
      family: 'on-host',
      requiresCompatibilities: ['EC2'],
      networkMode: 'host',
      executionRoleArn: web.executionRoleArn,
      containerDefinitions: [
        container('web', {
          memory: 64,
          portMappings: [{ containerPort: port }],
          // Only on loopback: the host's other interfaces are not this test's to use.
          command: serveTextCommand('on the host', port, '127.0.0.1'),
        }),
      ],
    });
    const task = await world.runEc2AndSettle(family);
    assert.equal(task.lastStatus, 'RUNNING', task.stoppedReason);
    assert.deepEqual(task.attachments, []);
    const [binding] = task.containers?.[0]?.networkBindings ?? [];
    assert.equal(binding?.containerPort, port);
    assert.equal(binding?.hostPort, port);
    const answer = await browserGet(`http://127.0.0.1:${port}/`);
    assert.equal(answer.body, 'on the host\n');
    // No namespace was made for it.
    assert.deepEqual((await berthNetworkState(world.berth.stateDir)).namespaces, before0.namespaces);
    await stop(task);
  });

  test('once every task stopped and berth stopped, none of its namespaces, veths or its bridge remain', async () => {
    const family = await world.registerFargate('last', [container('web')], {
      execution: web.executionRoleArn,
    });
    const task = await world.runAndSettle(family);
    assert.equal(task.lastStatus, 'RUNNING', task.stoppedReason);
    const namespace = taskNamespace(world.berth.stateDir, taskIdOf(task));
    const running = await berthNetworkState(world.berth.stateDir);
    assert.deepEqual(running, {
      bridge: true,
      namespaces: [namespace],
      veths: [hostVethName(namespace)],
    });
    // berth up stops its tasks as it exits (SIGTERM), then removes the bridge.
    const stateDir = world.berth.stateDir;
    const exit = await world.berth.stop({ removeState: false });
    assert.equal(exit.code, 0);
    assert.deepEqual(await berthNetworkState(stateDir), { bridge: false, namespaces: [], veths: [] });
    assert.deepEqual(before0, { bridge: false, namespaces: [], veths: [] });
  });
});
