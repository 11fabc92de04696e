import assert from 'node:assert/strict';
import { test } from 'node:test';
import { circuitBreakerThreshold, deploymentId, launchDelayMs, rollingStep } from './service-rules.js';

test('the circuit breaker threshold is ceil(0.5 × desired) within 3..200 (ref ecs-services-elb-logs §2.3)', () => {
  const cases: Array<[number, number]> = [
    [0, 3],
    [1, 3],
    [6, 3],
    [7, 4],
    [25, 13],
    [400, 200],
    [800, 200],
  ];
  for (const [desired, threshold] of cases)
    assert.equal(circuitBreakerThreshold(desired), threshold, `desired ${desired}`);
  assert.equal(circuitBreakerThreshold(10, { type: 'COUNT', value: 2 }), 2);
  assert.equal(circuitBreakerThreshold(1000, { type: 'UNBOUNDED_PERCENT', value: 50 }), 500);
  assert.equal(circuitBreakerThreshold(10, { type: 'BOUNDED_PERCENT', value: 100 }), 10);
});

const step = (
  desired: number,
  max: number,
  min: number,
  primary: [number, number],
  older: [number, number],
) =>
  rollingStep({
    desiredCount: desired,
    maximumPercent: max,
    minimumHealthyPercent: min,
    primary: { running: primary[0], pending: primary[1] },
    older: { running: older[0], pending: older[1] },
    mayLaunch: true,
  });

test('the documented rolling examples (ref ecs-services-elb-logs §2.2)', () => {
  // min 50 %, desired 4: may stop 2 before starting any (max 100 % leaves no room to start).
  assert.deepEqual(
    {
      start: step(4, 100, 50, [0, 0], [4, 0]).start,
      stop: step(4, 100, 50, [0, 0], [4, 0]).stopOlderRunning,
    },
    { start: 0, stop: 2 },
  );
  // min 75 %, desired 2, max 100 %: cannot stop any, cannot start any: deadlock (E17).
  const stuck = step(2, 100, 75, [0, 0], [2, 0]);
  assert.equal(stuck.stopOlderRunning, 0);
  assert.equal(stuck.start, 0);
  assert.equal(stuck.deadlocked, true);
  // max 200 %, desired 4: may start 4 before stopping any (min 100 %).
  const wide = step(4, 200, 100, [0, 0], [4, 0]);
  assert.equal(wide.start, 4);
  assert.equal(wide.stopOlderRunning, 0);
  // max 125 %, desired 3: floor(3.75) = 3 tasks at most, so none can start while 3 old ones run.
  assert.equal(step(3, 125, 100, [0, 0], [3, 0]).start, 0);
});

test('a rolling step stops old tasks as new ones run, never below minimum healthy', () => {
  const s = step(2, 200, 100, [2, 0], [2, 0]);
  assert.deepEqual(s, {
    start: 0,
    stopOlderPending: 0,
    stopOlderRunning: 2,
    stopPrimary: 0,
    deadlocked: false,
  });
  const half = step(2, 200, 100, [1, 1], [2, 0]);
  assert.equal(half.stopOlderRunning, 1);
  assert.equal(half.deadlocked, false);
});

test('steady state needs nothing; replacement and scale-in are counted', () => {
  assert.deepEqual(step(2, 200, 100, [2, 0], [0, 0]), {
    start: 0,
    stopOlderPending: 0,
    stopOlderRunning: 0,
    stopPrimary: 0,
    deadlocked: false,
  });
  assert.equal(step(3, 200, 100, [2, 0], [0, 0]).start, 1);
  assert.equal(step(1, 200, 100, [3, 0], [0, 0]).stopPrimary, 2);
  // Old deployments' pending tasks go at once: they are neither healthy nor wanted.
  assert.equal(step(1, 200, 100, [1, 0], [0, 2]).stopOlderPending, 2);
});

test('a deployment that may not launch (FAILED, throttled) starts nothing and is not a deadlock', () => {
  const s = rollingStep({
    desiredCount: 2,
    maximumPercent: 200,
    minimumHealthyPercent: 100,
    primary: { running: 0, pending: 0 },
    older: { running: 2, pending: 0 },
    mayLaunch: false,
  });
  assert.equal(s.start, 0);
  assert.equal(s.deadlocked, false);
});

test('failing launches wait 5 s, doubling, at most 15 minutes (ref ecs-services-elb-logs §2.5)', () => {
  assert.deepEqual([0, 1, 2, 3, 4].map(launchDelayMs), [0, 5_000, 10_000, 20_000, 40_000]);
  assert.equal(launchDelayMs(30), 15 * 60_000);
  // Three failures with threshold 3 happen within a minute: launches at 0, 5 s and 15 s.
  assert.ok(launchDelayMs(1) + launchDelayMs(2) < 60_000);
});

test('deployment ids are ecs-svc/ and 19 digits (ref ecs-services-elb-logs §1.4)', () => {
  assert.equal(deploymentId(new Uint8Array(8)), 'ecs-svc/0000000000000000000');
  assert.equal(deploymentId(new Uint8Array(8).fill(255)), 'ecs-svc/9223372036854775807');
  assert.match(deploymentId(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])), /^ecs-svc\/\d{19}$/);
});
