// `berth logs` through the built bin (npm test builds dist/ first), on log files written by hand in the runtime's
// format (agent/runtime/runtime.ts ContainerLogLine: one {"time","stream","text"} object per line) under
// <state>/tasks/<task-id>/<container>.log. Following a running task needs berth's ECS API: the end-to-end tests cover it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'dist/cli/main.js');
const state = mkdtempSync(join(tmpdir(), 'berth-logs-'));
const single = '0123456789abcdef0123456789abcdef';
const pair = 'fedcba9876543210fedcba9876543210';
const singleArn = `arn:aws:ecs:us-east-1:000000000000:task/default/${single}`;

function berth(...args: string[]) {
  const run = spawnSync(process.execPath, [bin, 'logs', '--state', state, ...args], { encoding: 'utf8' });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

function logFile(task: string, container: string, lines: [string, 'stdout' | 'stderr', string][]): void {
  const dir = join(state, 'tasks', task);
  mkdirSync(dir, { recursive: true });
  const text = lines.map(([time, stream, t]) => `${JSON.stringify({ time, stream, text: t })}\n`).join('');
  writeFileSync(join(dir, `${container}.log`), text);
}

before(() => {
  logFile(single, 'web', [
    ['2026-11-22T09:00:00.000Z', 'stdout', 'listening on :8080'],
    ['2026-11-22T09:00:01.000Z', 'stderr', 'warning: no TLS'],
    ['2026-11-22T09:00:02.000Z', 'stdout', 'GET / 200'],
  ]);
  logFile(pair, 'app', [
    ['2026-11-22T09:00:00.000Z', 'stdout', 'app starting'],
    ['2026-11-22T09:00:02.000Z', 'stderr', 'app: cannot reach db'],
  ]);
  logFile(pair, 'db', [
    ['2026-11-22T09:00:01.000Z', 'stdout', 'db ready'],
    ['2026-11-22T09:00:03.000Z', 'stdout', 'db: connection from app'],
  ]);
  mkdirSync(join(state, 'tasks', 'a1b2c3'), { recursive: true });
});

after(() => rmSync(state, { recursive: true, force: true }));

describe('berth logs', () => {
  test('one container: its stdout lines on stdout, stderr lines on stderr, no prefix', () => {
    const run = berth(single);
    assert.equal(run.code, 0, run.err);
    assert.equal(run.out, 'listening on :8080\nGET / 200\n');
    assert.equal(run.err, 'warning: no TLS\n');
  });

  test('the task may be given by ARN', () => {
    const run = berth(singleArn);
    assert.equal(run.code, 0, run.err);
    assert.equal(run.out, 'listening on :8080\nGET / 200\n');
  });

  test('several containers: lines in time order across them, each prefixed with `<container> | `', () => {
    const run = berth(pair);
    assert.equal(run.code, 0, run.err);
    assert.equal(run.out, 'app | app starting\ndb | db ready\ndb | db: connection from app\n');
    assert.equal(run.err, 'app | app: cannot reach db\n');
  });

  test('--container: that container only, unprefixed', () => {
    const run = berth(pair, '--container', 'db');
    assert.equal(run.code, 0, run.err);
    assert.equal(run.out, 'db ready\ndb: connection from app\n');
    assert.equal(run.err, '');
  });

  test('--container naming no container of the task: exit 2, listing its containers', () => {
    const run = berth(pair, '--container', 'cache');
    assert.equal(run.code, 2);
    assert.equal(run.out, '');
    assert.equal(
      run.err,
      `berth: task ${pair} has no log of a container named cache (its containers: app, db)\n`,
    );
  });

  test('a task that has no logs here: exit 2 with where berth looked', () => {
    const run = berth('00000000000000000000000000000000');
    assert.equal(run.code, 2);
    assert.equal(
      run.err,
      `berth: no task 00000000000000000000000000000000 in ${join(state, 'tasks')} (berth keeps each task's container logs there)\n`,
    );
  });

  test('something that is not a task id (it could escape the tasks directory): exit 2', () => {
    const run = berth('../../etc');
    assert.equal(run.code, 2);
    assert.equal(run.err, 'berth: ../../etc is not a task ARN or id\n');
  });

  test('a known task whose containers never started: nothing printed, a note, exit 0', () => {
    const run = berth('a1b2c3');
    assert.equal(run.code, 0, run.err);
    assert.equal(run.out, '');
    assert.equal(run.err, 'task a1b2c3 has no container output (no container has started)\n');
  });

  test('--follow without a running berth: the logs as they are, and why it did not follow', () => {
    const run = berth(single, '--follow');
    assert.equal(run.code, 0, run.err);
    assert.equal(run.out, 'listening on :8080\nGET / 200\n');
    assert.equal(
      run.err,
      `berth: not following: no berth running on ${state} knows task ${single}\nwarning: no TLS\n`,
    );
  });
});
