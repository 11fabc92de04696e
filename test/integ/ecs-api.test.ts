// The ECS control plane through the real AWS SDK v3 ECS client, in process: the real SigV4 verifier, gateway and IAM
// authorizer, IAM and STS for roles, users and the execution role's session. The agent is a recording TaskAgentPort —
// the control plane's real boundary. Texts are pinned to /work/shared/reference/ecs-private-auth.md §2 and
// peers-and-misconfigurations.md §C, with the sources listed in src/engines/ecs/ecs-messages.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  DescribeTasksCommand,
  ListTaskDefinitionFamiliesCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  awsvpcNetwork,
  ec2Container,
  ecsSetup,
  execRoleArn,
  fargateDefinition,
  runWeb,
} from '../../src/testing/ecs-fixtures.js';
import { account, policyText, sdkError } from '../../src/testing/iam-sts-harness.js';

test('RegisterTaskDefinition refuses with ECS ClientException texts, and stores nothing (ref ecs-private-auth §2.1, peers §C8/§C12)', async () => {
  const { ecs } = await ecsSetup();
  const cases: Array<[string, RegisterTaskDefinitionCommandInput, string]> = [
    [
      'credentials without execution role (§7 row 1)',
      fargateDefinition({ executionRoleArn: undefined }),
      'Private repository authentication requires that the task definition specify a value for executionRoleArn.',
    ],
    [
      'secrets without execution role',
      {
        family: 'f',
        containerDefinitions: [
          ec2Container({
            secrets: [{ name: 'P', valueFrom: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:p' }],
          }),
        ],
      },
      "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.",
    ],
    [
      'Fargate in bridge mode',
      fargateDefinition({ networkMode: 'bridge' }),
      'Fargate only supports network mode ‘awsvpc’.',
    ],
    [
      'Fargate without task cpu',
      fargateDefinition({ cpu: undefined }),
      "Fargate requires that 'cpu' be defined at the task level.",
    ],
    [
      'Fargate without task memory',
      fargateDefinition({ memory: undefined }),
      "Fargate requires that 'memory' be defined at the task level.",
    ],
    [
      'Fargate cpu that is no Fargate size',
      fargateDefinition({ cpu: '300' }),
      "Invalid 'cpu' setting for task. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.",
    ],
    [
      'Fargate pair that does not exist',
      fargateDefinition({ cpu: '512', memory: '512' }),
      'No Fargate configuration exists for given values: 512 CPU, 512 memory. See the Amazon ECS documentation for the valid values.',
    ],
    [
      'Fargate ECR image without execution role',
      fargateDefinition({
        executionRoleArn: undefined,
        containerDefinitions: [ec2Container({ image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/app:1' })],
      }),
      'Fargate requires task definition to have execution role ARN to support ECR images.',
    ],
    [
      'awsvpc host port differs',
      {
        family: 'f',
        networkMode: 'awsvpc',
        containerDefinitions: [ec2Container({ portMappings: [{ containerPort: 80, hostPort: 8080 }] })],
      },
      'When networkMode=awsvpc, the host ports and container ports in port mappings must match.',
    ],
    [
      'awsvpc hostname',
      { family: 'f', networkMode: 'awsvpc', containerDefinitions: [ec2Container({ hostname: 'h' })] },
      'hostname is not supported on container when networkMode=awsvpc.',
    ],
    [
      'container name charset',
      { family: 'f', containerDefinitions: [ec2Container({ name: 'my app' })] },
      'Container.name contains invalid characters.',
    ],
    [
      'container name empty',
      { family: 'f', containerDefinitions: [ec2Container({ name: '' })] },
      'Container.name should not be null or empty.',
    ],
    [
      'image of 256 characters',
      { family: 'f', containerDefinitions: [ec2Container({ image: `r/${'a'.repeat(254)}` })] },
      'Container.image should be 255 characters or less',
    ],
    [
      'image charset',
      { family: 'f', containerDefinitions: [ec2Container({ image: 'nginx latest' })] },
      'Container.image contains invalid characters.',
    ],
    [
      'no essential container',
      { family: 'f', containerDefinitions: [ec2Container({ essential: false })] },
      "Task definition doesn't have any essential container.",
    ],
    [
      'duplicate container names',
      { family: 'f', containerDefinitions: [ec2Container({}), ec2Container({})] },
      'Container names must be unique within a Task Definition.',
    ],
    [
      'dependency on a missing container',
      {
        family: 'f',
        containerDefinitions: [ec2Container({ dependsOn: [{ containerName: 'db', condition: 'START' }] })],
      },
      "Cannot depend on container + 'db' because it does not exist",
    ],
    [
      'credentialsParameter with a space (§C8)',
      fargateDefinition({
        containerDefinitions: [
          ec2Container({ repositoryCredentials: { credentialsParameter: 'my secret' } }),
        ],
      }),
      "The repository credentials parameter specified for container 'app' is invalid. Parameter names can include up to 255 (uppercase and lowercase), numbers, hyphens, and underscores are allowed. Spaces are not allowed.",
    ],
    [
      'credentials on an ECR image (§C12)',
      fargateDefinition({
        containerDefinitions: [
          ec2Container({
            image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/app:1',
            repositoryCredentials: { credentialsParameter: 'dockerhub' },
          }),
        ],
      }),
      'Private repository credentials are not a supported authentication method for ECR repositories.',
    ],
    [
      'malformed role ARN',
      fargateDefinition({ executionRoleArn: 'arn:aws:iam::000000000000:user/bob' }),
      'Role is not valid',
    ],
    ['empty task role', fargateDefinition({ taskRoleArn: '' }), 'Role is not valid'],
    [
      'EC2 container without memory',
      { family: 'f', containerDefinitions: [{ name: 'app', image: 'nginx' }] },
      "Invalid setting for container 'app'. At least one of 'memory' or 'memoryReservation' must be specified.",
    ],
    [
      'family charset',
      { family: 'web app', containerDefinitions: [ec2Container({})] },
      'Family contains invalid characters.',
    ],
    ['no containers', { family: 'f', containerDefinitions: [] }, 'Container list cannot be empty.'],
  ];
  for (const [what, input, message] of cases) {
    const error = await sdkError(ecs.send(new RegisterTaskDefinitionCommand(input)));
    assert.deepEqual(error, { name: 'ClientException', message, status: 400 }, what);
  }
  const families = await ecs.send(new ListTaskDefinitionFamiliesCommand({ status: 'ALL' }));
  assert.deepEqual(families.families, []);
});

test('RunTask: a PROVISIONING task, and a TaskLaunch with overrides applied and execution-role credentials', async () => {
  const { h, agent, ecs } = await ecsSetup();
  await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  await ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition()));
  const overrides = {
    containerOverrides: [
      {
        name: 'app',
        command: ['migrate'],
        environment: [
          { name: 'MODE', value: 'test' },
          { name: 'NEW', value: '1' },
        ],
      },
    ],
  };
  const run = await runWeb(ecs, { overrides, startedBy: 'ci', tags: [{ key: 'k', value: 'v' }] });
  assert.deepEqual(run.failures, []);
  const task = run.tasks![0]!;
  assert.match(task.taskArn!, new RegExp(`^arn:aws:ecs:us-east-1:${account}:task/prod/[0-9a-f]{32}$`));
  assert.deepEqual(
    [
      task.lastStatus,
      task.desiredStatus,
      task.launchType,
      task.platformVersion,
      task.availabilityZone,
      task.group,
      task.cpu,
      task.memory,
    ],
    ['PROVISIONING', 'RUNNING', 'FARGATE', '1.4.0', 'us-east-1a', 'family:web', '256', '512'],
  );
  assert.equal(task.clusterArn, `arn:aws:ecs:us-east-1:${account}:cluster/prod`);
  assert.equal(task.taskDefinitionArn, `arn:aws:ecs:us-east-1:${account}:task-definition/web:1`);
  assert.equal(task.containers?.[0]?.lastStatus, 'PENDING');
  assert.match(task.containers![0]!.containerArn!, /:container\/prod\/[0-9a-f]{32}\/[0-9a-f-]{36}$/);
  const eni = task.attachments![0]!;
  assert.deepEqual(
    [eni.type, eni.status, eni.details![0]],
    ['ElasticNetworkInterface', 'PRECREATED', { name: 'subnetId', value: 'subnet-0abc' }],
  );
  assert.match(eni.details!.find((d) => d.name === 'networkInterfaceId')!.value!, /^eni-[0-9a-f]{17}$/);
  assert.deepEqual(task.overrides?.containerOverrides?.[0]?.command, ['migrate']);
  assert.deepEqual(task.tags, [{ key: 'k', value: 'v' }]);

  assert.equal(agent.launched.length, 1);
  const launch = agent.launched[0]!;
  assert.equal(launch.taskArn, task.taskArn);
  assert.deepEqual([launch.cpu, launch.memory, launch.launchType], [256, 512, 'FARGATE']);
  const app = launch.containers[0]!.definition;
  assert.deepEqual(app.command, ['migrate']);
  assert.deepEqual(app.environment, [
    { name: 'MODE', value: 'test' },
    { name: 'KEEP', value: 'yes' },
    { name: 'NEW', value: '1' },
  ]);
  assert.deepEqual(launch.networkConfiguration, {
    subnets: ['subnet-0abc'],
    securityGroups: ['sg-1'],
    assignPublicIp: 'ENABLED',
  });
  const credentials = launch.executionCredentials!;
  assert.equal(credentials.roleArn, execRoleArn);
  // The credentials are a real session of the execution role, named after the task (ref ecs-private-auth §1.8's ARN shape).
  const { sts } = h.clients({
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey.reveal(),
    sessionToken: credentials.sessionToken.reveal(),
  });
  const me = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(me.Arn, `arn:aws:sts::${account}:assumed-role/exec/${launch.taskId}`);

  // Credentials never appear in a response or in what ECS stores.
  const described = await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [launch.taskId] }));
  const secrets = [credentials.secretAccessKey.reveal(), credentials.sessionToken.reveal()];
  for (const text of [JSON.stringify(run), JSON.stringify(described), h.storedText()])
    for (const secret of secrets) assert.ok(!text.includes(secret));
});

