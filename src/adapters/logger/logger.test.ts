import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BerthError, Secret } from '../../errors/index.js';
import { type AccessLogEntry, createLogger } from './logger.js';

test('the logger writes allow-listed fields only, and errors without their messages', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-log-'));
  try {
    const file = join(dir, 'berth.log');
    const logger = createLogger({ file });
    const sneaky = {
      requestId: 'req-1',
      service: 'secretsmanager',
      operation: 'GetSecretValue',
      status: 200,
      durationMs: 1.23456,
      callerArn: 'arn:aws:iam::000000000000:root',
      method: 'POST',
      path: '/',
      // None of these is a LogFields member; a caller that smuggles them in by a cast gets nothing logged.
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/..., Signature=deadbeefsignature',
      headers: [['X-Amz-Security-Token', 'session-token-value']],
      SecretString: '{"username":"u","password":"hunter2"}',
      secret: new Secret('also-hidden'),
    } as unknown as AccessLogEntry;
    logger.access(sneaky);
    logger.info('listening', { endpoint: 'http://127.0.0.1:1', password: 'pw-value' } as never);
    logger.error('internal failure', new BerthError('BERTH_INTERNAL', 'parse failed near "hunter2"'), {
      requestId: 'req-2',
    });
    logger.error('odd', 'a thrown string with hunter2');
    await logger.close();
    await logger.close();

    assert.equal(statSync(file).mode & 0o777, 0o600);
    const text = readFileSync(file, 'utf8');
    for (const leaked of [
      'deadbeef',
      'session-token-value',
      'hunter2',
      'also-hidden',
      'pw-value',
      'Signature',
    ]) {
      assert.ok(!text.includes(leaked), `${leaked} reached the log:\n${text}`);
    }
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.equal(lines.length, 4);
    const [access, info, failure, odd] = lines;
    assert.deepEqual(
      { ...access, time: undefined, pid: undefined },
      {
        level: 'info',
        time: undefined,
        pid: undefined,
        msg: 'request',
        requestId: 'req-1',
        service: 'secretsmanager',
        operation: 'GetSecretValue',
        status: 200,
        durationMs: 1.235,
        callerArn: 'arn:aws:iam::000000000000:root',
        method: 'POST',
        path: '/',
      },
    );
    assert.equal(info.endpoint, 'http://127.0.0.1:1');
    assert.equal(failure.level, 'error');
    assert.equal(failure.errorName, 'BerthError');
    assert.equal(failure.errorCode, 'BERTH_INTERNAL');
    assert.equal(failure.requestId, 'req-2');
    assert.match(failure.stack, /^at /);
    assert.equal(odd.errorName, 'string');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('access lines follow the level, and stop with the log', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-log-'));
  try {
    const file = join(dir, 'berth.log');
    const quiet = createLogger({ file, level: 'warn' });
    quiet.access({ requestId: 'r', status: 200, durationMs: 1 });
    quiet.warn('kept', { requestId: 'w' });
    await quiet.close();
    quiet.access({ requestId: 'late', status: 200, durationMs: 1 });
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.deepEqual(
      lines.map((line) => JSON.parse(line).msg),
      ['kept'],
    );
    const bare = createLogger({ file: join(dir, 'bare.log') });
    bare.access({ status: 200, durationMs: 0 });
    await bare.close();
    const line = JSON.parse(readFileSync(join(dir, 'bare.log'), 'utf8'));
    assert.deepEqual(
      { ...line, time: undefined, pid: undefined },
      {
        level: 'info',
        time: undefined,
        pid: undefined,
        status: 200,
        durationMs: 0,
        msg: 'request',
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
