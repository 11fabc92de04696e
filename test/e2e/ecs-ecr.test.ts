// Fargate tasks from ECR (issue 16): the image named in the real ECR form `<account>.dkr.ecr.<region>.amazonaws.com/
// web:latest`, pulled from berth's ECR with a token the agent asks for as the execution role (GetAuthorizationToken
// over the SDK), as the ECS agent does (ref ecs-private-auth §4). With AmazonECSTaskExecutionRolePolicy the task runs
// and serves; without ECR permissions, with a missing tag and with a deleted repository it stops with Fargate's texts
// (ref ecr §3.4, ref ecs-private-auth §3.3).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
} from '@aws-sdk/client-ecr';
import type { ContainerDefinition, Task } from '@aws-sdk/client-ecs';
import { AttachRolePolicyCommand } from '@aws-sdk/client-iam';
import { pushLayout } from '../integ/support/skopeo.js';
import { type EcsWorld, startEcsWorld } from './support/ecs-world.js';
import { webPort } from './support/web-image.js';

const executionPolicy = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';

let world: EcsWorld;
let ecr: ECRClient;
let ecrHost: string;

before(async () => {
  world = await startEcsWorld();
  const { endpoint, region, credentials, accountId } = world.berth;
  ecr = new ECRClient({ endpoint, region, credentials, maxAttempts: 1 });
  ecrHost = `${accountId}.dkr.ecr.${region}.amazonaws.com`;
});

after(async () => {
  ecr?.destroy();
  await world?.close();
});

function container(image: string): ContainerDefinition {
  return {
    name: 'web',
    image,
    essential: true,
    portMappings: [{ containerPort: webPort, hostPort: webPort, protocol: 'tcp' }],
  };
}

async function runFrom(family: string, image: string, execution: string): Promise<Task> {
  const definition = await world.registerFargate(family, [container(image)], { execution });
  return world.runAndSettle(definition);
}

describe('Fargate tasks pulling from ECR', () => {
  let withPolicy: string;

  test('the real-form URI with AmazonECSTaskExecutionRolePolicy: RUNNING and serving', async () => {
    const { repository } = await ecr.send(new CreateRepositoryCommand({ repositoryName: 'web' }));
    const [data] = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData ?? [];
    const password = Buffer.from(data!.authorizationToken!, 'base64').toString('utf8').slice('AWS:'.length);
    await pushLayout(world.web.layoutDir, 'web', `${repository!.repositoryUri}:latest`, {
      username: 'AWS',
      password,
    });
    withPolicy = await world.createRole('ecrExecution');
    await world.iam.send(
      new AttachRolePolicyCommand({ RoleName: 'ecrExecution', PolicyArn: executionPolicy }),
    );
    const task = await runFrom('ecr-web', `${ecrHost}/web:latest`, withPolicy);
    assert.equal(task.lastStatus, 'RUNNING', task.stoppedReason);
    assert.equal(task.containers?.[0]?.imageDigest, world.web.image.digest);
    const address = task.containers?.[0]?.networkInterfaces?.[0]?.privateIpv4Address;
    const page = await fetch(`http://${address}:${webPort}/`);
    assert.equal(await page.text(), world.web.page);
  });

  test('an execution role without ECR permissions: ResourceInitializationError naming ecr:GetAuthorizationToken', async () => {
    const bare = await world.createRole('bareExecution');
    const task = await runFrom('ecr-bare', `${ecrHost}/web:latest`, bare);
    assert.equal(task.lastStatus, 'STOPPED');
    assert.equal(task.stopCode, 'TaskFailedToStart');
    assert.match(
      task.stoppedReason ?? '',
      new RegExp(
        `^ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 1 time\\(s\\): AccessDeniedException: User: arn:aws:sts::${world.berth.accountId}:assumed-role/bareExecution/[0-9a-f]+ is not authorized to perform: ecr:GetAuthorizationToken on resource: \\* because no identity-based policy allows the ecr:GetAuthorizationToken action status code: 400, request id: `,
      ),
    );
  });

  test('a missing tag and a deleted repository: CannotPullContainerError … not found, naming the image as written', async () => {
    const missingTag = await runFrom('ecr-tag', `${ecrHost}/web:nope`, withPolicy);
    assert.equal(missingTag.stopCode, 'TaskFailedToStart');
    assert.match(missingTag.stoppedReason ?? '', /^CannotPullContainerError: /);
    assert.ok(missingTag.stoppedReason?.includes(`${ecrHost}/web:nope: not found`), missingTag.stoppedReason);
    await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'web', force: true }));
    const deleted = await runFrom('ecr-gone', `${ecrHost}/web:latest`, withPolicy);
    assert.equal(deleted.stopCode, 'TaskFailedToStart');
    assert.ok(deleted.stoppedReason?.includes(`${ecrHost}/web:latest: not found`), deleted.stoppedReason);
  });
});
