// Target health as a transition table and the check step (ref ecs-services-elb-logs §4.5): every (from, to) pair,
// and the thresholds: one pass makes an initial target healthy, UnhealthyThresholdCount failures take it out,
// HealthyThresholdCount passes put it back, with the last failure's reason and ALB's texts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  afterCheck,
  type CheckedHealth,
  type CheckResult,
  registering,
  type TargetHealthState,
  targetHealthLifecycle,
} from './target-health.js';

const states: TargetHealthState[] = ['initial', 'healthy', 'unhealthy', 'unused', 'draining', 'unavailable'];
const allowed: Record<TargetHealthState, TargetHealthState[]> = {
  unused: ['initial', 'draining'],
  initial: ['healthy', 'unhealthy', 'draining', 'unused'],
  healthy: ['unhealthy', 'draining', 'unused'],
  unhealthy: ['healthy', 'draining', 'unused'],
  unavailable: ['initial', 'draining', 'unused'],
  draining: [],
};

test('the table allows exactly the listed moves; draining is the end', () => {
  for (const from of states)
    for (const to of states) {
      const ok = allowed[from].includes(to);
      if (ok) assert.equal(targetHealthLifecycle.next(from, to), to);
      else
        assert.throws(
          () => targetHealthLifecycle.next(from, to),
          { code: 'BERTH_INTERNAL' },
          `${from} → ${to}`,
        );
    }
});

const thresholds = { healthy: 3, unhealthy: 2 };
const pass: CheckResult = { ok: true };
const timeout: CheckResult = { ok: false, reason: 'Target.Timeout' };
const mismatch: CheckResult = { ok: false, reason: 'Target.ResponseCodeMismatch', code: 404 };

function run(results: CheckResult[], from: CheckedHealth = registering) {
  const seen: string[] = [];
  let health = from;
  for (const result of results) {
    health = afterCheck(health, result, thresholds);
    seen.push(health.reason ? `${health.state}/${health.reason}` : health.state);
  }
  return { seen, health };
}

test('initial → healthy on the first pass; initial checks failing → unhealthy at the threshold, with the reason and text', () => {
  assert.equal(registering.description, 'Target registration is in progress');
  assert.deepEqual(run([pass]).seen, ['healthy']);
  const failing = run([timeout, mismatch]);
  assert.deepEqual(failing.seen, [
    'initial/Elb.InitialHealthChecking',
    'unhealthy/Target.ResponseCodeMismatch',
  ]);
  assert.equal(failing.health.description, 'Health checks failed with these codes: [404]');
  assert.equal(run([pass]).health.description, undefined);
});

test('healthy → unhealthy after UnhealthyThresholdCount failures in a row; back after HealthyThresholdCount passes', () => {
  const { seen } = run([pass, timeout, pass, timeout, timeout, pass, pass, timeout, pass, pass, pass]);
  assert.deepEqual(seen, [
    'healthy',
    'healthy',
    'healthy',
    'healthy',
    'unhealthy/Target.Timeout',
    'unhealthy/Target.Timeout',
    'unhealthy/Target.Timeout',
    'unhealthy/Target.Timeout',
    'unhealthy/Target.Timeout',
    'unhealthy/Target.Timeout',
    'healthy',
  ]);
});
