// The pure formatting of berth's task commands, on Task and TaskDefinition objects in the AWS API's shapes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Task, TaskDefinition } from '@aws-sdk/client-ecs';
import {
  awslogsDestinations,
  awslogsLines,
  clusterOfTaskArn,
  cut,
  endpointUrl,
  familyRevisionOf,
  formatTaskTable,
  statusLine,
  stoppedDetails,
  taskCompleted,
  taskEndpoints,
  taskIdOf,
} from './task-format.js';

const taskArn = 'arn:aws:ecs:us-east-1:000000000000:task/default/0123456789abcdef0123456789abcdef';
const definitionArn = 'arn:aws:ecs:us-east-1:000000000000:task-definition/web:3';

const fargateDefinition: TaskDefinition = {
  taskDefinitionArn: definitionArn,
  networkMode: 'awsvpc',
  containerDefinitions: [
    { name: 'web', portMappings: [{ containerPort: 8080, protocol: 'tcp' }] },
    { name: 'dns', portMappings: [{ containerPort: 53, protocol: 'udp' }] },
    { name: 'sidecar' },
  ],
};

/** A running Fargate task as DescribeTasks reports it: the address on each container's interface and on the ENI. */
const fargateTask: Task = {
  taskArn,
  taskDefinitionArn: definitionArn,
  lastStatus: 'RUNNING',
  attachments: [
    {
      type: 'ElasticNetworkInterface',
      details: [
        { name: 'subnetId', value: 'subnet-berth' },
        { name: 'privateIPv4Address', value: '172.30.0.2' },
      ],
    },
  ],
  containers: [
    { name: 'web', networkInterfaces: [{ privateIpv4Address: '172.30.0.2' }] },
    { name: 'dns', networkInterfaces: [{ privateIpv4Address: '172.30.0.2' }] },
    // No interface on the container: the ENI attachment's address is used.
    { name: 'sidecar' },
  ],
};

/** A bridge-mode task: the agent reports host ports as networkBindings. */
const bridgeTask: Task = {
  taskArn,
  taskDefinitionArn: definitionArn,
  lastStatus: 'RUNNING',
  containers: [
    {
      name: 'web',
      networkBindings: [
        { bindIP: '0.0.0.0', containerPort: 80, hostPort: 32768, protocol: 'tcp' },
        { bindIP: '10.0.0.5', containerPort: 81, hostPort: 32769, protocol: 'tcp' },
      ],
    },
  ],
};

describe('ids and names', () => {
  test('task id and cluster from an ARN; an id is its own id and names no cluster', () => {
    assert.equal(taskIdOf(taskArn), '0123456789abcdef0123456789abcdef');
    assert.equal(taskIdOf('0123456789abcdef'), '0123456789abcdef');
    assert.equal(clusterOfTaskArn(taskArn), 'default');
    assert.equal(clusterOfTaskArn('arn:aws:ecs:eu-west-1:1:task/batch/abc'), 'batch');
    assert.equal(clusterOfTaskArn('0123456789abcdef'), undefined);
    // The old ARN format (no cluster in it).
    assert.equal(clusterOfTaskArn('arn:aws:ecs:us-east-1:1:task/abc'), undefined);
  });

  test('family:revision of a task definition ARN', () => {
    assert.equal(familyRevisionOf(definitionArn), 'web:3');
    assert.equal(familyRevisionOf(undefined), '-');
  });
});

describe('taskEndpoints', () => {
  test('awsvpc: the interface address with the definition’s container ports (tcp as http://, udp marked)', () => {
    const urls = taskEndpoints(fargateTask, fargateDefinition).map((e) => `${e.container} ${endpointUrl(e)}`);
    assert.deepEqual(urls, ['web http://172.30.0.2:8080', 'dns 172.30.0.2:53/udp', 'sidecar 172.30.0.2']);
  });

  test('awsvpc without the definition at hand: the bare addresses', () => {
    assert.deepEqual(
      taskEndpoints(fargateTask).map((e) => endpointUrl(e)),
      ['172.30.0.2', '172.30.0.2', '172.30.0.2'],
    );
  });

  test('bridge: networkBindings, a wildcard bind reached on 127.0.0.1', () => {
    assert.deepEqual(
      taskEndpoints(bridgeTask).map((e) => endpointUrl(e)),
      ['http://127.0.0.1:32768', 'http://10.0.0.5:32769'],
    );
  });

  test('a task not yet attached has no endpoint; an IPv6 address is bracketed in a URL', () => {
    assert.deepEqual(taskEndpoints({ taskArn, lastStatus: 'PENDING', containers: [{ name: 'web' }] }), []);
    assert.equal(
      endpointUrl({ container: 'web', host: 'fd00::2', port: 80, protocol: 'tcp' }),
      'http://[fd00::2]:80',
    );
  });
});

