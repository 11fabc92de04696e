// The seed walkthrough (issue 6) against a real `berth up`, real runc and berth's own registry, through the AWS SDK:
// a registry user and a pushed image, the credentials in Secrets Manager, an execution role whose inline policy names
// exactly that secret, a Fargate task definition with repositoryCredentials, RunTask → RUNNING → the container
// answers on its port; StopTask → STOPPED with stopCode UserInitiated. Then two containers pulling from two
// repositories with two secrets in one task, and the credentials absent from everything the task or a caller can see.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { DescribeTasksCommand, StopTaskCommand, type Task } from '@aws-sdk/client-ecs';
import { allowGetSecret, type EcsWorld, startEcsWorld, webContainer } from './support/ecs-world.js';
import { runToExit } from './support/task-files.js';
import { webPort } from './support/web-image.js';

let world: EcsWorld;

before(async () => {
  world = await startEcsWorld();
});

after(async () => {
  await world?.close();
});

function taskAddress(task: Task): string {
  const address = task.containers?.[0]?.networkInterfaces?.[0]?.privateIpv4Address;
  assert.ok(address, `no privateIpv4Address in ${JSON.stringify(task.containers)}`);
  const eni = task.attachments?.find((a) => a.type === 'ElasticNetworkInterface');
  assert.equal(eni?.details?.find((d) => d.name === 'privateIPv4Address')?.value, address);
  return address;
}

