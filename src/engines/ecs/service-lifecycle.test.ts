import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deploymentLifecycle, rolloutLifecycle, serviceLifecycle } from './service-lifecycle.js';

const pairs = <S extends string>(states: readonly S[], next: (a: S, b: S) => S) =>
  states.flatMap((from) =>
    states
      .filter((to) => {
        try {
          next(from, to);
          return true;
        } catch {
          return false;
        }
      })
      .map((to) => `${from}>${to}`),
  );

test('a service goes ACTIVE → DRAINING → INACTIVE only (ref ecs-services-elb-logs §1.6)', () => {
  const states = ['ACTIVE', 'DRAINING', 'INACTIVE'] as const;
  assert.deepEqual(pairs(states, serviceLifecycle.next), ['ACTIVE>DRAINING', 'DRAINING>INACTIVE']);
});

test('deployments: PRIMARY → ACTIVE → INACTIVE, and back to PRIMARY only by a rollback (ref ecs-services-elb-logs §1.4)', () => {
  const states = ['PRIMARY', 'ACTIVE', 'INACTIVE'] as const;
  assert.deepEqual(pairs(states, deploymentLifecycle.next), [
    'PRIMARY>ACTIVE',
    'PRIMARY>INACTIVE',
    'ACTIVE>PRIMARY',
    'ACTIVE>INACTIVE',
    'INACTIVE>PRIMARY',
  ]);
});

test('rollouts: IN_PROGRESS ends COMPLETED or FAILED; FAILED is final (ref ecs-services-elb-logs §2.3)', () => {
  const states = ['IN_PROGRESS', 'COMPLETED', 'FAILED'] as const;
  assert.deepEqual(pairs(states, rolloutLifecycle.next), [
    'IN_PROGRESS>COMPLETED',
    'IN_PROGRESS>FAILED',
    'COMPLETED>IN_PROGRESS',
  ]);
  assert.equal(rolloutLifecycle.isForward('FAILED', 'IN_PROGRESS'), false);
});
