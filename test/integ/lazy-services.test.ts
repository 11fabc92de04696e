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

/** The URL of every berth module (or bundle chunk) the process has loaded so far. */
function loadedFiles(): string[] {
  const files = readFileSync(moduleLog, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:') && url.includes('/dist/'));
  return [...new Set(files)];
}

/** The text of every berth module (or bundle chunk) the process has loaded so far. */
function loadedCode(): string {
  return loadedFiles()
    .map((url) => readFileSync(fileURLToPath(url), 'utf8'))
    .join('\n');
}

/**
 * Whether a service's behaviour is loaded, told by the function that builds its operations being in a loaded file —
 * whether dist/ holds one module per source file or bundle chunks (scripts/bundle.mjs).
 */
const builders: Record<string, string> = {
  iam: 'function iamHandlers(',
  sts: 'function stsHandlers(',
  kms: 'function kmsOperations(',
  secretsmanager: 'function secretsOperations(',
  ecs: 'function ecsOperations(',
  agent: 'function createTaskAgent(',
  registry: 'function createRegistryServer(',
  logs: 'function createLogsService(',
  elbv2: 'function createElbv2Service(',
  ecr: 'function createEcrService(',
  ssm: 'function createSsmService(',
  s3: 'function createS3Service(',
  proxy: 'class LbProxy',
  ec2: 'function createEc2Service(',
  console: 'function createConsoleServer(',
  cloudformation: 'function createCloudFormationService(',
};
const isLoaded = (code: string, what: string) => code.includes(builders[what]!);

test('a started berth up has loaded no service handlers, no agent and no registry server', async () => {
  // The first request any client makes answers without loading a service: an unsigned one is refused by SigV4.
  const response = await fetch(`${berth.endpoint}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
  });
  assert.equal(response.status, 403);
  const code = loadedCode();
  assert.ok(code.includes('function compose('), 'the recorder saw the composition load');
  for (const what of Object.keys(builders)) assert.ok(!isLoaded(code, what), `${what} is loaded`);
  // issue 19: the start is at most four files of the bundle (scripts/bundle-startup.mjs), not the ~35 chunks
  // esbuild splits it into: every file resolved at start is path work, and enough of it got V8 compiling Node's path
  // helpers optimized — ≈ 4 MiB more in an idle berth up (docs/benchmarks.md, cold-start). The task network's range
  // check (chunks/netns) is imported after listening, so it may or may not be in yet.
  const startFiles = loadedFiles().map((url) =>
    url.slice(url.indexOf('/dist/cli/') + '/dist/cli/'.length).replace(/-[A-Z0-9]{8}\.js$/, '.js'),
  );
  for (const file of ['main.js', 'chunks/startup.js', 'chunks/compose.js'])
    assert.ok(startFiles.includes(file), file);
  const others = startFiles.filter(
    (file) => !['main.js', 'chunks/startup.js', 'chunks/compose.js', 'chunks/netns.js'].includes(file),
  );
  assert.deepEqual(others, [], 'the start loaded more files than the folded bundle');
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
  let code = loadedCode();
  assert.ok(isLoaded(code, 'sts') && isLoaded(code, 'iam'));
  assert.ok(!isLoaded(code, 'kms') && !isLoaded(code, 'ecs'));

  const kms = new KMSClient(config);
  await assert.rejects(kms.send(new DescribeKeyCommand({ KeyId: 'alias/none' })), {
    name: 'NotFoundException',
  });
  code = loadedCode();
  assert.ok(isLoaded(code, 'kms') && isLoaded(code, 'secretsmanager'));
  assert.ok(!isLoaded(code, 'ecs'), 'ECS is loaded');
  sts.destroy();
  kms.destroy();
});
