// BERTH_LB_DATA_PLANE: `node` keeps berth's proxy alone, `haproxy` insists on haproxy, unset means haproxy when
// it runs from PATH (it does on this machine: scripts/setup installs it).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { dataPlaneChoice } from './data-plane-choice.js';

test('node and haproxy as asked; haproxy when unset and installed; other values refused', async () => {
  assert.equal(await dataPlaneChoice('node'), 'node');
  assert.equal(await dataPlaneChoice(undefined), 'haproxy');
  assert.equal(await dataPlaneChoice('haproxy'), 'haproxy');
  await assert.rejects(dataPlaneChoice('nginx'), {
    code: 'BERTH_LB_DATA_PLANE',
    message: /'haproxy' or 'node'/,
  });
});

test('without haproxy on PATH: berth’s proxy when unset, an error naming the fix when haproxy is asked for', async () => {
  const choose = (wanted: string) =>
    promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import('${new URL('./data-plane-choice.ts', import.meta.url).href}').then((m) => m.dataPlaneChoice(${JSON.stringify(wanted)})).then(console.log, (e) => console.log(e.code, e.message))`,
      ],
      { env: { PATH: '/nonexistent' } },
    );
  assert.equal((await choose('')).stdout.trim(), 'node');
  assert.match(
    (await choose('haproxy')).stdout,
    /^BERTH_LB_DATA_PLANE BERTH_LB_DATA_PLANE=haproxy, but no haproxy runs from PATH/,
  );
});
