import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Digest } from '../../engines/oci/index.js';
import { pullProgressFiles, readPullProgress } from './pull-progress-files.js';

test("the agent's layer progress becomes the task's pull report, throttled, and complete at the end", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-pull-progress-'));
  try {
    const report = pullProgressFiles(dir);
    const task = 'arn:aws:ecs:us-east-1:000000000000:task/default/abc123';
    const a = `sha256:${'a'.repeat(64)}` as Digest;
    const b = `sha256:${'b'.repeat(64)}` as Digest;
    assert.deepEqual(readPullProgress(dir, 'abc123'), []);
    report(task, 'web', { kind: 'waiting', digest: a, size: 1000 });
    report(task, 'web', { kind: 'exists', digest: b, size: 50 });
    report(task, 'web', { kind: 'downloading', digest: a, size: 1000, bytes: 400 });
    await sleep(150);
    assert.deepEqual(readPullProgress(dir, 'abc123'), [
      {
        container: 'web',
        layers: [
          { digest: a, size: 1000, bytes: 400, state: 'downloading' },
          { digest: b, size: 50, bytes: 50, state: 'exists' },
        ],
      },
    ]);
    report(task, 'web', { kind: 'complete', digest: a, size: 1000 });
    await sleep(20);
    assert.equal(readPullProgress(dir, 'abc123')[0]?.layers[0]?.state, 'complete');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a layer done is written at once, even while a throttled write is pending (the task page must not lag)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-pull-progress-'));
  try {
    const report = pullProgressFiles(dir);
    const task = 'arn:aws:ecs:us-east-1:000000000000:task/default/def456';
    const a = `sha256:${'a'.repeat(64)}` as Digest;
    const b = `sha256:${'b'.repeat(64)}` as Digest;
    report(task, 'web', { kind: 'waiting', digest: a, size: 1000 });
    report(task, 'web', { kind: 'waiting', digest: b, size: 50 });
    report(task, 'web', { kind: 'complete', digest: a, size: 1000 });
    report(task, 'web', { kind: 'exists', digest: b, size: 50 });
    assert.deepEqual(
      readPullProgress(dir, 'def456')[0]?.layers.map((l) => l.state),
      ['complete', 'exists'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
