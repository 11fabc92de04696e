// Stopped tasks stay listed and describable for an hour, then go ([DOC] API_ListTasks, API_DescribeTasks).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateClusterCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { ecsSetup, fargateDefinition, runWeb } from '../../testing/ecs-fixtures.js';

test('a stopped task is kept for an hour after it stopped', async () => {
  const { h, ecs } = await ecsSetup();
  await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  await ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition()));
  const taskArn = (await runWeb(ecs)).tasks![0]!.taskArn!;
  h.ecs.taskStates.submit({
    taskArn,
    lastStatus: 'STOPPED',
    stoppedReason: 'Essential container in task exited',
  });
  const stopped = { cluster: 'prod', desiredStatus: 'STOPPED' as const };

  h.clock.advance(59 * 60_000);
  const soon = h.clients().ecs;
  assert.deepEqual((await soon.send(new ListTasksCommand(stopped))).taskArns, [taskArn]);
  const described = await soon.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [taskArn] }));
  assert.equal(described.tasks?.[0]?.stoppedReason, 'Essential container in task exited');

  h.clock.advance(2 * 60_000);
  const later = h.clients().ecs;
  assert.deepEqual((await later.send(new ListTasksCommand(stopped))).taskArns, []);
  const gone = await later.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [taskArn] }));
  assert.deepEqual(gone.failures, [{ arn: taskArn, reason: 'MISSING' }]);
  assert.ok(!h.storedText().includes(taskArn), 'the task is removed from the store');
});
