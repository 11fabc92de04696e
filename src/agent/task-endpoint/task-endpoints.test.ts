// ECS's task endpoint as berth's agent answers it: the credentials answer's shape (the agent's v2 credentials
// handler: RoleArn, AccessKeyId, SecretAccessKey, Token, Expiration), who may read it, renewal before expiry, and
// the metadata endpoint v4's container and task JSON.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ExecutionCredentials, TaskLaunch } from '../../engines/ecs/index.js';
import { Secret } from '../../errors/index.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { TaskReporter } from '../task/task-reporter.js';
import { TaskEndpoints } from './task-endpoints.js';
import { renewWindowMs } from './task-role-credentials.js';

const taskArn = 'arn:aws:ecs:us-east-1:000000000000:task/default/0123456789abcdef0123456789abcdef';
const roleArn = 'arn:aws:iam::000000000000:role/appTaskRole';

function credentials(clock: FakeClock, n: number, lifetimeMs = 60 * 60_000): ExecutionCredentials {
  return {
    roleArn,
    accessKeyId: `ASIA${n}`,
    secretAccessKey: new Secret(`secret-${n}`),
    sessionToken: new Secret(`token-${n}`),
    expiration: new Date(clock.now().getTime() + lifetimeMs),
  };
}

function launch(): TaskLaunch {
  return {
    taskArn,
    taskId: '0123456789abcdef0123456789abcdef',
    clusterArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/default',
    launchType: 'FARGATE',
    region: 'us-east-1',
    accountId: '000000000000',
    taskDefinition: {
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:000000000000:task-definition/app:3',
      family: 'app',
      revision: 3,
      containerDefinitions: [],
      compatibilities: ['FARGATE'],
      status: 'ACTIVE',
      registeredAt: new Date(0),
    },
    containers: [
      {
        definition: {
          name: 'web',
          image: 'registry/app:1',
          cpu: 128,
          memory: 256,
          dockerLabels: { team: 'a' },
        },
      },
      { definition: { name: 'side', image: 'registry/side:1' } },
    ],
    cpu: 256,
    memory: 512,
  };
}

function world(options: { renew?: () => Promise<ExecutionCredentials>; lifetimeMs?: number } = {}) {
  const clock = new FakeClock();
  let n = 0;
  const ids = ['cred-id', 'meta-web', 'meta-side'];
  const endpoints = new TaskEndpoints(clock, () => ids[n++]!);
  const reporter = new TaskReporter(taskArn, ['web', 'side'], { submit: () => undefined });
  reporter.privateIpv4Address = '10.213.0.2';
  let renewals = 0;
  const registration = endpoints.register({
    address: '10.213.0.2',
    source: { launch: launch(), networkMode: 'awsvpc', reporter },
    taskRole: {
      credentials: credentials(clock, 0, options.lifetimeMs),
      renew: options.renew ?? (async () => credentials(clock, ++renewals)),
    },
  });
  const get = (path: string, remoteAddress = '10.213.0.2') =>
    endpoints.answer({ remoteAddress, method: 'GET', path });
  return { clock, endpoints, reporter, registration, get, renewals: () => renewals };
}

