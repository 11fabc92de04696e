import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ContainerLogLine } from '../../agent/runtime/runtime.js';
import { ContainerLogWriter, maxLogLineChars } from './container-log.js';
import { runcMessage } from './runc-command.js';

function withWriter(
  fn: (writer: ContainerLogWriter, read: () => ContainerLogLine[], path: string) => Promise<void>,
) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-container-log-'));
    const path = join(dir, 'logs', 'c.log');
    let tick = 0;
    const clock = { now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, 0, tick++)) };
    const read = () =>
      readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as ContainerLogLine);
    try {
      await fn(new ContainerLogWriter(path, clock), read, path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  'lines split on newlines across chunks, per stream, with millisecond timestamps',
  withWriter(async (writer, read) => {
    writer.release();
    writer.push('stdout', Buffer.from('one\ntw'));
    writer.push('stderr', Buffer.from('err\n'));
    writer.push('stdout', Buffer.from('o\n\nthree'));
    await writer.close();
    assert.deepEqual(read(), [
      { time: '2026-01-01T00:00:00.000Z', stream: 'stdout', text: 'one' },
      { time: '2026-01-01T00:00:00.001Z', stream: 'stderr', text: 'err' },
      { time: '2026-01-01T00:00:00.002Z', stream: 'stdout', text: 'two' },
      { time: '2026-01-01T00:00:00.003Z', stream: 'stdout', text: '' },
      { time: '2026-01-01T00:00:00.004Z', stream: 'stdout', text: 'three' },
    ]);
  }),
);

test(
  'a UTF-8 character split between chunks stays whole',
  withWriter(async (writer, read) => {
    writer.release();
    const bytes = Buffer.from('héllo\n');
    writer.push('stdout', bytes.subarray(0, 2));
    writer.push('stdout', bytes.subarray(2));
    await writer.close();
    assert.deepEqual(
      read().map((l) => l.text),
      ['héllo'],
    );
  }),
);

test(
  'a line longer than 16 KiB is cut there; a line of exactly 16 KiB is not',
  withWriter(async (writer, read) => {
    writer.release();
    writer.push('stdout', Buffer.from(`${'a'.repeat(maxLogLineChars)}\n`));
    writer.push('stdout', Buffer.from(`${'b'.repeat(maxLogLineChars + 3)}\n`));
    await writer.close();
    assert.deepEqual(
      read().map((l) => l.text.length),
      [maxLogLineChars, maxLogLineChars, 3],
    );
  }),
);

test(
  'lines are held until release; discard drops them and writes no file',
  withWriter(async (writer, read, path) => {
    writer.push('stderr', Buffer.from('runc run failed: …\n'));
    writer.discard();
    await writer.close();
    assert.equal(existsSync(path), false);

    const held = new ContainerLogWriter(path, { now: () => new Date(0) });
    held.push('stdout', Buffer.from('early\n'));
    held.release();
    held.push('stdout', Buffer.from('late\n'));
    await held.close();
    assert.deepEqual(
      read().map((l) => l.text),
      ['early', 'late'],
    );
  }),
);

test('runcMessage: the last error of runc JSON log lines, or plain text', () => {
  assert.equal(
    runcMessage('{"level":"warning","msg":"w"}\n{"level":"error","msg":"container does not exist"}\n'),
    'container does not exist',
  );
  assert.equal(
    runcMessage('runc run failed: unable to start container process: x\n'),
    'runc run failed: unable to start container process: x',
  );
  assert.equal(runcMessage(''), '');
});
