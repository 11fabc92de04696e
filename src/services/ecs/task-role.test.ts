// RunTask's task role (issue 14, "Inside the task"): assumed as ecs-tasks.amazonaws.com once per task, as the
// execution role is, and handed to the agent with the means to assume it again; a role ECS may not assume refuses
// the RunTask with ECS's text and starts nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateClusterCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ecsSetup, fargateDefinition, runWeb } from '../../testing/ecs-fixtures.js';
import { account, trustText } from '../../testing/iam-sts-harness.js';

const appRole = `arn:aws:iam::${account}:role/app`;

async function setup(principal: string) {
  const world = await ecsSetup();
  await world.iam.send(
    new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: trustText({ Service: principal }) }),
  );
  await world.ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  await world.ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition({ taskRoleArn: 'app' })));
  return world;
}

test('each task gets its own task-role session, which the agent can renew', async () => {
  const { h, agent, ecs } = await setup('ecs-tasks.amazonaws.com');
  const tasks = (await runWeb(ecs, { count: 2 })).tasks!;
  assert.equal(agent.launched.length, 2);
  for (const [i, launch] of agent.launched.entries()) {
    assert.equal(launch.taskArn, tasks[i]!.taskArn);
    assert.equal(launch.group, 'family:web');
    const role = launch.taskRole!;
    assert.equal(role.credentials.roleArn, appRole);
    const sts = h.clients({
      accessKeyId: role.credentials.accessKeyId,
      secretAccessKey: role.credentials.secretAccessKey.reveal(),
      sessionToken: role.credentials.sessionToken.reveal(),
    }).sts;
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, `arn:aws:sts::${account}:assumed-role/app/${launch.taskId}`);
    const renewed = await role.renew();
    assert.equal(renewed.roleArn, appRole);
    assert.notEqual(renewed.accessKeyId, role.credentials.accessKeyId);
  }
  assert.notEqual(
    agent.launched[0]!.taskRole!.credentials.accessKeyId,
    agent.launched[1]!.taskRole!.credentials.accessKeyId,
  );
  assert.ok(!h.storedText().includes(agent.launched[0]!.taskRole!.credentials.sessionToken.reveal()));
});

test('a task role that does not trust ecs-tasks.amazonaws.com refuses the RunTask and starts nothing', async () => {
  const { agent, ecs } = await setup('ec2.amazonaws.com');
  await assert.rejects(runWeb(ecs), {
    name: 'InvalidParameterException',
    message:
      `ECS was unable to assume the role '${appRole}' that was provided for this task. Please verify that the role ` +
      'being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass ' +
      'this role.',
  });
  assert.equal(agent.launched.length, 0);
});

test('the execution role too is handed over with the means to assume it again (the awslogs driver ships past its hour)', async () => {
  const { agent, ecs } = await setup('ecs-tasks.amazonaws.com');
  await runWeb(ecs);
  const launch = agent.launched[0]!;
  const first = launch.executionCredentials!;
  const renewed = await launch.renewExecutionCredentials!();
  assert.equal(renewed.roleArn, first.roleArn);
  assert.notEqual(renewed.accessKeyId, first.accessKeyId);
  assert.ok(renewed.expiration.getTime() >= first.expiration.getTime());
});