describe('task endpoint: credentials', () => {
  test('the task gets its role credentials in the agent shape; the URIs are in its environment', async () => {
    const { get, registration } = world();
    assert.deepEqual(registration.environment('web'), [
      'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/v2/credentials/cred-id',
      'ECS_CONTAINER_METADATA_URI_V4=http://169.254.170.2/v4/meta-web',
    ]);
    const answer = await get('/v2/credentials/cred-id');
    assert.equal(answer.status, 200);
    const body = answer.body as Record<string, string>;
    assert.deepEqual(Object.keys(body), ['RoleArn', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration']);
    assert.equal(body['RoleArn'], roleArn);
    assert.equal(body['SecretAccessKey'], 'secret-0');
    assert.equal(body['Token'], 'token-0');
    assert.match(body['Expiration']!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test('another address, an unknown id and a released task get the same refusal', async () => {
    const { get, registration } = world();
    const refusal = {
      status: 400,
      body: { code: 'InvalidIdInRequest', message: 'CredentialsV2Request: Credentials not found' },
    };
    assert.deepEqual(await get('/v2/credentials/cred-id', '10.213.0.3'), refusal);
    assert.deepEqual(await get('/v2/credentials/other-id'), refusal);
    assert.equal((await get('/v2/credentials')).status, 400);
    registration.release();
    assert.deepEqual(await get('/v2/credentials/cred-id'), refusal);
    assert.equal((await get('/v4/meta-web')).status, 404);
  });

  test('renewed once less than the window is left, once for concurrent requests', async () => {
    const { get, clock, renewals } = world();
    await get('/v2/credentials/cred-id');
    assert.equal(renewals(), 0);
    clock.advance(60 * 60_000 - renewWindowMs + 1000);
    const [a, b] = await Promise.all([get('/v2/credentials/cred-id'), get('/v2/credentials/cred-id')]);
    assert.equal(renewals(), 1);
    assert.equal((a.body as Record<string, string>)['AccessKeyId'], 'ASIA1');
    assert.deepEqual(a, b);
  });

  test('a failed renewal keeps serving valid credentials, and fails once they expired', async () => {
    const { get, clock } = world({ renew: () => Promise.reject(new Error('role deleted')) });
    clock.advance(45 * 60_000);
    assert.equal(
      ((await get('/v2/credentials/cred-id')).body as Record<string, string>)['AccessKeyId'],
      'ASIA0',
    );
    clock.advance(16 * 60_000);
    assert.equal((await get('/v2/credentials/cred-id')).status, 500);
  });
});

describe('task endpoint: metadata v4', () => {
  test('the container JSON at the URI, the task JSON at /task, each as the agent shapes them', async () => {
    const { get, reporter, clock } = world();
    reporter.setContainerStatus('web', 'RUNNING');
    reporter.container('web').runtimeId = 'rt-web';
    reporter.container('web').startedAt = clock.now();
    const container = (await get('/v4/meta-web')).body as Record<string, unknown>;
    assert.equal(container['DockerId'], 'rt-web');
    assert.equal(container['Name'], 'web');
    assert.equal(container['Image'], 'registry/app:1');
    assert.equal(container['KnownStatus'], 'RUNNING');
    assert.equal(container['DesiredStatus'], 'RUNNING');
    assert.deepEqual(container['Limits'], { CPU: 128, Memory: 256 });
    assert.deepEqual(container['Labels'], {
      'com.amazonaws.ecs.cluster': 'arn:aws:ecs:us-east-1:000000000000:cluster/default',
      'com.amazonaws.ecs.container-name': 'web',
      'com.amazonaws.ecs.task-arn': taskArn,
      'com.amazonaws.ecs.task-definition-family': 'app',
      'com.amazonaws.ecs.task-definition-version': '3',
      team: 'a',
    });
    assert.deepEqual(container['Networks'], [
      { NetworkMode: 'awsvpc', IPv4Addresses: ['10.213.0.2'], AttachmentIndex: 0 },
    ]);
    const task = (await get('/v4/meta-side/task')).body as Record<string, unknown>;
    assert.equal(task['TaskARN'], taskArn);
    assert.equal(task['Family'], 'app');
    assert.equal(task['Revision'], '3');
    assert.equal(task['LaunchType'], 'FARGATE');
    assert.deepEqual(task['Limits'], { CPU: 0.25, Memory: 512 });
    assert.deepEqual(
      (task['Containers'] as Record<string, unknown>[]).map((c) => c['Name']),
      ['web', 'side'],
    );
    const stats = (await get('/v4/meta-web/task/stats')).body as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(stats), ['rt-web', `${launch().taskId}-side`]);
    assert.equal(((await get('/v4/meta-web/stats')).body as Record<string, unknown>)['name'], 'web');
    assert.equal((await get('/v4/meta-web', '10.213.0.9')).status, 404);
    assert.equal((await get('/v4/meta-web/nothing')).status, 404);
  });
});
