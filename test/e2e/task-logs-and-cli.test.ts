// What a user sees of tasks through the built CLI against a real `berth up` (issue 7): `berth logs` (stdout and
// stderr kept apart and in order, --container, a prefix per container, --follow until the task stops), awslogs
// accepted and its group and stream named, `berth run --wait` up to `RUNNING at http://…` or to the stoppedReason and
// its likely cause (exit 3), `berth tasks`, `berth stop --reason`; and StopTask's SIGKILL after stopTimeout.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  type ContainerDefinition,
  DescribeTasksCommand,
  type RegisterTaskDefinitionCommandInput,
  StopTaskCommand,
  type Task,
} from '@aws-sdk/client-ecs';
import { berthBin } from '../integ/berth-process.js';
import { allowAwslogs } from './support/awslogs-world.js';
import { browserGet } from './support/browser-get.js';
import { allowGetSecret, type EcsWorld, type PrivateImage, startEcsWorld } from './support/ecs-world.js';
import { webPort } from './support/web-image.js';

let world: EcsWorld;
let web: PrivateImage;
let files: string;

before(async () => {
  world = await startEcsWorld();
  web = await world.privateWebImage('logs');
  files = mkdtempSync(join(tmpdir(), 'berth-e2e-cli-'));
});

after(async () => {
  await world?.close();
  if (files) rmSync(files, { recursive: true, force: true });
});

const taskIdOf = (task: Task) => task.taskArn!.split('/').pop()!;

function container(name: string, extra: Partial<ContainerDefinition> = {}): ContainerDefinition {
  return {
    name,
    image: web.image,
    essential: true,
    repositoryCredentials: { credentialsParameter: web.secretArn },
    ...extra,
  };
}

/** Runs a Fargate task of these containers until it has STOPPED. */
async function runToCompletion(family: string, containers: ContainerDefinition[]): Promise<Task> {
  const definition = await world.registerFargate(family, containers, { execution: web.executionRoleArn });
  const settled = await world.runAndSettle(definition);
  return world.waitFor(settled.taskArn!, (t) => t.lastStatus === 'STOPPED');
}