test('RunTask network rules, launch types and the implicit default cluster (ref ecs-private-auth §2.3)', async () => {
  const { ecs, agent } = await ecsSetup();
  await ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition()));
  await ecs.send(
    new RegisterTaskDefinitionCommand({ family: 'batch', containerDefinitions: [ec2Container({})] }),
  );
  const noNetwork = await sdkError(
    ecs.send(new RunTaskCommand({ taskDefinition: 'web', launchType: 'FARGATE' })),
  );
  assert.deepEqual(noNetwork, {
    name: 'InvalidParameterException',
    message: "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    status: 400,
  });
  const extraNetwork = await sdkError(
    ecs.send(new RunTaskCommand({ taskDefinition: 'batch', networkConfiguration: awsvpcNetwork })),
  );
  assert.equal(
    extraNetwork.message,
    'Network Configuration is not valid for the given `networkMode` of this task definition.',
  );
  const notFargate = await sdkError(
    ecs.send(new RunTaskCommand({ taskDefinition: 'batch', launchType: 'FARGATE' })),
  );
  assert.deepEqual(notFargate, {
    name: 'InvalidParameterException',
    message: 'Task definition does not support launch_type FARGATE.',
    status: 400,
  });
  const unknown = await sdkError(ecs.send(new RunTaskCommand({ taskDefinition: 'nope' })));
  assert.deepEqual(unknown, { name: 'ClientException', message: 'TaskDefinition not found.', status: 400 });
  const untouched = await ecs.send(new DescribeClustersCommand({}));
  assert.deepEqual(
    untouched.failures?.map((f) => f.reason),
    ['MISSING'],
    'refused RunTasks made no default cluster',
  );

  // No launch type, no capacity provider strategy: EC2, even for a FARGATE-only definition ([DOC] API_RunTask).
  const run = await ecs.send(
    new RunTaskCommand({ taskDefinition: 'web', networkConfiguration: awsvpcNetwork, count: 2 }),
  );
  assert.deepEqual(
    run.tasks?.map((task) => [task.launchType, task.clusterArn?.split('/')[1]]),
    [
      ['EC2', 'default'],
      ['EC2', 'default'],
    ],
  );
  assert.equal(agent.launched.length, 2);
  const spot = await ecs.send(
    new RunTaskCommand({
      taskDefinition: 'web',
      networkConfiguration: awsvpcNetwork,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }],
    }),
  );
  assert.deepEqual(
    [spot.tasks?.[0]?.launchType, spot.tasks?.[0]?.capacityProviderName],
    ['FARGATE', 'FARGATE_SPOT'],
  );
  const cluster = (await ecs.send(new DescribeClustersCommand({}))).clusters![0]!;
  assert.deepEqual([cluster.clusterName, cluster.pendingTasksCount], ['default', 3]);
});

