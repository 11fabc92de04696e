// Reading the runtime's container log files (agent/runtime/runtime.ts ContainerLogLine) on a real filesystem: lines
// split across reads, appended later, damaged, and merged across containers in time order.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ContainerLogReader, drainInTimeOrder, type LogLine } from './container-log-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-log-reader-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function line(time: string, text: string, stream: 'stdout' | 'stderr' = 'stdout'): string {
  return `${JSON.stringify({ time, stream, text })}\n`;
}

async function drain(...readers: ContainerLogReader[]): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  await drainInTimeOrder(readers, (l) => {
    lines.push(l);
  });
  return lines;
}

describe('ContainerLogReader', () => {
  test('a line longer than a read, with a multi-byte character across the read boundary, arrives whole', async () => {
    const path = join(dir, 'long.log');
    // "é" (2 bytes in UTF-8) placed so that it straddles the 64 KiB read boundary.
    const head = JSON.stringify({ time: '2026-11-22T09:00:00.000Z', stream: 'stdout', text: '' }).length - 2;
    const text = `${'a'.repeat(64 * 1024 - head - 1)}é${'b'.repeat(70 * 1024)}`;
    const first = line('2026-11-22T09:00:00.000Z', text);
    assert.equal(
      Buffer.from(first)
        .subarray(64 * 1024 - 1, 64 * 1024 + 1)
        .toString(),
      'é',
    );
    writeFileSync(path, first + line('2026-11-22T09:00:01.000Z', 'next'));
    const reader = new ContainerLogReader('web', path);
    const lines = await drain(reader);
    reader.close();
    assert.deepEqual(
      lines.map((l) => l.text),
      [text, 'next'],
    );
  });

  test('reads on from where it stopped as lines are appended; a half-written line waits for its end', async () => {
    const path = join(dir, 'append.log');
    const second = line('2026-11-22T09:00:01.000Z', 'second', 'stderr');
    writeFileSync(path, line('2026-11-22T09:00:00.000Z', 'first') + second.slice(0, 20));
    const reader = new ContainerLogReader('web', path);
    assert.deepEqual(
      (await drain(reader)).map((l) => l.text),
      ['first'],
    );
    appendFileSync(path, second.slice(20));
    assert.deepEqual(await drain(reader), [
      { container: 'web', time: '2026-11-22T09:00:01.000Z', stream: 'stderr', text: 'second' },
    ]);
    assert.deepEqual(await drain(reader), []);
    reader.close();
  });

  test('a damaged line is shown raw where it stands; a last line without newline is shown on finish', async () => {
    const path = join(dir, 'damaged.log');
    writeFileSync(
      path,
      `${line('2026-11-22T09:00:00.000Z', 'ok')}not json\n{"time":1}\n${line('2026-11-22T09:00:02.000Z', 'end').trim()}`,
    );
    const reader = new ContainerLogReader('web', path);
    const before = await drain(reader);
    assert.deepEqual(
      before.map((l) => [l.time, l.text]),
      [
        ['2026-11-22T09:00:00.000Z', 'ok'],
        ['2026-11-22T09:00:00.000Z', 'not json'],
        ['2026-11-22T09:00:00.000Z', '{"time":1}'],
      ],
    );
    reader.finish();
    assert.deepEqual(
      (await drain(reader)).map((l) => l.text),
      ['end'],
    );
    reader.close();
  });
});

describe('drainInTimeOrder', () => {
  test('merges containers by time; equal times keep the readers’ order', async () => {
    const a = join(dir, 'a.log');
    const b = join(dir, 'b.log');
    writeFileSync(
      a,
      line('2026-11-22T09:00:00.000Z', 'a0') +
        line('2026-11-22T09:00:02.000Z', 'a2') +
        line('2026-11-22T09:00:03.000Z', 'a3'),
    );
    writeFileSync(b, line('2026-11-22T09:00:01.000Z', 'b1') + line('2026-11-22T09:00:03.000Z', 'b3'));
    const readers = [new ContainerLogReader('a', a), new ContainerLogReader('b', b)];
    assert.deepEqual(
      (await drain(...readers)).map((l) => `${l.container}:${l.text}`),
      ['a:a0', 'b:b1', 'a:a2', 'a:a3', 'b:b3'],
    );
    for (const r of readers) r.close();
  });
});
