// Container health checks as ECS defines them (ref ecs-services-elb-logs §3.1): the check's shape and defaults, the
// verdict after `retries` failures, the start period's grace until the first pass, and the task's health from its
// essential containers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type HealthState,
  healthLifecycle,
  initialHealth,
  nextHealth,
  taskHealth,
} from './container-health.js';
import { healthCheckOf } from './health-check-config.js';

const container = (healthCheck?: object) => ({
  name: 'app',
  image: 'app:1',
  ...(healthCheck ? { healthCheck } : {}),
});

describe('healthCheck (ref ecs-services-elb-logs §3.1)', () => {
  test('defaults: interval 30 s, timeout 5 s, retries 3, no start period', () => {
    assert.deepEqual(healthCheckOf(container({ command: ['CMD', 'true'] })), {
      args: ['true'],
      intervalMs: 30_000,
      timeoutMs: 5_000,
      retries: 3,
      startPeriodMs: 0,
    });
  });

  test('CMD-SHELL runs the rest with the shell; neither CMD nor CMD-SHELL runs the whole array', () => {
    const shell = healthCheckOf(container({ command: ['CMD-SHELL', 'wget -q http://localhost/ || exit 1'] }));
    assert.deepEqual(shell?.args, ['/bin/sh', '-c', 'wget -q http://localhost/ || exit 1']);
    assert.deepEqual(healthCheckOf(container({ command: ['true', '-x'] }))?.args, ['true', '-x']);
  });

  test('no check, or an empty command: none; values outside the ranges are clamped into them', () => {
    assert.equal(healthCheckOf(container()), undefined);
    assert.equal(healthCheckOf(container({ command: ['CMD-SHELL'] })), undefined);
    const clamped = healthCheckOf(
      container({ command: ['CMD', 'x'], interval: 1, timeout: 100, retries: 0, startPeriod: 900 }),
    );
    assert.deepEqual(
      [clamped?.intervalMs, clamped?.timeoutMs, clamped?.retries, clamped?.startPeriodMs],
      [5_000, 60_000, 1, 300_000],
    );
  });
});

describe('container health', () => {
  const pass = { passed: true, inStartPeriod: false };
  const fail = { passed: false, inStartPeriod: false };
  const run = (probes: { passed: boolean; inStartPeriod: boolean }[], retries = 3): HealthState =>
    probes.reduce((state, probe) => nextHealth(state, probe, retries), initialHealth);

  test('UNKNOWN until a verdict; HEALTHY after a pass; UNHEALTHY after `retries` failures in a row', () => {
    assert.equal(run([]).status, 'UNKNOWN');
    assert.equal(run([fail, fail]).status, 'UNKNOWN');
    assert.equal(run([fail, fail, fail]).status, 'UNHEALTHY');
    assert.equal(run([pass]).status, 'HEALTHY');
    assert.equal(run([pass, fail, fail]).status, 'HEALTHY');
    assert.equal(run([pass, fail, pass, fail, fail]).status, 'HEALTHY');
    assert.equal(run([pass, fail, fail, fail]).status, 'UNHEALTHY');
    assert.equal(run([fail, fail, fail, pass]).status, 'HEALTHY');
  });

  test('failures in the start period do not count until the container has passed once', () => {
    const early = { passed: false, inStartPeriod: true };
    assert.equal(run([early, early, early, early], 1).status, 'UNKNOWN');
    assert.equal(run([early, fail], 1).status, 'UNHEALTHY');
    assert.equal(run([pass, early], 1).status, 'UNHEALTHY');
  });

  test('a verdict never goes back to UNKNOWN', () => {
    assert.throws(() => healthLifecycle.next('HEALTHY', 'UNKNOWN'), /container health cannot go/);
    assert.ok(healthLifecycle.isForward('UNHEALTHY', 'HEALTHY'));
  });

  test('task health: essential containers with checks decide; UNHEALTHY wins; otherwise UNKNOWN', () => {
    assert.equal(taskHealth([]), 'UNKNOWN');
    assert.equal(taskHealth([{ essential: true }]), 'UNKNOWN');
    assert.equal(taskHealth([{ essential: true, health: 'HEALTHY' }, { essential: true }]), 'HEALTHY');
    assert.equal(
      taskHealth([
        { essential: true, health: 'HEALTHY' },
        { essential: true, health: 'UNKNOWN' },
      ]),
      'UNKNOWN',
    );
    assert.equal(
      taskHealth([
        { essential: true, health: 'HEALTHY' },
        { essential: true, health: 'UNHEALTHY' },
      ]),
      'UNHEALTHY',
    );
    assert.equal(taskHealth([{ essential: false, health: 'UNHEALTHY' }]), 'UNKNOWN');
  });
});
