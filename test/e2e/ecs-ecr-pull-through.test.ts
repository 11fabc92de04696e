// A Fargate task whose image comes through ECR's pull-through cache (issue 16): the task definition names
// `<account>.dkr.ecr.<region>.amazonaws.com/local/library/web:1`, a rule maps `local` to a Distribution registry
// (htpasswd) with its credentials in a Secrets Manager secret `ecr-pullthroughcache/…`; the agent logs in as the
// execution role, and its first pull makes berth's ECR fetch the image from the upstream, create the repository and
// serve it (ref ecr §3.5). The role needs ecr:CreateRepository and ecr:BatchImportUpstreamImage beside
// AmazonECSTaskExecutionRolePolicy, as AWS documents; without them the task stops with CannotPullContainerError.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CreatePullThroughCacheRuleCommand, ECRClient } from '@aws-sdk/client-ecr';
import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import { AttachRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { type RunningRegistry, startDistributionRegistry } from '../integ/support/distribution-registry.js';
import { pushLayout } from '../integ/support/skopeo.js';
import { type EcsWorld, startEcsWorld } from './support/ecs-world.js';
import { webPort } from './support/web-image.js';

const executionPolicy = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
const upstreamPassword = 'ptc-upstream-pw';

let world: EcsWorld;
let upstream: RunningRegistry;

before(async () => {
  world = await startEcsWorld();
  upstream = await startDistributionRegistry({ kind: 'htpasswd', users: { puller: upstreamPassword } });
  await pushLayout(world.web.layoutDir, 'web', `${upstream.host}/library/web:1`, {
    username: 'puller',
    password: upstreamPassword,
  });
  const { endpoint, region, credentials } = world.berth;
  const secret = await world.secrets.send(
    new CreateSecretCommand({
      Name: 'ecr-pullthroughcache/local',
      SecretString: JSON.stringify({ username: 'puller', accessToken: upstreamPassword }),
    }),
  );
  const ecr = new ECRClient({ endpoint, region, credentials, maxAttempts: 1 });
  await ecr.send(
    new CreatePullThroughCacheRuleCommand({
      ecrRepositoryPrefix: 'local',
      upstreamRegistryUrl: upstream.host,
      credentialArn: secret.ARN!,
    }),
  );
  ecr.destroy();
});

after(async () => {
  await world?.close();
  await upstream?.stop();
});

async function executionRole(name: string, extra?: string): Promise<string> {
  const arn = await world.createRole(name, extra);
  await world.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: executionPolicy }));
  return arn;
}

function run(family: string, execution: string) {
  const { accountId, region } = world.berth;
  const web: ContainerDefinition = {
    name: 'web',
    image: `${accountId}.dkr.ecr.${region}.amazonaws.com/local/library/web:1`,
    essential: true,
    portMappings: [{ containerPort: webPort, hostPort: webPort, protocol: 'tcp' }],
  };
  return world.registerFargate(family, [web], { execution }).then((d) => world.runAndSettle(d));
}

test('without ecr:CreateRepository the first pull meets a missing repository: CannotPullContainerError … not found', async () => {
  const task = await run('ptc-bare', await executionRole('ptcBare'));
  assert.equal(task.stopCode, 'TaskFailedToStart');
  assert.match(task.stoppedReason ?? '', /^CannotPullContainerError: /);
  // ECR answers 404 NAME_UNKNOWN; Fargate's containerd words it `<ref>: not found` (ref ecr §3.4).
  assert.ok(task.stoppedReason?.includes('/local/library/web:1: not found'), task.stoppedReason);
});

test('with them the task pulls through the cache from the upstream: RUNNING and serving the upstream’s image', async () => {
  const cacheImport = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['ecr:CreateRepository', 'ecr:BatchImportUpstreamImage'], Resource: '*' },
    ],
  });
  const task = await run('ptc-web', await executionRole('ptcExecution', cacheImport));
  assert.equal(task.lastStatus, 'RUNNING', task.stoppedReason);
  assert.equal(task.containers?.[0]?.imageDigest, world.web.image.digest);
  const address = task.containers?.[0]?.networkInterfaces?.[0]?.privateIpv4Address;
  assert.equal(await (await fetch(`http://${address}:${webPort}/`)).text(), world.web.page);
});