/** The built CLI with stdout and stderr into one file, so that the order of the two is kept as written. */
function cliInterleaved(args: string[]): { code: number | null; output: string } {
  const path = join(files, `out-${Date.now()}-${Math.random()}`);
  const fd = openSync(path, 'w');
  try {
    const ran = spawnSync(process.execPath, [berthBin, ...args, '--state', world.berth.stateDir], {
      stdio: ['ignore', fd, fd],
    });
    return { code: ran.status, output: readFileSync(path, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

/** The container's log as berth stored it: each line's stream and text, in file order. */
function storedLog(task: Task, containerName: string): { stream: string; text: string }[] {
  return readFileSync(`${world.berth.stateDir}/tasks/${taskIdOf(task)}/${containerName}.log`, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { stream: string; text: string });
}

/** `promise`, or a failure once a minute passed: a hang guard, not a timing assertion. */
async function hangGuard<T>(promise: Promise<T>, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what())), 60_000);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Writes a register-task-definition input as a file for `berth run`. */
function definitionFile(name: string, input: RegisterTaskDefinitionCommandInput): string {
  const path = join(files, `${name}.json`);
  writeFileSync(path, JSON.stringify(input, null, 2));
  return path;
}

describe('berth logs', () => {
  test('stdout to stdout and stderr to stderr, each in order; interleaved as written; --container', async () => {
    const task = await runToCompletion('talker', [
      container('talker', {
        command: ['sh', '-c', 'echo out 1; echo err 1 >&2; echo out 2; echo err 2 >&2; echo out 3'],
      }),
    ]);
    assert.equal(task.stopCode, 'EssentialContainerExited');
    assert.equal(task.containers?.[0]?.exitCode, 0);
    const id = taskIdOf(task);

    const split = world.cli(['logs', id]);
    assert.equal(split.code, 0, split.stderr);
    assert.equal(split.stdout, 'out 1\nout 2\nout 3\n');
    assert.equal(split.stderr, 'err 1\nerr 2\n');

    // Together, the lines come in the order berth stored them (the order they reached it).
    const stored = storedLog(task, 'talker');
    assert.deepEqual(stored.map((l) => l.stream).sort(), ['stderr', 'stderr', 'stdout', 'stdout', 'stdout']);
    const together = cliInterleaved(['logs', task.taskArn!]);
    assert.equal(together.code, 0);
    assert.equal(together.output, stored.map((l) => `${l.text}\n`).join(''));

    const one = world.cli(['logs', id, '--container', 'talker']);
    assert.deepEqual([one.code, one.stdout, one.stderr], [0, 'out 1\nout 2\nout 3\n', 'err 1\nerr 2\n']);
    const none = world.cli(['logs', id, '--container', 'nobody']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /has no log of a container named nobody \(its containers: talker\)/);
  });

  test('a task of two containers: every line prefixed with its container; --container picks one, unprefixed', async () => {
    const task = await runToCompletion('pair', [
      container('first', {
        essential: false,
        command: ['sh', '-c', 'echo hello from first; echo warning from first >&2'],
      }),
      // Starts once `first` has exited, so each container's lines are whole before the other's.
      container('second', {
        command: ['sh', '-c', 'echo hello from second'],
        dependsOn: [{ containerName: 'first', condition: 'COMPLETE' }],
      }),
    ]);
    assert.deepEqual(
      task.containers?.map((c) => [c.name, c.exitCode]),
      [
        ['first', 0],
        ['second', 0],
      ],
    );
    const id = taskIdOf(task);
    const both = world.cli(['logs', id]);
    assert.equal(both.code, 0, both.stderr);
    assert.equal(both.stdout, 'first | hello from first\nsecond | hello from second\n');
    assert.equal(both.stderr, 'first | warning from first\n');
    const second = world.cli(['logs', id, '--container', 'second']);
    assert.deepEqual([second.code, second.stdout, second.stderr], [0, 'hello from second\n', '']);
  });

  test('--follow prints lines as they come and ends once the task has stopped', async (t) => {
    const definition = await world.registerFargate(
      'follower',
      [
        container('follower', {
          command: [
            'sh',
            '-c',
            `echo started; trap 'echo got TERM; exit 0' TERM; while :; do sleep 1 & wait $!; done`,
          ],
        }),
      ],
      { execution: web.executionRoleArn },
    );
    const task = await world.runAndSettle(definition);
    assert.equal(task.lastStatus, 'RUNNING', task.stoppedReason);
    const follow = spawn(
      process.execPath,
      [berthBin, 'logs', taskIdOf(task), '--follow', '--state', world.berth.stateDir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    follow.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    t.after(() => follow.kill());
    // 'close': the process ended and its output was read to the end.
    const exited = new Promise<number | null>((resolve) => follow.on('close', (code) => resolve(code)));
    const printed = new Promise<void>((resolve) => {
      follow.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('started\n')) resolve();
      });
    });
    await hangGuard(printed, () => `berth logs --follow printed no line: ${stdout}${stderr}`);
    await world.ecs.send(new StopTaskCommand({ task: task.taskArn }));
    assert.equal(await hangGuard(exited, () => 'berth logs --follow did not end'), 0, stderr);
    assert.equal(stdout, 'started\ngot TERM\n');
    const stopped = await world.waitFor(task.taskArn!, (t) => t.lastStatus === 'STOPPED');
    assert.equal(stopped.containers?.[0]?.exitCode, 0);
  });
});

describe('berth run, tasks, stop', () => {
  const webDefinition = (family: string, roles: { execution: string; task?: string }) => ({
    family,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    executionRoleArn: roles.execution,
    ...(roles.task === undefined ? {} : { taskRoleArn: roles.task }),
    containerDefinitions: [
      container('web', {
        portMappings: [{ containerPort: webPort, protocol: 'tcp' }],
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': `/ecs/${family}`,
            'awslogs-region': world.berth.region,
            'awslogs-stream-prefix': 'ecs',
          },
        },
      }),
    ],
  });

  test('run --wait: status lines up to RUNNING at the address a browser opens, awslogs named; tasks; stop --reason', async () => {
    // The awslogs driver creates the stream as the execution role before the container starts (as on Fargate): the
    // group must exist and the role may write to it (ref ecs-services-elb-logs §7.4).
    await allowAwslogs(world, 'logsExecution', '/ecs/cli-web');
    const file = definitionFile(
      'cli-web',
      webDefinition('cli-web', { execution: web.executionRoleArn }) as RegisterTaskDefinitionCommandInput,
    );
    const ran = world.cli(['run', file, '--wait']);
    assert.equal(ran.code, 0, `${ran.stdout}\n${ran.stderr}`);
    assert.match(ran.stderr, /^registered task definition cli-web:1$/m);
    const lines = ran.stdout.trimEnd().split('\n');
    const arn = lines[0]!;
    assert.match(arn, /^arn:aws:ecs:[a-z0-9-]+:\d{12}:task\/default\/[0-9a-f]{32}$/);
    const id = arn.split('/').pop()!;
    assert.equal(
      lines[1],
      `awslogs web: group /ecs/cli-web, stream ecs/web/${id}, region ${world.berth.region}; ` +
        `here: berth logs ${id} --container web`,
    );
    assert.equal(lines[2], 'PROVISIONING');
    const running = /^RUNNING at http:\/\/(\d+\.\d+\.\d+\.\d+):8080 \(web\)$/.exec(lines.at(-1)!);
    assert.ok(running, `last line: ${lines.at(-1)}`);
    // In between, only the states a task passes through on its way, each once and in order.
    const between = lines.slice(3, -1);
    const order = ['PENDING', 'ACTIVATING'];
    assert.deepEqual(
      between,
      order.filter((s) => between.includes(s)),
    );

    const address = running[1]!;
    const page = await browserGet(`http://${address}:${webPort}/`);
    assert.deepEqual(page, { status: 200, body: world.web.page });

    const tasks = world.cli(['tasks']);
    assert.equal(tasks.code, 0, tasks.stderr);
    assert.match(tasks.stdout, /^TASK ID +DEFINITION +STATUS +ADDRESS +STOPPED REASON$/m);
    assert.match(tasks.stdout, new RegExp(`^${id} +cli-web:1 +RUNNING +${address}:${webPort}$`, 'm'));

    const stop = world.cli(['stop', id, '--reason', 'done with the CLI']);
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal(stop.stdout, `${arn}\n`);
    const stopped = await world.waitFor(arn, (t) => t.lastStatus === 'STOPPED');
    assert.equal(stopped.stopCode, 'UserInitiated');
    assert.equal(stopped.stoppedReason, 'done with the CLI');
    assert.equal(stopped.desiredStatus, 'STOPPED');
    const after = world.cli(['tasks']);
    assert.match(
      after.stdout,
      new RegExp(`^${id} +cli-web:1 +STOPPED +${address}:${webPort} +done with the CLI$`, 'm'),
    );
  });

  test('run --wait of a misconfigured task (the permission on the task role): stoppedReason, likely cause, exit 3', async () => {
    const execution = await world.createRole('cliNoPermissionExecution');
    const taskRole = await world.createRole('cliTaskRole', allowGetSecret(web.secretArn));
    const file = definitionFile(
      'cli-misconfigured',
      webDefinition('cli-misconfigured', { execution, task: taskRole }) as RegisterTaskDefinitionCommandInput,
    );
    const ran = world.cli(['run', file, '--wait']);
    assert.equal(ran.code, 3, `${ran.stdout}\n${ran.stderr}`);
    const lines = ran.stdout.trimEnd().split('\n');
    const id = lines[0]!.split('/').pop()!;
    const stoppedLine = lines.find((line) => line.startsWith('STOPPED'));
    assert.equal(
      stoppedLine?.startsWith(
        'STOPPED (TaskFailedToStart): ResourceInitializationError: unable to pull secrets or registry auth: ' +
          'execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried ' +
          `1 time(s): failed to fetch secret ${web.secretArn} from secrets manager: AccessDeniedException: User: ` +
          `arn:aws:sts::${world.berth.accountId}:assumed-role/cliNoPermissionExecution/${id} is not authorized to ` +
          `perform: secretsmanager:GetSecretValue on resource: ${web.secretArn}`,
      ),
      true,
      stoppedLine,
    );
    assert.equal(
      lines.at(-1),
      "likely cause: the execution role cliNoPermissionExecution has no secretsmanager:GetSecretValue on the secret (the permission may be on the task role): allow it in the execution role's policy [C1]",
    );
    const { tasks } = await world.ecs.send(new DescribeTasksCommand({ tasks: [id] }));
    assert.equal(tasks?.[0]?.stoppedReason, stoppedLine?.slice('STOPPED (TaskFailedToStart): '.length));
  });

  test('StopTask of a container that ignores SIGTERM: SIGKILL after stopTimeout, exit code 137', async () => {
    const definition = await world.registerFargate(
      'stubborn',
      [
        container('stubborn', {
          command: ['sh', '-c', `trap '' TERM; echo ignoring TERM; while :; do sleep 1; done`],
          stopTimeout: 2,
        }),
      ],
      { execution: web.executionRoleArn },
    );
    const task = await world.runAndSettle(definition);
    assert.equal(task.lastStatus, 'RUNNING', task.stoppedReason);
    await world.ecs.send(new StopTaskCommand({ task: task.taskArn, reason: 'enough' }));
    const stopped = await world.waitFor(task.taskArn!, (t) => t.lastStatus === 'STOPPED');
    assert.equal(stopped.stopCode, 'UserInitiated');
    assert.equal(stopped.stoppedReason, 'enough');
    assert.equal(stopped.containers?.[0]?.exitCode, 137);
  });
});
