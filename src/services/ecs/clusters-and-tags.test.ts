// Clusters and tags through the SDK ([DOC] API_CreateCluster, API_DescribeClusters, API_ListClusters,
// API_DeleteCluster, API_TagResource).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  DescribeTasksCommand,
  ListClustersCommand,
  ListTagsForResourceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-ecs';
import { ecsSetup, fargateDefinition, runWeb } from '../../testing/ecs-fixtures.js';
import { account, sdkError } from '../../testing/iam-sts-harness.js';

test('clusters: create (idempotent), describe with MISSING failures, delete, not found', async () => {
  const { ecs } = await ecsSetup();
  const created = await ecs.send(
    new CreateClusterCommand({ clusterName: 'prod', tags: [{ key: 'env', value: 'p' }] }),
  );
  assert.equal(created.cluster?.clusterArn, `arn:aws:ecs:us-east-1:${account}:cluster/prod`);
  assert.equal((await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }))).cluster?.status, 'ACTIVE');
  const described = await ecs.send(
    new DescribeClustersCommand({ clusters: ['prod', 'nope'], include: ['TAGS'] }),
  );
  assert.deepEqual(
    described.clusters?.map((c) => [c.clusterName, c.runningTasksCount, c.pendingTasksCount, c.tags]),
    [['prod', 0, 0, [{ key: 'env', value: 'p' }]]],
  );
  assert.deepEqual(described.failures, [
    { arn: `arn:aws:ecs:us-east-1:${account}:cluster/nope`, reason: 'MISSING' },
  ]);
  assert.equal((await ecs.send(new DeleteClusterCommand({ cluster: 'prod' }))).cluster?.status, 'INACTIVE');
  assert.deepEqual((await ecs.send(new ListClustersCommand({}))).clusterArns, []);
  const missing = await sdkError(ecs.send(new RunTaskCommand({ cluster: 'prod', taskDefinition: 'web' })));
  assert.deepEqual(missing, { name: 'ClusterNotFoundException', message: 'Cluster not found.', status: 400 });
});

test('ListClusters pages', async () => {
  const { ecs } = await ecsSetup();
  for (const name of ['c1', 'c2', 'c3']) await ecs.send(new CreateClusterCommand({ clusterName: name }));
  const first = await ecs.send(new ListClustersCommand({ maxResults: 2 }));
  const second = await ecs.send(new ListClustersCommand({ maxResults: 2, nextToken: first.nextToken }));
  assert.deepEqual(
    [...first.clusterArns!, ...second.clusterArns!].map((arn) => arn.split('/')[1]),
    ['c1', 'c2', 'c3'],
  );
  assert.equal(second.nextToken, undefined);
  const bad = await sdkError(ecs.send(new ListClustersCommand({ nextToken: 'garbage' })));
  assert.equal(bad.name, 'InvalidParameterException');
});

test('tags on clusters, task definitions and tasks', async () => {
  const { ecs } = await ecsSetup();
  await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  const definitionArn = (await ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition())))
    .taskDefinition!.taskDefinitionArn!;
  const taskArn = (await runWeb(ecs)).tasks![0]!.taskArn!;
  for (const resourceArn of [`arn:aws:ecs:us-east-1:${account}:cluster/prod`, definitionArn, taskArn]) {
    await ecs.send(
      new TagResourceCommand({
        resourceArn,
        tags: [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
        ],
      }),
    );
    await ecs.send(new UntagResourceCommand({ resourceArn, tagKeys: ['a'] }));
    assert.deepEqual(
      (await ecs.send(new ListTagsForResourceCommand({ resourceArn }))).tags,
      [{ key: 'b', value: '2' }],
      resourceArn,
    );
  }
  const reserved = await sdkError(
    ecs.send(new TagResourceCommand({ resourceArn: taskArn, tags: [{ key: 'aws:x', value: '1' }] })),
  );
  assert.equal(reserved.name, 'InvalidParameterException');
  const described = await ecs.send(
    new DescribeTasksCommand({ cluster: 'prod', tasks: [taskArn], include: ['TAGS'] }),
  );
  assert.deepEqual(described.tasks?.[0]?.tags, [{ key: 'b', value: '2' }]);
});
