// issue 13: `berth up` registers every service's routing at start and loads a service's behaviour (its handlers, its
// store, the agent for ECS) on the first request that reaches it, so that its start does not grow with the number of
// services. The process's own module loads are recorded (a loader hook) and read before and after requests.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type BerthProcess, startBerth, tempStateDir } from './berth-process.js';

const recorder = fileURLToPath(new URL('./support/record-modules.mjs', import.meta.url));
const moduleLog = `${tempStateDir()}-modules.log`;
let berth: BerthProcess;

before(async () => {
  berth = await startBerth({
    nodeArgs: ['--import', recorder],
    env: { BERTH_TEST_MODULE_LOG: moduleLog },
  });
});

after(async () => {
  await berth?.stop({ removeState: true });
  rmSync(dirname(moduleLog), { recursive: true, force: true });
});

/** The berth modules loaded so far, as paths under dist/. */
function loaded(): string[] {
  return readFileSync(moduleLog, 'utf8')
    .split('\n')
    .filter((url) => url.includes('/dist/'))
    .map((url) => url.slice(url.indexOf('/dist/') + '/dist/'.length));
}

const handlersOf = (service: string) => `services/${service}/handlers.js`;
const services = ['iam', 'sts', 'kms', 'secretsmanager', 'ecs'];

test('a started berth up has loaded no service handlers, no agent and no registry server', async () => {
  // The first request any client makes answers without loading a service: an unsigned one is refused by SigV4.
  const response = await fetch(`${berth.endpoint}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
  });
  assert.equal(response.status, 403);
  const modules = loaded();
  assert.ok(modules.includes('cli/compose.js'), 'the recorder saw the composition load');
  for (const service of services) assert.ok(!modules.includes(handlersOf(service)), `${service} is loaded`);
  assert.ok(!modules.some((path) => path.startsWith('agent/task/')), 'the task agent is loaded');
  assert.ok(!modules.some((path) => path.startsWith('registry/server/')), 'the registry server is loaded');
});

test("a service's first request loads that service (and its group) only", async () => {
  const config = {
    endpoint: berth.endpoint,
    region: berth.region,
    credentials: berth.credentials,
    maxAttempts: 1,
  };
  const sts = new STSClient(config);
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(identity.Account, berth.accountId);
  let modules = loaded();
  assert.ok(modules.includes(handlersOf('sts')) && modules.includes(handlersOf('iam')));
  assert.ok(!modules.includes(handlersOf('kms')) && !modules.includes(handlersOf('ecs')));

  const kms = new KMSClient(config);
  await assert.rejects(kms.send(new DescribeKeyCommand({ KeyId: 'alias/none' })), {
    name: 'NotFoundException',
  });
  modules = loaded();
  assert.ok(modules.includes(handlersOf('kms')) && modules.includes(handlersOf('secretsmanager')));
  assert.ok(!modules.includes(handlersOf('ecs')), 'ECS is loaded');
  sts.destroy();
  kms.destroy();
});
