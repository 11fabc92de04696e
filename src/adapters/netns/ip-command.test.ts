// runIpBatch against the real `ip` (read-only commands): one process runs the lines in order, and a failure names
// the commands and the line ip stopped at.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBerthError } from '../../errors/index.js';
import { runIpBatch } from './ip-command.js';

test("a batch answers with every line's output; a failing line is BERTH_NETWORK_FAILED naming it", async () => {
  const shown = await runIpBatch([
    ['link', 'show', 'lo'],
    ['addr', 'show', 'lo'],
  ]);
  assert.equal(shown.match(/^1: lo: /gm)?.length, 2);
  await assert.rejects(
    runIpBatch([
      ['link', 'show', 'lo'],
      ['link', 'show', 'berth-no-such-device'],
    ]),
    (error) => {
      assert.ok(isBerthError(error));
      assert.equal(error.code, 'BERTH_NETWORK_FAILED');
      assert.match(error.message, /Command failed -:2$/);
      assert.match(error.message, /^`ip -batch -` \(link show lo; link show berth-no-such-device\) failed: /);
      return true;
    },
  );
});
