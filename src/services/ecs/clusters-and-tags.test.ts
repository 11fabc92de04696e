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
  PutClusterCapacityProvidersCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-ecs';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
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

// aws_ecs_cluster_capacity_providers ([DOC] API_PutClusterCapacityProviders): both lists are replaced at once.
test('PutClusterCapacityProviders stores the providers and default strategy; DescribeClusters shows them', async () => {
  const { ecs } = await ecsSetup();
  await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  const strategy = [
    { capacityProvider: 'FARGATE', weight: 1, base: 1 },
    { capacityProvider: 'FARGATE_SPOT', weight: 4, base: 0 },
  ];
  const put = await ecs.send(
    new PutClusterCapacityProvidersCommand({
      cluster: `arn:aws:ecs:us-east-1:${account}:cluster/prod`,
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: strategy,
    }),
  );
  assert.deepEqual(put.cluster?.capacityProviders, ['FARGATE', 'FARGATE_SPOT']);
  const [described] = (await ecs.send(new DescribeClustersCommand({ clusters: ['prod'] }))).clusters!;
  assert.deepEqual(described!.capacityProviders, ['FARGATE', 'FARGATE_SPOT']);
  assert.deepEqual(described!.defaultCapacityProviderStrategy, strategy);
  // Empty lists take them away again.
  await ecs.send(
    new PutClusterCapacityProvidersCommand({
      cluster: 'prod',
      capacityProviders: [],
      defaultCapacityProviderStrategy: [],
    }),
  );
  const [cleared] = (await ecs.send(new DescribeClustersCommand({ clusters: ['prod'] }))).clusters!;
  assert.deepEqual([cleared!.capacityProviders, cleared!.defaultCapacityProviderStrategy], [[], []]);
});

test('PutClusterCapacityProviders refuses unknown providers and strategies off the list; a missing cluster', async () => {
  const { ecs } = await ecsSetup();
  await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  const put = (capacityProviders: string[], provider: string, cluster = 'prod') =>
    sdkError(
      ecs.send(
        new PutClusterCapacityProvidersCommand({
          cluster,
          capacityProviders,
          defaultCapacityProviderStrategy: [{ capacityProvider: provider, weight: 1 }],
        }),
      ),
    );
  assert.deepEqual(await put(['FARGATE', 'my-asg-provider'], 'FARGATE'), {
    name: 'InvalidParameterException',
    message:
      'The specified capacity provider was not found. Specify a valid capacity provider and try again.',
    status: 400,
  });
  const offList = await put(['FARGATE'], 'FARGATE_SPOT');
  assert.equal(offList.name, 'InvalidParameterException');
  assert.match(offList.message, /not associated with the cluster.*Capacity provider: FARGATE_SPOT$/);
  assert.deepEqual(await put(['FARGATE'], 'FARGATE', 'nope'), {
    name: 'ClusterNotFoundException',
    message: 'Cluster not found.',
    status: 400,
  });
  // Nothing changed.
  const [cluster] = (await ecs.send(new DescribeClustersCommand({ clusters: ['prod'] }))).clusters!;
  assert.deepEqual(cluster!.capacityProviders, []);
});

// [DOC] API_PutClusterCapacityProviders: "You can only disassociate an existing capacity provider from a cluster if
// it's not being used by any existing tasks." The error is the modelled ResourceInUseException.
test('PutClusterCapacityProviders keeps a provider that a task runs on: ResourceInUseException, nothing changes', async () => {
  const { h, ecs } = await ecsSetup();
  await ecs.send(
    new CreateClusterCommand({
      clusterName: 'prod',
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
    }),
  );
  await ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition()));
  const { tasks } = await runWeb(ecs, { launchType: undefined });
  assert.equal(tasks?.[0]?.capacityProviderName, 'FARGATE_SPOT');
  const onlyFargate = () =>
    ecs.send(
      new PutClusterCapacityProvidersCommand({
        cluster: 'prod',
        capacityProviders: ['FARGATE'],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
      }),
    );
  assert.deepEqual(await sdkError(onlyFargate()), {
    name: 'ResourceInUseException',
    message: "The specified resource is in-use and can't be removed.",
    status: 400,
  });
  const [kept] = (await ecs.send(new DescribeClustersCommand({ clusters: ['prod'] }))).clusters!;
  assert.deepEqual(kept!.capacityProviders, ['FARGATE', 'FARGATE_SPOT']);
  // Asked to stop, the task still runs there until the agent reports it STOPPED; then FARGATE_SPOT goes.
  const taskArn = tasks![0]!.taskArn!;
  await ecs.send(new StopTaskCommand({ cluster: 'prod', task: taskArn }));
  assert.equal((await sdkError(onlyFargate())).name, 'ResourceInUseException');
  h.ecs.taskStates.submit({ taskArn, lastStatus: 'STOPPED', stoppedReason: 'Task stopped by user' });
  assert.deepEqual((await onlyFargate()).cluster?.capacityProviders, ['FARGATE']);
});

test('PutClusterCapacityProviders asks for ecs:PutClusterCapacityProviders on the cluster', async () => {
  const { h, ecs, iam } = await ecsSetup();
  await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  await iam.send(new CreateUserCommand({ UserName: 'dev' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }))).AccessKey!;
  const dev = h.clients({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }).ecs;
  const denied = await sdkError(
    dev.send(
      new PutClusterCapacityProvidersCommand({
        cluster: 'prod',
        capacityProviders: ['FARGATE'],
        defaultCapacityProviderStrategy: [],
      }),
    ),
  );
  assert.deepEqual(denied, {
    name: 'AccessDeniedException',
    message:
      `User: arn:aws:iam::${account}:user/dev is not authorized to perform: ecs:PutClusterCapacityProviders on ` +
      `resource: arn:aws:ecs:us-east-1:${account}:cluster/prod because no identity-based policy allows the ` +
      'ecs:PutClusterCapacityProviders action',
    status: 400,
  });
});