test('the agent reports merge into the task DescribeTasks shows; StopTask; ListTasks by desired status', async () => {
  const { h, agent, ecs } = await ecsSetup();
  await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  await ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition()));
  const taskArn = (await runWeb(ecs)).tasks![0]!.taskArn!;
  const sink = h.ecs.taskStates;
  const describe = async () =>
    (await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [taskArn] }))).tasks![0]!;

  sink.submit({
    taskArn,
    lastStatus: 'PENDING',
    privateIpv4Address: '10.0.0.5',
    pullStartedAt: new Date('2026-01-01T00:00:00Z'),
  });
  sink.submit({
    taskArn,
    lastStatus: 'RUNNING',
    pullStoppedAt: new Date('2026-01-01T00:00:03Z'),
    containers: [
      { name: 'app', lastStatus: 'RUNNING', runtimeId: 'rt-1', imageDigest: `sha256:${'a'.repeat(64)}` },
    ],
  });
  sink.submit({ taskArn, lastStatus: 'PENDING' }); // late and backward: ignored
  let task = await describe();
  assert.deepEqual(
    [task.lastStatus, task.connectivity, task.containers![0]!.lastStatus, task.containers![0]!.runtimeId],
    ['RUNNING', 'CONNECTED', 'RUNNING', 'rt-1'],
  );
  assert.ok(task.startedAt instanceof Date && task.connectivityAt instanceof Date);
  assert.deepEqual(task.pullStartedAt, new Date('2026-01-01T00:00:00Z'));
  const eni = task.attachments![0]!;
  assert.equal(eni.status, 'ATTACHED');
  assert.deepEqual(
    eni.details!.find((d) => d.name === 'privateIPv4Address'),
    { name: 'privateIPv4Address', value: '10.0.0.5' },
  );
  assert.deepEqual(task.containers![0]!.networkInterfaces, [
    { attachmentId: eni.id, privateIpv4Address: '10.0.0.5' },
  ]);
  assert.equal(
    (await ecs.send(new DescribeClustersCommand({ clusters: ['prod'] }))).clusters![0]!.runningTasksCount,
    1,
  );

  const stopped = await ecs.send(new StopTaskCommand({ cluster: 'prod', task: taskArn, reason: 'deploy' }));
  assert.deepEqual(
    [stopped.task?.desiredStatus, stopped.task?.stopCode, stopped.task?.stoppedReason],
    ['STOPPED', 'UserInitiated', 'deploy'],
  );
  assert.deepEqual(agent.stopped, [[taskArn, 'deploy']]);
  sink.submit({
    taskArn,
    lastStatus: 'STOPPED',
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode: 143 }],
  });
  task = await describe();
  assert.deepEqual(
    [
      task.lastStatus,
      task.stopCode,
      task.stoppedReason,
      task.containers![0]!.exitCode,
      task.attachments![0]!.status,
    ],
    ['STOPPED', 'UserInitiated', 'deploy', 143, 'DELETED'],
  );
  assert.ok(task.stoppedAt instanceof Date && task.stoppingAt instanceof Date);
  assert.deepEqual((await ecs.send(new ListTasksCommand({ cluster: 'prod' }))).taskArns, []);
  assert.deepEqual(
    (await ecs.send(new ListTasksCommand({ cluster: 'prod', desiredStatus: 'STOPPED' }))).taskArns,
    [taskArn],
  );
  assert.deepEqual(h.ecs.unfinishedTasks(), []);

  const other = (await runWeb(ecs)).tasks![0]!.taskArn!;
  assert.deepEqual(h.ecs.unfinishedTasks(), [other]);
  assert.equal(
    (await ecs.send(new StopTaskCommand({ cluster: 'prod', task: other }))).task?.stoppedReason,
    'Task stopped by user',
  );
  const missing = await sdkError(ecs.send(new StopTaskCommand({ cluster: 'prod', task: 'f'.repeat(32) })));
  assert.deepEqual(missing, {
    name: 'InvalidParameterException',
    message: 'The referenced task was not found',
    status: 400,
  });
  const failures = await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: ['0'.repeat(32)] }));
  assert.deepEqual(failures.failures, [
    { arn: `arn:aws:ecs:us-east-1:${account}:task/prod/${'0'.repeat(32)}`, reason: 'MISSING' },
  ]);
  const busy = await sdkError(ecs.send(new DeleteClusterCommand({ cluster: 'prod' })));
  assert.deepEqual(busy, {
    name: 'ClusterContainsTasksException',
    message: 'The Cluster cannot be deleted while Tasks are active.',
    status: 400,
  });
});