describe('status lines (berth run --wait)', () => {
  test('a status before RUNNING is the status alone', () => {
    assert.equal(statusLine({ lastStatus: 'PROVISIONING' }), 'PROVISIONING');
    assert.equal(statusLine({ lastStatus: 'PENDING' }), 'PENDING');
  });

  test('RUNNING says where each container can be reached', () => {
    assert.equal(
      statusLine(fargateTask, fargateDefinition),
      'RUNNING at http://172.30.0.2:8080 (web), 172.30.0.2:53/udp (dns), 172.30.0.2 (sidecar)',
    );
    assert.equal(statusLine({ lastStatus: 'RUNNING', containers: [{ name: 'web' }] }), 'RUNNING');
  });

  test('STOPPED gives the stop code and reason; details give exits, container reasons and the likely cause', () => {
    // reference/ecs-private-auth.md §3.5: on EC2 the pull error is only in the container's reason.
    const task: Task = {
      lastStatus: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stoppedReason: 'Task failed to start',
      containers: [
        {
          name: 'web',
          reason:
            'CannotPullContainerError: inspect image has been retried 1 time(s): failed to resolve ref "r": failed to authorize: failed to fetch anonymous token.',
        },
        { name: 'log', exitCode: 137 },
      ],
    };
    assert.equal(statusLine(task), 'STOPPED (TaskFailedToStart): Task failed to start');
    const details = stoppedDetails(task);
    assert.equal(details.length, 3);
    assert.match(details[0] as string, /^ {2}web: CannotPullContainerError: /);
    assert.equal(details[1], '  log: exit code 137');
    assert.match(details[2] as string, /^likely cause: the registry requires credentials .* \[C12\]$/);
  });

  test('a task that ran to completion is not failed and gets no likely cause', () => {
    const done: Task = {
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [{ name: 'job', exitCode: 0 }],
    };
    assert.equal(taskCompleted(done), true);
    assert.deepEqual(stoppedDetails(done), ['  job: exit code 0']);
    const failed: Task = { ...done, containers: [{ name: 'job', exitCode: 1 }] };
    assert.equal(taskCompleted(failed), false);
    assert.match(stoppedDetails(failed).at(-1) as string, /\[EssentialContainerExited\]$/);
    assert.equal(taskCompleted({ ...done, stopCode: 'UserInitiated' }), false);
  });
});

describe('awslogs destinations', () => {
  const id = '0123456789abcdef0123456789abcdef';
  const definition: TaskDefinition = {
    containerDefinitions: [
      {
        name: 'web',
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': '/ecs/web',
            'awslogs-region': 'us-east-1',
            'awslogs-stream-prefix': 'ecs',
          },
        },
      },
      { name: 'plain' },
      { name: 'json', logConfiguration: { logDriver: 'json-file' } },
      { name: 'bare', logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g' } } },
    ],
  };

  test('group and stream <prefix>/<container>/<task id> for each awslogs container, as ECS names them', () => {
    assert.deepEqual(awslogsDestinations(definition, id), [
      { container: 'web', group: '/ecs/web', region: 'us-east-1', stream: `ecs/web/${id}` },
      { container: 'bare', group: 'g' },
    ]);
    assert.deepEqual(awslogsDestinations(undefined, id), []);
  });

  test('one line each, with the berth logs command that shows the same output', () => {
    assert.deepEqual(awslogsLines(definition, id), [
      `awslogs web: group /ecs/web, stream ecs/web/${id}, region us-east-1; here: berth logs ${id} --container web`,
      `awslogs bare: group g, stream named by the runtime (no awslogs-stream-prefix); here: berth logs ${id} --container bare`,
    ]);
  });
});

describe('the berth tasks table', () => {
  test('newest first, addresses without scheme, the stopped reason cut to one short line', () => {
    const reason = `CannotPullContainerError: ${'x'.repeat(100)}\n  more`;
    const table = formatTaskTable([
      { ...fargateTask, createdAt: new Date('2026-11-22T09:00:00Z') },
      {
        taskArn: 'arn:aws:ecs:us-east-1:000000000000:task/default/ffff',
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:000000000000:task-definition/job:12',
        lastStatus: 'STOPPED',
        stoppedReason: reason,
        createdAt: new Date('2026-11-22T10:00:00Z'),
      },
      {
        ...bridgeTask,
        taskArn: 'arn:aws:ecs:us-east-1:000000000000:task/default/aaaa',
        createdAt: new Date(0),
      },
    ]);
    const lines = table.split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0] as string, /^TASK ID +DEFINITION +STATUS +ADDRESS +STOPPED REASON$/);
    assert.match(lines[1] as string, /^ffff +job:12 +STOPPED +- +CannotPullContainerError: x+…$/);
    assert.equal((lines[1] as string).slice((lines[1] as string).indexOf('Cannot')).length, 60);
    assert.match(lines[2] as string, /^0123456789abcdef0123456789abcdef +web:3 +RUNNING +172\.30\.0\.2$/);
    assert.match(lines[3] as string, /^aaaa +web:3 +RUNNING +127\.0\.0\.1:32768,10\.0\.0\.5:32769$/);
    // Columns line up.
    assert.equal(lines[0]?.indexOf('STATUS'), lines[2]?.indexOf('RUNNING'));
  });

  test("with the tasks' definitions, an awsvpc task's address carries its containerPorts", () => {
    const table = formatTaskTable([fargateTask], new Map([[definitionArn, fargateDefinition]]));
    assert.match(
      table.split('\n')[1] as string,
      /^0123456789abcdef0123456789abcdef +web:3 +RUNNING +172\.30\.0\.2:8080,172\.30\.0\.2:53,172\.30\.0\.2$/,
    );
  });

  test('cut keeps short texts and marks a cut', () => {
    assert.equal(cut('short', 10), 'short');
    assert.equal(cut('0123456789abc', 10), '012345678…');
  });
});