describe('the ECS private-registry walkthrough', () => {
  test('RunTask pulls with the secret read as the execution role, runs, answers; StopTask stops it', async () => {
    const image = await world.pushWebImage('alice', 'alice-registry-pw', 'web');
    const secretArn = await world.createSecret(
      'registry/alice',
      JSON.stringify({ username: 'alice', password: 'alice-registry-pw' }),
    );
    const execution = await world.createRole('walkthroughExecutionRole', allowGetSecret(secretArn));
    const family = await world.registerFargate('walkthrough', [webContainer(image, secretArn)], {
      execution,
    });
    const task = await world.runAndSettle(family);
    assert.equal(task.lastStatus, 'RUNNING', task.stoppedReason);
    assert.equal(task.desiredStatus, 'RUNNING');
    assert.ok(task.pullStartedAt && task.pullStoppedAt && task.startedAt);
    assert.equal(task.containers?.[0]?.lastStatus, 'RUNNING');
    assert.equal(task.containers?.[0]?.imageDigest, world.web.image.digest);

    const page = await fetch(`http://${taskAddress(task)}:${webPort}/`);
    assert.equal(page.status, 200);
    assert.equal(await page.text(), world.web.page);

    await world.ecs.send(new StopTaskCommand({ task: task.taskArn, reason: 'walkthrough done' }));
    const stopped = await world.waitFor(task.taskArn!, (t) => t.lastStatus === 'STOPPED');
    assert.equal(stopped.stopCode, 'UserInitiated');
    assert.equal(stopped.stoppedReason, 'walkthrough done');
    assert.equal(stopped.desiredStatus, 'STOPPED');
    assert.ok(stopped.stoppedAt && stopped.stoppingAt);
    // busybox httpd dies of SIGTERM: 128 + 15.
    assert.equal(stopped.containers?.[0]?.exitCode, 143);
  });

  test('two containers, two repositories and two secrets in one task; localhost is shared', async () => {
    const first = await world.pushWebImage('bob', 'bob-pw', 'front');
    const second = await world.pushWebImage('carol', 'carol-pw', 'side');
    const bobSecret = await world.createSecret('registry/bob', '{"username":"bob","password":"bob-pw"}');
    // Key case does not matter to the agent (Go encoding/json, ref ecs-private-auth §1.4).
    const carolSecret = await world.createSecret(
      'registry/carol',
      '{"USERNAME":"carol","Password":"carol-pw"}',
    );
    const execution = await world.createRole(
      'twoSecretsExecutionRole',
      allowGetSecret([bobSecret, carolSecret]),
    );
    const family = await world.registerFargate(
      'two-registries',
      [
        {
          name: 'front',
          image: first,
          essential: true,
          portMappings: [{ containerPort: webPort, hostPort: webPort }],
          repositoryCredentials: { credentialsParameter: bobSecret },
        },
        {
          name: 'side',
          image: second,
          essential: false,
          // Fetches the first container's page over the task's shared localhost (retrying until httpd listens),
          // prints it, then stays up until StopTask's SIGTERM.
          command: [
            'sh',
            '-c',
            `trap 'exit 0' TERM; for i in $(seq 1 50); do wget -qO- http://127.0.0.1:${webPort}/ && break; sleep 1; done; sleep 3600 & wait`,
          ],
          repositoryCredentials: { credentialsParameter: carolSecret },
        },
      ],
      { execution },
    );
    const task = await world.runAndSettle(family);
    assert.equal(task.lastStatus, 'RUNNING', task.stoppedReason);
    assert.deepEqual(task.containers?.map((c) => c.lastStatus).sort(), ['RUNNING', 'RUNNING']);
    const sideLog = `${world.berth.stateDir}/tasks/${task.taskArn!.split('/').pop()}/side.log`;
    const deadline = Date.now() + 60_000; // a hang guard, not a timing assertion
    while (!(existsSync(sideLog) && readFileSync(sideLog, 'utf8').includes('hello from berth'))) {
      assert.ok(Date.now() < deadline, 'the side container never printed the front page');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await world.ecs.send(new StopTaskCommand({ task: task.taskArn }));
    const stopped = await world.waitFor(task.taskArn!, (t) => t.lastStatus === 'STOPPED');
    assert.equal(stopped.stopCode, 'UserInitiated');
    assert.deepEqual(stopped.containers?.map((c) => c.exitCode).sort(), [0, 143]);
  });

  test('registry credentials appear nowhere: not in the container environment, DescribeTasks, or the log', async () => {
    const password = 'dave-registry-pw-7f3a9c';
    const image = await world.pushWebImage('dave', password, 'envcheck');
    const secretArn = await world.createSecret(
      'registry/dave',
      JSON.stringify({ username: 'dave', password }),
    );
    const execution = await world.createRole('envcheckExecutionRole', allowGetSecret(secretArn));
    const family = await world.registerFargate(
      'envcheck',
      [
        {
          name: 'env',
          image,
          essential: true,
          // Prints its init process's environment and arguments, then exits: the essential container's exit stops
          // the task (EssentialContainerExited).
          command: ['sh', '-c', 'tr "\\0" "\\n" < /proc/1/environ; tr "\\0" " " < /proc/1/cmdline; env'],
          environment: [{ name: 'VISIBLE', value: 'yes' }],
          repositoryCredentials: { credentialsParameter: secretArn },
        },
      ],
      { execution },
    );
    const settled = await world.runAndSettle(family);
    const task = await world.waitFor(settled.taskArn!, (t) => t.lastStatus === 'STOPPED');
    assert.equal(task.stopCode, 'EssentialContainerExited');
    assert.equal(task.stoppedReason, 'Essential container in task exited');
    assert.equal(task.containers?.[0]?.exitCode, 0);
    const described = JSON.stringify(
      await world.ecs.send(new DescribeTasksCommand({ tasks: [task.taskArn!] })),
    );
    assert.ok(!described.includes(password));
    const taskId = task.taskArn!.split('/').pop()!;
    const log = readFileSync(`${world.berth.stateDir}/tasks/${taskId}/env.log`, 'utf8');
    assert.match(log, /VISIBLE=yes/, 'the log holds what the container printed');
    assert.ok(
      !log.includes(password),
      'the registry password is not in the container environment or arguments',
    );
    assert.ok(!log.includes('dave-registry'), 'nor any part of it');
    assert.ok(!readFileSync(`${world.berth.stateDir}/berth.log`, 'utf8').includes(password));
  });

  test('container secrets: a whole secret and one JSON key become environment variables (ref ecs-private-auth §6.6)', async () => {
    const image = await world.pushWebImage('erin', 'erin-pw', 'secrets');
    const registry = await world.createSecret('registry/erin', '{"username":"erin","password":"erin-pw"}');
    const database = await world.createSecret('app/db', '{"user":"app","pass":"db-pa55-91c"}');
    const execution = await world.createRole('secretsExecutionRole', allowGetSecret([registry, database]));
    const family = await world.registerFargate(
      'container-secrets',
      [
        {
          name: 'app',
          image,
          essential: true,
          command: ['sh', '-c', 'echo "pass=$DB_PASS"; echo "whole=$DB"'],
          secrets: [
            { name: 'DB_PASS', valueFrom: `${database}:pass::` },
            { name: 'DB', valueFrom: database },
          ],
          repositoryCredentials: { credentialsParameter: registry },
        },
      ],
      { execution },
    );
    const { log } = await runToExit(world, family);
    assert.match(log, /pass=db-pa55-91c/);
    assert.match(log, /whole=\{\\?"user\\?":\\?"app\\?"/);
    assert.ok(!readFileSync(`${world.berth.stateDir}/berth.log`, 'utf8').includes('db-pa55-91c'));
  });

  test('container secrets: a JSON key the secret lacks stops the task before any pull', async () => {
    const image = await world.pushWebImage('erin', 'erin-pw', 'secrets');
    const registry = await world.createSecret('registry/erin2', '{"username":"erin","password":"erin-pw"}');
    const database = await world.createSecret('app/db2', '{"user":"app"}');
    const execution = await world.createRole('missingKeyExecutionRole', allowGetSecret([registry, database]));
    const family = await world.registerFargate(
      'missing-json-key',
      [
        {
          name: 'app',
          image,
          essential: true,
          secrets: [{ name: 'DB_PASS', valueFrom: `${database}:pass::` }],
          repositoryCredentials: { credentialsParameter: registry },
        },
      ],
      { execution },
    );
    const task = await world.runAndSettle(family);
    assert.equal(task.lastStatus, 'STOPPED');
    assert.equal(task.stopCode, 'TaskFailedToStart');
    assert.equal(
      task.stoppedReason,
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ' +
        'unable to retrieve secret from asm: service call has been retried 1 time(s): ' +
        'retrieved secret from Secrets Manager did not contain json key pass',
    );
    assert.equal(task.pullStartedAt, undefined);
  });
});
