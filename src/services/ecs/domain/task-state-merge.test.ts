// Merging the agent's reports (ref ecs-private-auth §5): forward-only states, first stop reason and container reason win,
// the ENI follows the task, backend timestamps from the clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newTask } from './new-task.js';
import { mergeTaskState } from './task-state-merge.js';

let counter = 0;
const random = { bytes: (n: number) => new Uint8Array(n).map(() => ++counter % 256) };
const scope = { partition: 'aws', region: 'eu-west-1', account: '111122223333' };
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);

function task(networkMode = 'awsvpc') {
  return newTask(
    {
      scope,
      clusterName: 'prod',
      clusterArn: 'arn:aws:ecs:eu-west-1:111122223333:cluster/prod',
      taskId: 'a'.repeat(32),
      family: 'web',
      taskDefinitionArn: 'arn:aws:ecs:eu-west-1:111122223333:task-definition/web:1',
      networkMode,
      launchType: 'FARGATE',
      containers: [
        { name: 'app', image: 'nginx' },
        { name: 'side', image: 'busybox' },
      ],
      overrides: {},
      subnetId: 'subnet-1',
      group: 'family:web',
      tags: [],
      enableExecuteCommand: false,
      now: t0,
    },
    random,
  );
}

test('states move forward only; a step back is ignored whole', () => {
  const running = mergeTaskState(task(), { taskArn: '', lastStatus: 'RUNNING' }, at(5))!;
  assert.equal(running.startedAt, at(5).toISOString());
  assert.equal(
    mergeTaskState(running, { taskArn: '', lastStatus: 'PENDING', stoppedReason: 'x' }, at(6)),
    undefined,
  );
  const again = mergeTaskState(running, { taskArn: '', lastStatus: 'RUNNING' }, at(7))!;
  assert.equal(again.startedAt, at(5).toISOString(), 'startedAt is set once');
  assert.equal(again.version, running.version + 1);
});

test('a task that never ran has no startedAt; stopping sets desired STOPPED, stoppingAt and stoppedAt', () => {
  const stopped = mergeTaskState(
    task(),
    {
      taskArn: '',
      lastStatus: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stoppedReason: 'CannotPullContainerError: x',
    },
    at(9),
  )!;
  assert.equal(stopped.startedAt, undefined);
  assert.deepEqual(
    [stopped.desiredStatus, stopped.stoppingAt, stopped.stoppedAt, stopped.stopCode],
    ['STOPPED', at(9).toISOString(), at(9).toISOString(), 'TaskFailedToStart'],
  );
  assert.deepEqual(
    stopped.containers.map((c) => c.lastStatus),
    ['STOPPED', 'STOPPED'],
  );
  const later = mergeTaskState(
    stopped,
    { taskArn: '', lastStatus: 'STOPPED', stoppedReason: 'other' },
    at(10),
  )!;
  assert.equal(later.stoppedReason, 'CannotPullContainerError: x', 'the first reason wins');
  assert.equal(later.stoppedAt, at(9).toISOString());
});

test('containers: forward-only status, first reason sticks, digests and ids update', () => {
  const first = mergeTaskState(
    task(),
    {
      taskArn: '',
      lastStatus: 'PENDING',
      containers: [{ name: 'app', lastStatus: 'RUNNING', reason: 'first', imageDigest: 'sha256:1' }],
    },
    at(1),
  )!;
  const second = mergeTaskState(
    first,
    {
      taskArn: '',
      lastStatus: 'PENDING',
      containers: [
        { name: 'app', lastStatus: 'PENDING', reason: 'second', runtimeId: 'r' },
        { name: 'ghost' },
      ],
    },
    at(2),
  )!;
  const app = second.containers[0]!;
  assert.deepEqual(
    [app.lastStatus, app.reason, app.imageDigest, app.runtimeId],
    ['RUNNING', 'first', 'sha256:1', 'r'],
  );
  assert.equal(second.containers[1]!.lastStatus, 'PENDING');
});

test('the ENI: attached with its address and EC2 DNS name, detaching, deleted; containers get the interface', () => {
  const pending = mergeTaskState(
    task(),
    { taskArn: '', lastStatus: 'PENDING', privateIpv4Address: '10.1.2.3' },
    at(1),
  )!;
  const eni = pending.attachments[0]!;
  assert.equal(eni.status, 'ATTACHED');
  assert.deepEqual(eni.details.slice(-2), [
    { name: 'privateDnsName', value: 'ip-10-1-2-3.eu-west-1.compute.internal' },
    { name: 'privateIPv4Address', value: '10.1.2.3' },
  ]);
  assert.deepEqual(
    pending.containers.map((c) => c.networkInterfaces),
    [
      [{ attachmentId: eni.id, privateIpv4Address: '10.1.2.3' }],
      [{ attachmentId: eni.id, privateIpv4Address: '10.1.2.3' }],
    ],
  );
  assert.deepEqual([pending.connectivity, pending.connectivityAt], ['CONNECTED', at(1).toISOString()]);
  const repeated = mergeTaskState(
    pending,
    { taskArn: '', lastStatus: 'RUNNING', privateIpv4Address: '10.1.2.3' },
    at(2),
  )!;
  assert.equal(repeated.attachments[0]!.details.length, eni.details.length, 'the address is added once');
  assert.equal(
    mergeTaskState(pending, { taskArn: '', lastStatus: 'DEPROVISIONING' }, at(3))!.attachments[0]!.status,
    'DETACHING',
  );
  assert.equal(
    mergeTaskState(pending, { taskArn: '', lastStatus: 'STOPPED' }, at(3))!.attachments[0]!.status,
    'DELETED',
  );
  assert.deepEqual(task('bridge').attachments, []);
});
