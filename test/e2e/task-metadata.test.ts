// The task metadata endpoint v4 through a real `berth up` and runc (issue 14, "Inside the task"): a container reads
// ${ECS_CONTAINER_METADATA_URI_V4}, /task, /stats and /task/stats with busybox wget and gets the JSON the ECS agent
// gives (ref ecs-private-auth §5 for the task states it reports).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { StopTaskCommand } from '@aws-sdk/client-ecs';
import { type EcsWorld, type PrivateImage, startEcsWorld } from './support/ecs-world.js';
import { runScriptTask, taskAddress, taskFile } from './support/task-files.js';

let world: EcsWorld;
let web: PrivateImage;

before(async () => {
  world = await startEcsWorld();
  web = await world.privateWebImage('meta');
});

after(async () => {
  await world?.close();
});

test('a container reads its own and its task metadata from ECS_CONTAINER_METADATA_URI_V4', async () => {
  // The process may ask before the agent has recorded its start: it waits for RUNNING, as an app polling would.
  const running = `until case "$(wget -qO- $ECS_CONTAINER_METADATA_URI_V4)" in *'"KnownStatus":"RUNNING"'*) true;; *) false;; esac; do sleep 0.1; done`;
  const script = [
    running,
    'wget -qO /tmp/container.json $ECS_CONTAINER_METADATA_URI_V4',
    'wget -qO /tmp/task.json $ECS_CONTAINER_METADATA_URI_V4/task',
    'wget -qO /tmp/stats.json $ECS_CONTAINER_METADATA_URI_V4/stats',
    'wget -qO /tmp/task-stats.json $ECS_CONTAINER_METADATA_URI_V4/task/stats',
  ].join('; ');
  const task = await runScriptTask(world, web, 'meta', script, {
    container: { dockerLabels: { team: 'platform' } },
  });
  const container = JSON.parse(await taskFile(task, 'container.json')) as Record<string, unknown>;
  assert.equal(container['Name'], 'app');
  assert.equal(container['Image'], web.image);
  assert.equal(container['KnownStatus'], 'RUNNING');
  assert.equal(container['Type'], 'NORMAL');
  const labels = container['Labels'] as Record<string, string>;
  assert.equal(labels['com.amazonaws.ecs.task-arn'], task.taskArn);
  assert.equal(labels['com.amazonaws.ecs.task-definition-family'], 'meta');
  assert.equal(labels['team'], 'platform');
  assert.deepEqual(container['Networks'], [
    { NetworkMode: 'awsvpc', IPv4Addresses: [taskAddress(task)], AttachmentIndex: 0 },
  ]);
  assert.equal(container['ImageID'], task.containers![0]!.imageDigest);

  const metadata = JSON.parse(await taskFile(task, 'task.json')) as Record<string, unknown>;
  assert.equal(metadata['TaskARN'], task.taskArn);
  assert.equal(metadata['Cluster'], task.clusterArn);
  assert.equal(metadata['Family'], 'meta');
  assert.equal(metadata['Revision'], '1');
  assert.equal(metadata['LaunchType'], 'FARGATE');
  assert.deepEqual(metadata['Limits'], { CPU: 0.25, Memory: 512 });
  assert.equal((metadata['Containers'] as unknown[]).length, 1);

  const stats = JSON.parse(await taskFile(task, 'stats.json')) as Record<string, unknown>;
  assert.equal(stats['name'], 'app');
  const taskStats = JSON.parse(await taskFile(task, 'task-stats.json')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(taskStats), [container['DockerId']]);

  await world.ecs.send(new StopTaskCommand({ task: task.taskArn }));
  await world.waitFor(task.taskArn!, (t) => t.lastStatus === 'STOPPED');
});
