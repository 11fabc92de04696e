// The task and container lifecycle tables (ref ecs-private-auth §5.1), every (from, to) pair enumerated.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isBerthError } from '../../errors/index.js';
import { containerLifecycle, taskLifecycle } from './task-lifecycle.js';
import { taskStatuses } from './task-protocol.js';

const containerStatuses = ['PENDING', 'RUNNING', 'STOPPED'] as const;

describe('transition tables', () => {
  test('a task only moves forward through the public states (§5.1), skipping only what it never did', () => {
    const allowed: string[] = [];
    for (const from of taskStatuses) {
      for (const to of taskStatuses) {
        try {
          taskLifecycle.next(from, to);
          allowed.push(`${from}>${to}`);
          assert.ok(taskStatuses.indexOf(to) > taskStatuses.indexOf(from), `${from} → ${to} goes back`);
        } catch (error) {
          assert.ok(isBerthError(error) && error.code === 'BERTH_INTERNAL');
        }
      }
    }
    assert.deepEqual(allowed, [
      'PROVISIONING>PENDING',
      'PROVISIONING>STOPPING',
      'PENDING>ACTIVATING',
      'PENDING>STOPPING',
      'ACTIVATING>RUNNING',
      'ACTIVATING>DEACTIVATING',
      'RUNNING>DEACTIVATING',
      'DEACTIVATING>STOPPING',
      'STOPPING>DEPROVISIONING',
      'DEPROVISIONING>STOPPED',
    ]);
  });

  test('a container never comes back from STOPPED', () => {
    assert.equal(containerLifecycle.next('PENDING', 'STOPPED'), 'STOPPED');
    assert.throws(() => containerLifecycle.next('STOPPED', 'RUNNING'), /cannot go from STOPPED to RUNNING/);
    assert.throws(() => containerLifecycle.next('RUNNING', 'PENDING'), /cannot go from RUNNING to PENDING/);
  });

  test('forward is exactly the public order of §5.1, for every pair of task states', () => {
    for (const from of taskStatuses) {
      for (const to of taskStatuses) {
        const later = taskStatuses.indexOf(to) > taskStatuses.indexOf(from);
        assert.equal(taskLifecycle.isForward(from, to), later, `${from} → ${to}`);
      }
    }
  });

  test('forward for containers: PENDING, RUNNING, STOPPED in that order', () => {
    for (const from of containerStatuses) {
      for (const to of containerStatuses) {
        const later = containerStatuses.indexOf(to) > containerStatuses.indexOf(from);
        assert.equal(containerLifecycle.isForward(from, to), later, `${from} → ${to}`);
      }
    }
  });
});
