// The task agent end to end below the control plane (reference ecs-private-auth.md §1.2–1.8, §5, §6): real runc,
// real network namespaces on a bridge of this file's own, berth's real Secrets Manager over loopback HTTP through
// the real SDK client. The one stand-in is the image source: a busybox rootfs made here, so that a pull can be held
// open or failed on purpose (registry pulls are covered by registry-image-source.test.ts and the e2e tests).
// CI runs as root; a missing prerequisite is a failure, never a skip.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { createSecretsManagerReader } from '../../adapters/aws-client/secrets-manager-reader.js';
import { createSsmParametersReader } from '../../adapters/aws-client/ssm-parameters-reader.js';
import { IprouteNetworkProvider } from '../../adapters/netns/index.js';
import type { RunningHttpServer } from '../../adapters/node-http/index.js';
import { RuncRuntime } from '../../adapters/runc/index.js';
import type {
  ContainerDefinition,
  ExecutionCredentials,
  LaunchType,
  TaskLaunch,
  TaskStateChange,
} from '../../engines/ecs/index.js';
import type { ImageConfig } from '../../engines/oci/index.js';
import { Secret } from '../../errors/index.js';
import { MemoryPersistence, systemClock } from '../../ports/index.js';
import { buildBusyboxRootfs } from '../../testing/image-rootfs.js';
import { kmsSecretsHarness } from '../../testing/kms-secrets-harness.js';
import { serveSdkHandler } from '../../testing/serve-sdk-handler.js';
import { ImagePullError } from '../pull/index.js';
import type { ImagePullRequest, ImageSource, PulledImage } from './ports.js';
import { closingReason, createTaskAgent, recoveredReason, type TaskAgent } from './task-agent.js';

const tag = randomBytes(3).toString('hex');
const netOptions = {
  cidr: `10.215.${randomInt(0, 256)}.0/24`,
  bridgeName: `tk${tag}`,
  namePrefix: `tk${tag}-`,
};
const work = realpathSync(mkdtempSync(join(tmpdir(), 'berth-agent-')));
const logsDir = join(work, 'logs');
const cgroupParent = `/berth-agent-${tag}`;
const runtime = new RuncRuntime({
  stateRoot: join(work, 'runc'),
  bundlesDir: join(work, 'bundles'),
  cgroupParent,
});
const network = new IprouteNetworkProvider(netOptions);
const registryPassword = `reg-${randomBytes(8).toString('hex')}`;
const dbPassword = `db-${randomBytes(8).toString('hex')}`;
const digest = `sha256:${'ab'.repeat(32)}`;

/** The image source stand-in: one busybox rootfs; pulls can be failed or held open per image reference. */
class LocalImages implements ImageSource {
  readonly requests: ImagePullRequest[] = [];
  readonly failures = new Map<string, string>();
  readonly held = new Set<string>();
  image!: PulledImage;

  async pull(request: ImagePullRequest): Promise<PulledImage> {
    this.requests.push(request);
    request.onResolved(digest);
    const failure = this.failures.get(request.reference);
    if (failure !== undefined) throw new ImagePullError(failure, new Error(failure));
    if (this.held.has(request.reference)) {
      await new Promise((_, reject) =>
        request.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    }
    return this.image;
  }
}

/** Every report, and a way to wait for one. */
class Reports {
  readonly all: TaskStateChange[] = [];
  readonly #waiters: { match: (c: TaskStateChange) => boolean; resolve: (c: TaskStateChange) => void }[] = [];

  submit(change: TaskStateChange): void {
    this.all.push(structuredClone(change));
    for (const waiter of [...this.#waiters]) {
      if (!waiter.match(change)) continue;
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve(change);
    }
  }

  of(taskArn: string): TaskStateChange[] {
    return this.all.filter((c) => c.taskArn === taskArn);
  }

  /** The distinct statuses a task went through, in order. */
  statuses(taskArn: string): string[] {
    return this.of(taskArn)
      .map((c) => c.lastStatus)
      .filter((s, i, all) => s !== all[i - 1]);
  }

  waitFor(taskArn: string, status: string): Promise<TaskStateChange> {
    return this.waitForChange(taskArn, (c) => c.lastStatus === status);
  }

  /** The first report of the task that `match` accepts, already made or to come. */
  waitForChange(taskArn: string, match: (c: TaskStateChange) => boolean): Promise<TaskStateChange> {
    const found = this.of(taskArn).find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) =>
      this.#waiters.push({ match: (c) => c.taskArn === taskArn && match(c), resolve }),
    );
  }
}