test('C3: an execution role trusting the wrong principal (or missing) fails RunTask with ECS text; nothing launches', async () => {
  const { ecs, agent } = await ecsSetup('ecs.amazonaws.com');
  await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  await ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition()));
  await ecs.send(
    new RegisterTaskDefinitionCommand(
      fargateDefinition({ family: 'ghost', executionRoleArn: 'no-such-role' }),
    ),
  );
  for (const [family, role] of [
    ['web', 'exec'],
    ['ghost', 'no-such-role'],
  ] as const) {
    const error = await sdkError(runWeb(ecs, { taskDefinition: family }));
    assert.deepEqual(error, {
      name: 'InvalidParameterException',
      message:
        `ECS was unable to assume the role 'arn:aws:iam::${account}:role/${role}' that was provided for this task. Please verify ` +
        'that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role.',
      status: 400,
    });
  }
  assert.equal(agent.launched.length, 0);
  assert.deepEqual((await ecs.send(new ListTasksCommand({ cluster: 'prod' }))).taskArns, []);
});

test('iam:PassRole is checked at RunTask and RegisterTaskDefinition, with iam:PassedToService; ecs:cluster scopes RunTask', async () => {
  const { h, ecs, iam } = await ecsSetup();
  await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  await ecs.send(new RegisterTaskDefinitionCommand(fargateDefinition()));
  await iam.send(new CreateUserCommand({ UserName: 'dev' }));
  const ecsOnProd = {
    Effect: 'Allow',
    Action: ['ecs:RunTask', 'ecs:RegisterTaskDefinition'],
    Resource: '*',
    Condition: { ArnEqualsIfExists: { 'ecs:cluster': `arn:aws:ecs:us-east-1:${account}:cluster/prod` } },
  };
  const put = (...statements: Record<string, unknown>[]) =>
    iam.send(
      new PutUserPolicyCommand({
        UserName: 'dev',
        PolicyName: 'p',
        PolicyDocument: policyText(...statements),
      }),
    );
  await put(ecsOnProd);
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }))).AccessKey!;
  const dev = h.clients({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }).ecs;
  const denied = `User: arn:aws:iam::${account}:user/dev is not authorized to perform: iam:PassRole on resource: ${execRoleArn} because no identity-based policy allows the iam:PassRole action`;
  assert.deepEqual(await sdkError(runWeb(dev)), {
    name: 'AccessDeniedException',
    message: denied,
    status: 400,
  });
  assert.deepEqual(await sdkError(dev.send(new RegisterTaskDefinitionCommand(fargateDefinition()))), {
    name: 'AccessDeniedException',
    message: denied,
    status: 400,
  });
  const passToOthers = {
    Effect: 'Allow',
    Action: 'iam:PassRole',
    Resource: execRoleArn,
    Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
  };
  await put(ecsOnProd, passToOthers);
  assert.equal((await sdkError(runWeb(dev))).name, 'AccessDeniedException');
  await put(ecsOnProd, {
    ...passToOthers,
    Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
  });
  assert.equal((await runWeb(dev)).tasks?.length, 1);
  const elsewhere = await sdkError(runWeb(dev, { cluster: 'other' }));
  assert.deepEqual(elsewhere, {
    name: 'AccessDeniedException',
    message: `User: arn:aws:iam::${account}:user/dev is not authorized to perform: ecs:RunTask on resource: arn:aws:ecs:us-east-1:${account}:task-definition/web because no identity-based policy allows the ecs:RunTask action`,
    status: 400,
  });
});
