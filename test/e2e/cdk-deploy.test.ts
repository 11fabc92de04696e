// The real CDK CLI (aws-cdk 2.1149.0) against a real `berth up` with runc, configured only by what `berth env` prints
// (ref cloudformation-cdk §8.4): `cdk bootstrap`, then `cdk deploy` of the sample app (VPC, ALB, a Fargate service of 2
// tasks whose private image is in berth's registry, its login in a secret encrypted with a customer managed key)
// whose ServiceURL output serves the page through the ALB, then `cdk destroy`, after which no task, listener, role
// or secret of the stack is left.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeServicesCommand,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { defaultWebTitle } from '../../src/cli/demo/web-image.js';
import { type CdkRun, runCdk, type SampleInputs } from '../integ/support/cdk-sample.js';
import { run } from '../integ/support/system-tools.js';
import { type EcsWorld, startEcsWorld } from './support/ecs-world.js';

let world: EcsWorld;
let env: Record<string, string>;
let inputs: SampleInputs;
let home: string;
let out: string;

/** The `export NAME=value` lines of `berth env`, as a shell's eval would set them. */
function berthEnv(): Record<string, string> {
  const printed = world.cli(['env']);
  assert.equal(printed.code, 0, printed.stderr);
  const vars: Record<string, string> = {};
  for (const line of printed.stdout.split('\n')) {
    const match = /^export ([A-Z_0-9]+)=(.*)$/.exec(line);
    if (match) vars[match[1]!] = match[2]!.replace(/^'(.*)'$/, '$1');
  }
  return vars;
}

/** Wall time of each CDK command, printed as the test's diagnostics (docs/benchmarks.md; never asserted). */
const timings: string[] = [];

