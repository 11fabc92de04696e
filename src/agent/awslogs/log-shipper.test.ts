// LogShipper: batches within PutLogEvents' limits (10,000 events, 1 MiB with 26 bytes per event, ref
// ecs-services-elb-logs §7.2), in time order, from a file that may not exist yet.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { LogShipper } from './log-shipper.js';
import type { LogEvent } from './logs-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-shipper-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const line = (time: number, text: string) =>
  `${JSON.stringify({ time: new Date(time).toISOString(), stream: 'stdout', text: `${text}\n` })}\n`;

function shipper(file: string) {
  const batches: LogEvent[][] = [];
  const s = new LogShipper({
    file,
    put: async (events) => {
      batches.push([...events]);
    },
    onFailure: (error) => assert.fail(String(error)),
    intervalMs: 3_600_000,
  });
  return { s, batches };
}

test('10,001 lines are two batches: 10,000 and 1', async () => {
  const file = join(dir, 'count.log');
  const { s, batches } = shipper(file);
  appendFileSync(file, Array.from({ length: 10_001 }, (_, i) => line(1_000 + i, `line ${i}`)).join(''));
  await s.close();
  assert.deepEqual(
    batches.map((b) => b.length),
    [10_000, 1],
  );
});

test('a batch stays under 1 MiB counting 26 bytes per event', async () => {
  const file = join(dir, 'bytes.log');
  const { s, batches } = shipper(file);
  // 100 events of 16,000 bytes: 65 fit in 1,048,576 bytes (65 × 16,026 = 1,041,690; 66 × 16,026 = 1,057,716).
  appendFileSync(file, Array.from({ length: 100 }, (_, i) => line(1_000 + i, 'x'.repeat(16_000))).join(''));
  await s.close();
  assert.deepEqual(
    batches.map((b) => b.length),
    [65, 35],
  );
});

test('no file yet is no lines; lines from stdout and stderr are sent in time order', async () => {
  const file = join(dir, 'late.log');
  const { s, batches } = shipper(file);
  appendFileSync(file, line(2_000, 'second') + line(1_000, 'first'));
  await s.close();
  assert.deepEqual(batches, [
    [
      { timestamp: 1_000, message: 'first' },
      { timestamp: 2_000, message: 'second' },
    ],
  ]);
});