const h = kmsSecretsHarness();
let server: RunningHttpServer;
let credentials: ExecutionCredentials;
const arns: Record<string, string> = {};
let serial = 0;

function launch(containers: ContainerDefinition[], launchType: LaunchType = 'FARGATE'): TaskLaunch {
  const taskId = `${tag}${String(++serial).padStart(4, '0')}${randomBytes(10).toString('hex')}`;
  return {
    taskArn: `arn:aws:ecs:us-east-1:111111111111:task/default/${taskId}`,
    taskId,
    clusterArn: 'arn:aws:ecs:us-east-1:111111111111:cluster/default',
    launchType,
    region: 'us-east-1',
    accountId: '111111111111',
    taskDefinition: {
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:111111111111:task-definition/app:1',
      family: 'app',
      revision: 1,
      containerDefinitions: containers,
      networkMode: 'awsvpc',
      compatibilities: ['EC2', 'FARGATE'],
      status: 'ACTIVE',
      registeredAt: new Date(),
    },
    containers: containers.map((definition) => ({ definition })),
    executionCredentials: credentials,
  };
}

function world(): {
  agent: TaskAgent;
  reports: Reports;
  images: LocalImages;
  persistence: MemoryPersistence;
} {
  const reports = new Reports();
  const images = new LocalImages();
  images.image = image;
  const persistence = new MemoryPersistence();
  const agent = createTaskAgent({
    runtime,
    network,
    images,
    secrets: createSecretsManagerReader({ endpoint: server.url }),
    parameters: createSsmParametersReader({ endpoint: server.url }),
    sink: reports,
    clock: systemClock,
    logsDir,
    persistence,
  });
  return { agent, reports, images, persistence };
}

let image: PulledImage;