function cdk(args: string[]): CdkRun {
  const started = performance.now();
  const ran = runCdk([...args, '--output', out], env, inputs);
  timings.push(`cdk ${args.slice(0, 2).join(' ')}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  assert.equal(ran.code, 0, `cdk ${args.join(' ')}:\n${ran.stdout}\n${ran.stderr}`);
  return ran;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

before(async () => {
  world = await startEcsWorld();
  home = mkdtempSync(join(tmpdir(), 'berth-cdk-home-'));
  out = mkdtempSync(join(tmpdir(), 'berth-cdk-out-'));
  const image = await world.pushWebImage('cdkweb', 'cdk-registry-password', 'cdkweb/web');
  inputs = {
    image,
    registryUser: 'cdkweb',
    registryPassword: 'cdk-registry-password',
    // The sample's default, 80 (berth up runs as root here, as in CI): the ServiceURL output CDK writes has no port.
    listenerPort: 80,
  };
  // HOME of its own: the CLI caches access key → account in ~/.cdk (ref cloudformation-cdk §1.1).
  env = { ...berthEnv(), HOME: home };
});

after(async () => {
  await world?.close();
  for (const dir of [home, out]) if (dir) rmSync(dir, { recursive: true, force: true });
});

test('cdk bootstrap, cdk deploy of the sample (the ALB serves the page), an update rolls the service, a broken one rolls back with the circuit-breaker text, cdk destroy leaves nothing behind', async (t) => {
  assert.match(env['AWS_ENDPOINT_URL'] ?? '', /^https:\/\/localhost:\d+$/);
  const bootstrap = cdk(['bootstrap', `aws://${world.berth.accountId}/${world.berth.region}`]);
  assert.match(bootstrap.stderr + bootstrap.stdout, /bootstrapped/);

  const outputsFile = join(out, 'outputs.json');
  cdk(['deploy', 'WebStack', '--require-approval', 'never', '--outputs-file', outputsFile]);
  const outputs = JSON.parse(readFileSync(outputsFile, 'utf8')).WebStack as Record<string, string>;
  const url = outputs[Object.keys(outputs).find((key) => key.startsWith('WebServiceURL'))!]!;
  assert.match(url, /^http:\/\/.+\.elb\.localhost$/, JSON.stringify(outputs));
  // curl resolves *.localhost to loopback by itself: no flag, as a user types it.
  const page = await run('curl', ['-fsS', '--max-time', '10', url]);
  assert.match(page.stdout, new RegExp(defaultWebTitle));
  const clients = world;
  const cluster = await stackCluster();
  assert.ok(cluster, 'the stack made no cluster');
  const running = await clients.ecs.send(new ListTasksCommand({ cluster, desiredStatus: 'RUNNING' }));
  assert.equal(running.taskArns?.length, 2);

  // An update to a new image: a new task definition revision, the service rolls to it, the page is still served.
  inputs = { ...inputs, image: await world.pushWebImage('cdkweb', 'cdk-registry-password', 'cdkweb/web2') };
  cdk(['deploy', 'WebStack', '--require-approval', 'never']);
  const services = await clients.ecs.send(new ListServicesCommand({ cluster }));
  const [serviceNow] =
    (await clients.ecs.send(new DescribeServicesCommand({ cluster, services: services.serviceArns })))
      .services ?? [];
  assert.match(serviceNow?.taskDefinition ?? '', /:2$/, 'the service did not move to the new revision');
  assert.equal(serviceNow?.deployments?.length, 1, JSON.stringify(serviceNow?.deployments));
  assert.equal(serviceNow?.runningCount, 2);
  assert.match((await run('curl', ['-fsS', '--max-time', '10', url])).stdout, new RegExp(defaultWebTitle));

  // The broken variant (the image's login readable by the task role only, ref peers-and-misconfigurations §C1): the
  // new tasks cannot pull, the deployment circuit breaker fails the service, CloudFormation rolls the stack back with
  // its text (ref cloudformation-cdk §1.6), and the old tasks keep serving.
  const broken = runCdk(['deploy', 'WebStack', '--require-approval', 'never', '--output', out], env, {
    ...inputs,
    broken: true,
  });
  assert.notEqual(broken.code, 0, broken.stdout);
  assert.match(broken.stdout + broken.stderr, /ECS Deployment Circuit Breaker was triggered/);
  const cfn = new CloudFormationClient({
    endpoint: world.berth.endpoint,
    region: world.berth.region,
    credentials: world.berth.credentials,
  });
  const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: 'WebStack' }))).Stacks ?? [];
  assert.equal(stack?.StackStatus, 'UPDATE_ROLLBACK_COMPLETE');
  assert.match((await run('curl', ['-fsS', '--max-time', '10', url])).stdout, new RegExp(defaultWebTitle));

  cdk(['destroy', 'WebStack', '--force']);
  assert.equal(await listening(inputs.listenerPort!), false, 'the listener still accepts');
  assert.equal(await stackCluster(), undefined, 'the cluster is still there');
  const clusters = await clients.ecs.send(new ListClustersCommand({}));
  for (const arn of clusters.clusterArns ?? []) {
    const left = await clients.ecs.send(new ListTasksCommand({ cluster: arn, desiredStatus: 'RUNNING' }));
    assert.deepEqual(left.taskArns ?? [], [], `tasks left in ${arn}`);
  }
  const roles = await clients.iam.send(new ListRolesCommand({}));
  assert.deepEqual(
    (roles.Roles ?? []).map((r) => r.RoleName).filter((name) => name?.startsWith('WebStack')),
    [],
  );
  const secrets = await clients.secrets.send(new ListSecretsCommand({}));
  assert.deepEqual(
    (secrets.SecretList ?? []).filter((s) => s.Name?.startsWith('RegistryCredentials')).map((s) => s.Name),
    [],
  );
  t.diagnostic(timings.join('; '));
});

/** The stack's cluster (CDK names it WebStack-Cluster…), while it exists. */
async function stackCluster(): Promise<string | undefined> {
  const clusters = await world.ecs.send(new ListClustersCommand({}));
  return clusters.clusterArns?.find((arn) => arn.includes('WebStack'));
}
