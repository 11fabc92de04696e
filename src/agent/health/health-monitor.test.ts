// The health monitor over a scripted container (ref ecs-services-elb-logs §3.1): a probe per interval through the
// runtime's exec, verdicts in the container's view and the task's health, a report per change, the dependsOn
// HEALTHY gate, and which UNHEALTHY containers count for stopping the task (essential ones).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContainerDefinition, TaskStateChange } from '../../engines/ecs/index.js';
import { FakeClock } from '../../testing/fake-clock.js';
import type { ExecResult, RunningContainer } from '../runtime/runtime.js';
import { type ContainerGates, newGates } from '../task/container-order.js';
import { TaskReporter } from '../task/task-reporter.js';
import { TaskHealthMonitor } from './health-monitor.js';

const check = { command: ['CMD', 'probe'], interval: 5, timeout: 2, retries: 2 };

function setup(definitions: ContainerDefinition[], results: ExecResult[]) {
  const clock = new FakeClock();
  const reports: TaskStateChange[] = [];
  const reporter = new TaskReporter(
    'arn:aws:ecs:us-east-1:000000000000:task/default/t1',
    definitions.map((d) => d.name),
    { submit: (change) => reports.push(change) },
  );
  reporter.moveTo('PENDING');
  reporter.moveTo('ACTIVATING');
  const gates = new Map<string, ContainerGates>(definitions.map((d) => [d.name, newGates()]));
  const abort = new AbortController();
  const unhealthy: string[] = [];
  const execs: { args: readonly string[]; timeoutMs: number }[] = [];
  let probes = 0;
  const container: RunningContainer = {
    id: 'c1',
    pid: 1,
    exited: new Promise(() => undefined),
    kill: async () => undefined,
    exec: async (args, timeoutMs) => {
      execs.push({ args, timeoutMs });
      const result = results[probes++];
      if (result === undefined) abort.abort();
      return result ?? { exitCode: 0, timedOut: false, output: '' };
    },
  };
  const monitor = new TaskHealthMonitor({
    definitions,
    reporter,
    gates,
    clock,
    sleep: async (ms) => clock.advance(ms),
    signal: abort.signal,
    onUnhealthy: (name) => unhealthy.push(name),
  });
  return { monitor, reporter, gates, reports, unhealthy, execs, container, done: () => abort.signal.aborted };
}

const ok: ExecResult = { exitCode: 0, timedOut: false, output: 'fine' };
const bad: ExecResult = { exitCode: 1, timedOut: false, output: 'down' };
const slow: ExecResult = { exitCode: -1, timedOut: true, output: '' };

async function settle(done: () => boolean) {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

describe('health monitor', () => {
  test('probes with the check, reports each change, opens the HEALTHY gate, and flags an essential UNHEALTHY', async () => {
    const app: ContainerDefinition = { name: 'app', image: 'app', healthCheck: check };
    const w = setup([app], [ok, bad, slow]);
    w.monitor.watch(app, w.container);
    assert.equal(w.reporter.container('app').health?.status, 'UNKNOWN');
    assert.equal(await w.gates.get('app')!.healthy.promise, true);
    await settle(w.done);
    assert.deepEqual(w.execs[0], { args: ['probe'], timeoutMs: 2000 });
    const health = w.reporter.container('app').health!;
    assert.equal(health.status, 'UNHEALTHY');
    assert.equal(health.output, 'Health check exceeded timeout (2s)');
    assert.deepEqual(
      w.reports
        .filter((r) => r.healthStatus !== undefined)
        .map((r) => [r.healthStatus, r.containers![0]!.healthStatus]),
      [
        ['HEALTHY', 'HEALTHY'],
        ['UNHEALTHY', 'UNHEALTHY'],
      ],
    );
    assert.deepEqual(w.unhealthy, ['app']);
  });

  test('a non-essential UNHEALTHY container does not count; a failure first closes the HEALTHY gate', async () => {
    const side: ContainerDefinition = {
      name: 'side',
      image: 'side',
      essential: false,
      healthCheck: { ...check, retries: 1 },
    };
    const w = setup([side], [bad]);
    w.monitor.watch(side, w.container);
    assert.equal(await w.gates.get('side')!.healthy.promise, false);
    await settle(w.done);
    assert.equal(w.reporter.healthStatus, 'UNKNOWN');
    assert.deepEqual(w.unhealthy, []);
  });

  test('a container without a check is never HEALTHY and is not probed', async () => {
    const plain: ContainerDefinition = { name: 'plain', image: 'plain' };
    const w = setup([plain], []);
    w.monitor.watch(plain, w.container);
    assert.equal(await w.gates.get('plain')!.healthy.promise, false);
    assert.equal(w.execs.length, 0);
    assert.equal(w.reporter.container('plain').health, undefined);
  });
});