before(async () => {
  assert.equal(process.getuid?.(), 0, 'runc and network namespaces need root (CI runs the tests as root)');
  const rootfs = buildBusyboxRootfs(join(work, 'image'));
  const config: ImageConfig = {
    os: 'linux',
    architecture: 'amd64',
    config: { env: ['PATH=/bin'], cmd: ['sh'] },
    diffIds: [],
  };
  image = { rootfs, config, digest };
  const root = h.clients('root').sm;
  server = await serveSdkHandler(root.config.requestHandler as never);
  const identity = await h.clients('session').sm.config.credentials();
  credentials = {
    roleArn: 'arn:aws:iam::111111111111:role/exec',
    accessKeyId: identity.accessKeyId,
    secretAccessKey: new Secret(identity.secretAccessKey),
    sessionToken: new Secret(identity.sessionToken!),
    expiration: new Date(Date.now() + 3_600_000),
  };
  const values = {
    registry: JSON.stringify({ username: 'puller', password: registryPassword }),
    malformed: 'puller:secret',
    db: JSON.stringify({ password: dbPassword }),
  };
  for (const [name, value] of Object.entries(values)) {
    arns[name] = (await root.send(new CreateSecretCommand({ Name: name, SecretString: value }))).ARN!;
  }
  h.setPolicies('session', { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' });
});

after(async () => {
  try {
    // Every task stopped itself: nothing may be left for the orphan sweeps to find.
    assert.deepEqual(await runtime.cleanupOrphans(), [], 'containers left behind');
    assert.deepEqual(await network.cleanupOrphans(), [], 'networks left behind');
  } finally {
    await server.close();
    execFileSync('ip', ['link', 'del', netOptions.bridgeName], { stdio: 'ignore' });
    for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
      const dir = join('/sys/fs/cgroup', hierarchy, cgroupParent);
      if (existsSync(dir)) rmdirSync(dir);
    }
    rmSync(work, { recursive: true, force: true });
  }
});

/**
 * Connects to a task's port: the `nc -l` inside returns, and the container goes on to its exit. RUNNING says the
 * container's process exists, not that its command listens yet (as on ECS), so a refused connection is tried again.
 */
async function poke(address: string, port: number): Promise<void> {
  // A hang guard, not a timing assertion: a task address answers at once, unless its bridge has gone.
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await new Promise<void>((resolve, reject) => {
        const socket = connect({ host: address, port }, () => socket.end(resolve));
        socket.on('error', reject);
        socket.setTimeout(30_000, () => socket.destroy(new Error(`no answer from ${address}:${port}`)));
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED' || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

const last = (reports: Reports, arn: string) => reports.of(arn).at(-1)!;
const container = (change: TaskStateChange, name: string) => change.containers!.find((c) => c.name === name)!;
const logText = (task: TaskLaunch, name: string) =>
  readFileSync(join(logsDir, task.taskId, `${name}.log`), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { text: string }).text)
    .join('\n');

describe('a task that runs', () => {
  test('RUNNING with its address (no bindings: awsvpc), then the essential exit stops it (§5.1, §5.4, §1.7)', async () => {
    const { agent, reports, images, persistence } = world();
    const task = launch([
      {
        name: 'app',
        image: 'registry.example/private/app:1',
        repositoryCredentials: { credentialsParameter: arns['registry']! },
        secrets: [{ name: 'DB_PASSWORD', valueFrom: `${arns['db']}:password::` }],
        environment: [{ name: 'DB_PASSWORD', value: 'overridden by the secret' }],
        portMappings: [{ containerPort: 8080 }],
        command: ['sh', '-c', 'env; nc -l -p 8080; exit 3'],
      },
    ]);
    agent.launch(task);
    const running = await reports.waitFor(task.taskArn, 'RUNNING');
    const address = running.privateIpv4Address!;
    assert.match(address, /^10\.215\.\d+\.\d+$/);
    // awsvpc: reached at the task's address; ECS reports no networkBindings then.
    assert.equal(container(running, 'app').networkBindings, undefined);
    assert.equal(container(running, 'app').runtimeId, `${task.taskId}-app`);
    assert.equal(container(running, 'app').imageDigest, digest);
    await poke(address, 8080);
    const stopped = await reports.waitFor(task.taskArn, 'STOPPED');

    assert.deepEqual(reports.statuses(task.taskArn), [
      'PROVISIONING',
      'PENDING',
      'ACTIVATING',
      'RUNNING',
      'DEACTIVATING',
      'STOPPING',
      'DEPROVISIONING',
      'STOPPED',
    ]);
    assert.equal(stopped.stopCode, 'EssentialContainerExited');
    assert.equal(stopped.stoppedReason, 'Essential container in task exited');
    assert.ok(stopped.executionStoppedAt && stopped.pullStartedAt && stopped.pullStoppedAt);
    assert.ok(stopped.pullStartedAt <= stopped.pullStoppedAt);
    assert.deepEqual(
      { status: container(stopped, 'app').lastStatus, exitCode: container(stopped, 'app').exitCode },
      { status: 'STOPPED', exitCode: 3 },
    );
    // The registry credentials went to the pull only; the container got the secret, overriding `environment`.
    assert.equal(images.requests[0]!.credentials?.password.reveal(), registryPassword);
    assert.equal(images.requests[0]!.credentials?.username.reveal(), 'puller');
    const env = logText(task, 'app');
    assert.match(env, new RegExp(`^DB_PASSWORD=${dbPassword}$`, 'm'));
    const everything = `${env}\n${JSON.stringify(reports.all)}\n${JSON.stringify(persistence.list('agent-tasks'))}`;
    assert.ok(!everything.includes(registryPassword), 'the registry password leaked');
    assert.ok(!everything.includes(credentials.secretAccessKey.reveal()), 'the execution role key leaked');
    // Everything made for the task is gone.
    assert.deepEqual(persistence.list('agent-tasks'), []);
    assert.ok(!existsSync(`/run/netns/${netOptions.namePrefix}${task.taskId.slice(0, 12)}`));
  });

  test('StopTask: SIGTERM, SIGKILL after stopTimeout, dependents first (API_StopTask)', async () => {
    const { agent, reports } = world();
    const task = launch([
      {
        name: 'web',
        image: 'i',
        command: ['sh', '-c', 'trap "exit 143" TERM; while true; do sleep 0.1; done'],
      },
      {
        name: 'stubborn',
        image: 'i',
        essential: false,
        stopTimeout: 1,
        dependsOn: [{ containerName: 'web', condition: 'START' }],
        command: ['sh', '-c', 'trap "" TERM; while true; do sleep 0.1; done'],
      },
    ]);
    agent.launch(task);
    await reports.waitFor(task.taskArn, 'RUNNING');
    agent.stop(task.taskArn, 'deploying a new version');
    const stopped = await reports.waitFor(task.taskArn, 'STOPPED');
    assert.equal(stopped.stopCode, 'UserInitiated');
    assert.equal(stopped.stoppedReason, 'deploying a new version');
    assert.equal(container(stopped, 'stubborn').exitCode, 137);
    assert.equal(container(stopped, 'web').exitCode, 143);
    assert.ok(stopped.executionStoppedAt, 'the essential container stopped');
  });

  test('dependsOn: COMPLETE and SUCCESS wait for the exit; an unmet SUCCESS never starts; non-essential exits do not stop the task', async () => {
    const { agent, reports } = world();
    const task = launch([
      { name: 'init', image: 'i', essential: false, command: ['sh', '-c', 'exit 0'] },
      { name: 'bad', image: 'i', essential: false, command: ['sh', '-c', 'exit 1'] },
      {
        name: 'app',
        image: 'i',
        dependsOn: [
          { containerName: 'init', condition: 'SUCCESS' },
          { containerName: 'bad', condition: 'COMPLETE' },
        ],
        command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.1; done'],
      },
      {
        name: 'never',
        image: 'i',
        essential: false,
        dependsOn: [{ containerName: 'bad', condition: 'SUCCESS' }],
        command: ['true'],
      },
    ]);
    agent.launch(task);
    const running = await reports.waitFor(task.taskArn, 'RUNNING');
    assert.deepEqual(
      running.containers!.map((c) => [c.name, c.lastStatus, c.exitCode]),
      [
        ['init', 'STOPPED', 0],
        ['bad', 'STOPPED', 1],
        ['app', 'RUNNING', undefined],
        ['never', 'STOPPED', undefined],
      ],
    );
    assert.equal(container(running, 'never').runtimeId, undefined);
    agent.stop(task.taskArn, 'done');
    const stopped = await reports.waitFor(task.taskArn, 'STOPPED');
    assert.equal(container(stopped, 'app').exitCode, 0);
  });

  // Without a report at the start, the one showing db RUNNING would come only with the stop: the timeout is the
  // hang guard that turns that into a failure.
  test('a container is reported RUNNING when it starts, while one that depends on it still waits PENDING', {
    timeout: 30_000,
  }, async () => {
    const { agent, reports } = world();
    const task = launch([
      { name: 'db', image: 'i', command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.1; done'] },
      {
        name: 'app',
        image: 'i',
        // Waits on db's own exit: db is RUNNING for as long as the test likes, app PENDING all that time.
        dependsOn: [{ containerName: 'db', condition: 'COMPLETE' }],
        command: ['true'],
      },
    ]);
    agent.launch(task);
    const dbRunning = await reports.waitForChange(
      task.taskArn,
      (change) => container(change, 'db').lastStatus === 'RUNNING',
    );
    assert.equal(dbRunning.lastStatus, 'ACTIVATING');
    assert.equal(container(dbRunning, 'app').lastStatus, 'PENDING');
    agent.stop(task.taskArn, 'done');
    await reports.waitFor(task.taskArn, 'STOPPED');
  });
});

describe('a task that fails to start', () => {
  test('asm-auth: the secret is missing (Fargate §3.3): no pull, containers without reason or exit code', async () => {
    const { agent, reports, images } = world();
    const missing = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:gone-AbCdEf';
    const task = launch([
      {
        name: 'app',
        image: 'i',
        repositoryCredentials: { credentialsParameter: missing },
        command: ['true'],
      },
      { name: 'side', image: 'j', command: ['true'] },
    ]);
    agent.launch(task);
    const stopped = await reports.waitFor(task.taskArn, 'STOPPED');
    assert.deepEqual(reports.statuses(task.taskArn), [
      'PROVISIONING',
      'PENDING',
      'STOPPING',
      'DEPROVISIONING',
      'STOPPED',
    ]);
    assert.equal(stopped.stopCode, 'TaskFailedToStart');
    assert.match(
      stopped.stoppedReason!,
      new RegExp(
        `^ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time\\(s\\): failed to fetch secret ${missing} from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret\\. status code: 400, request id: [0-9a-f-]{36}$`,
      ),
    );
    const address = stopped.privateIpv4Address;
    assert.deepEqual(stopped.containers, [
      { name: 'app', lastStatus: 'STOPPED', privateIpv4Address: address },
      { name: 'side', lastStatus: 'STOPPED', privateIpv4Address: address },
    ]);
    assert.equal(stopped.pullStartedAt, undefined);
    assert.equal(stopped.pullStoppedAt, undefined);
    assert.deepEqual(images.requests, []);
  });

  test('asm-auth on EC2: a malformed secret, in the agent words title-cased (§1.8, §3.1)', async () => {
    const { agent, reports } = world();
    const task = launch(
      [
        {
          name: 'app',
          image: 'i',
          repositoryCredentials: { credentialsParameter: 'malformed' },
          command: ['true'],
        },
      ],
      'EC2',
    );
    agent.launch(task);
    const stopped = await reports.waitFor(task.taskArn, 'STOPPED');
    assert.equal(
      stopped.stoppedReason,
      'Asm fetching authorization data: unable to unmarshal secret value, invalid schema',
    );
    assert.equal(stopped.stopCode, 'TaskFailedToStart');
  });

  test('a pull failure: the container reason; Fargate shows it, EC2 says the task failed to start (§3.5)', async () => {
    for (const launchType of ['FARGATE', 'EC2'] as const) {
      const { agent, reports, images } = world();
      const reason =
        'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref x';
      images.failures.set('broken', reason);
      const task = launch([{ name: 'app', image: 'broken', command: ['true'] }], launchType);
      agent.launch(task);
      const stopped = await reports.waitFor(task.taskArn, 'STOPPED');
      assert.equal(container(stopped, 'app').reason, reason);
      assert.equal(stopped.stoppedReason, launchType === 'FARGATE' ? reason : 'Task failed to start');
      assert.equal(stopped.stopCode, 'TaskFailedToStart');
      assert.ok(stopped.pullStartedAt && stopped.pullStoppedAt);
    }
  });

  test('the runtime cannot start the container: CannotStartContainerError (Fargate)', async () => {
    const { agent, reports } = world();
    const task = launch([{ name: 'app', image: 'i', command: ['nosuch-binary'] }]);
    agent.launch(task);
    const stopped = await reports.waitFor(task.taskArn, 'STOPPED');
    const expected =
      'CannotStartContainerError: ResourceInitializationError: failed to create new container runtime task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "nosuch-binary": executable file not found in $PATH: unknown';
    assert.equal(container(stopped, 'app').reason, expected);
    assert.equal(stopped.stoppedReason, expected);
    assert.equal(stopped.stopCode, 'TaskFailedToStart');
    assert.equal(container(stopped, 'app').exitCode, undefined);
  });

  test('StopTask while a pull is in flight: the pull is abandoned, nothing runs', async () => {
    const { agent, reports, images } = world();
    images.held.add('slow');
    const task = launch([{ name: 'app', image: 'slow', command: ['true'] }]);
    agent.launch(task);
    await reports.waitFor(task.taskArn, 'PENDING');
    while (images.requests.length === 0) await new Promise((r) => setImmediate(r));
    agent.stop(task.taskArn, 'changed my mind');
    const stopped = await reports.waitFor(task.taskArn, 'STOPPED');
    assert.equal(stopped.stoppedReason, 'changed my mind');
    assert.equal(stopped.stopCode, 'UserInitiated');
    assert.equal(container(stopped, 'app').reason, undefined);
    assert.ok(images.requests[0]!.signal?.aborted);
  });
});

describe('berth up restarting and stopping', () => {
  test('recover(): an unfinished task of the previous process is reported STOPPED and forgotten', async () => {
    const { agent, reports, persistence } = world();
    persistence.put('agent-tasks', 'arn:old', {
      taskArn: 'arn:old',
      taskId: 'old',
      launchType: 'FARGATE',
      containerNames: ['app'],
      runtimeIds: ['old-app'],
    });
    await agent.recover();
    const stopped = last(reports, 'arn:old');
    assert.equal(stopped.lastStatus, 'STOPPED');
    assert.equal(stopped.stoppedReason, recoveredReason);
    assert.deepEqual(stopped.containers, [{ name: 'app', lastStatus: 'STOPPED' }]);
    assert.deepEqual(persistence.list('agent-tasks'), []);
  });

  test('close(): running tasks stop as StopTask would; a launch after it is refused', async () => {
    const { agent, reports } = world();
    const task = launch([
      {
        name: 'app',
        image: 'i',
        command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.1; done'],
      },
    ]);
    agent.launch(task);
    await reports.waitFor(task.taskArn, 'RUNNING');
    await agent.close();
    assert.equal(last(reports, task.taskArn).lastStatus, 'STOPPED');
    assert.equal(last(reports, task.taskArn).stoppedReason, closingReason);
    assert.equal(last(reports, task.taskArn).stopCode, 'UserInitiated');
    const late = launch([{ name: 'app', image: 'i' }]);
    agent.launch(late);
    assert.equal(last(reports, late.taskArn).lastStatus, 'STOPPED');
    assert.equal(last(reports, late.taskArn).stoppedReason, closingReason);
  });
});
