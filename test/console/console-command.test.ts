// `berth console` without a running berth: a clear refusal (exit 3), and nothing created in the state dir.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runBerth } from '../integ/berth-process.js';

test('berth console --print-url on a state dir where berth does not run says so, exit 3', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-console-cmd-'));
  try {
    const ran = runBerth(['console', '--print-url', '--state', dir]);
    assert.equal(ran.code, 3, ran.stderr);
    assert.equal(ran.stdout, '');
    assert.match(
      ran.stderr,
      /^berth: berth is not running on the state dir .* \(start it with: berth up --state /,
    );
    assert.deepEqual(readdirSync(dir), []);
    assert.equal(existsSync(join(dir, 'console-token')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
