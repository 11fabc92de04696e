import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Service } from '@aws-sdk/client-ecs';
import { stabilityOf } from './ecs-service-stability.js';

// The ServicesStable predicate on the deployment CloudFormation started (ref cloudformation-cdk §5.3).
const service = (over: Partial<Service>): Service => ({
  status: 'ACTIVE',
  desiredCount: 2,
  runningCount: 2,
  deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', rolloutState: 'COMPLETED' }],
  ...over,
});

test('stable: one deployment, ours, COMPLETED, running == desired', () => {
  assert.equal(stabilityOf(service({}), 'ecs-svc/1'), 'stable');
});

test('waiting: tasks still starting, the rollout in progress, or the old deployment still there', () => {
  assert.equal(stabilityOf(service({ runningCount: 1 }), 'ecs-svc/1'), 'waiting');
  assert.equal(
    stabilityOf(
      service({ deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', rolloutState: 'IN_PROGRESS' }] }),
      'ecs-svc/1',
    ),
    'waiting',
  );
  assert.equal(
    stabilityOf(
      service({
        deployments: [
          { id: 'ecs-svc/2', status: 'PRIMARY', rolloutState: 'COMPLETED' },
          { id: 'ecs-svc/1', status: 'ACTIVE', rolloutState: 'COMPLETED' },
        ],
      }),
      'ecs-svc/2',
    ),
    'waiting',
  );
});

test('failed: the breaker failed our deployment, or rolled back from it (ref ecs-services-elb-logs §2.3)', () => {
  const failedInPlace = service({
    deployments: [{ id: 'ecs-svc/2', status: 'PRIMARY', rolloutState: 'FAILED' }],
  });
  assert.equal(stabilityOf(failedInPlace, 'ecs-svc/2'), 'failed');
  const rolledBack = service({
    deployments: [
      { id: 'ecs-svc/1', status: 'PRIMARY', rolloutState: 'IN_PROGRESS' },
      { id: 'ecs-svc/2', status: 'ACTIVE', rolloutState: 'FAILED' },
    ],
  });
  assert.equal(stabilityOf(rolledBack, 'ecs-svc/2'), 'failed');
  assert.equal(stabilityOf(service({}), 'ecs-svc/gone'), 'failed');
});

test('gone: missing, DRAINING or INACTIVE', () => {
  assert.equal(stabilityOf(undefined, 'ecs-svc/1'), 'gone');
  assert.equal(stabilityOf(service({ status: 'DRAINING' }), 'ecs-svc/1'), 'gone');
  assert.equal(stabilityOf(service({ status: 'INACTIVE' }), 'ecs-svc/1'), 'gone');
});
