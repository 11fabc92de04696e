// Issue 5's "done when", through the built bin and a real `berth up`: `berth registry user add alice`, a skopeo
// push to 127.0.0.1:PORT/alice/space:latest, and a pull that works only with alice's credentials.
// Also: the blob size limit set on the command line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { type BerthProcess, berthBin, startBerth } from './berth-process.js';
import { pushLayout } from './support/skopeo.js';
import { run } from './support/system-tools.js';
import { buildTestImages, type TestImages } from './support/test-images.js';

let berth: BerthProcess;
let images: TestImages;

before(async () => {
  images = await buildTestImages();
  berth = await startBerth();
});

after(async () => {
  await berth?.stop({ removeState: true });
  if (images) rmSync(images.layoutDir, { recursive: true, force: true });
});

function berthCli(args: string[], input = '') {
  const ran = spawnSync(process.execPath, [berthBin, ...args, '--state', berth.stateDir], {
    input,
    encoding: 'utf8',
  });
  return { code: ran.status, stdout: ran.stdout, stderr: ran.stderr };
}

const inspect = (creds?: string) =>
  run('skopeo', [
    'inspect',
    '--tls-verify=false',
    ...(creds === undefined ? ['--no-creds'] : ['--creds', creds]),
    `docker://127.0.0.1:${berth.port}/alice/space:latest`,
  ]);

test('alice pushes to her namespace on berth up and only her credentials pull it back', async () => {
  const added = berthCli(['registry', 'user', 'add', 'alice', '--password-stdin'], 'alice-pw\n');
  assert.equal(added.code, 0, added.stderr);
  assert.equal(berthCli(['registry', 'user', 'add', 'mallory', '--password-stdin'], 'm-pw\n').code, 0);

  await pushLayout(images.layoutDir, 'v1', `127.0.0.1:${berth.port}/alice/space:latest`, {
    username: 'alice',
    password: 'alice-pw',
  });
  const inspected = JSON.parse((await inspect('alice:alice-pw')).stdout) as { Digest: string };
  assert.equal(inspected.Digest, images.app.digest);

  await assert.rejects(inspect(), /unauthorized|authentication required/i);
  await assert.rejects(inspect('alice:wrong'), /unauthorized|authentication required|invalid username/i);
  await assert.rejects(inspect('mallory:m-pw'), /denied|unauthorized|authentication required/i);

  // berth's own client, as the agent will use it: `berth pull` with alice's password on stdin.
  const pulled = spawnSync(
    process.execPath,
    [
      berthBin,
      'pull',
      `127.0.0.1:${berth.port}/alice/space:latest`,
      '--username',
      'alice',
      '--password-stdin',
      '--state',
      berth.stateDir,
    ],
    { input: 'alice-pw\n', encoding: 'utf8' },
  );
  assert.equal(pulled.status, 0, pulled.stderr);
  assert.match(pulled.stdout, new RegExp(images.app.digest));
});

test('berth up --registry-max-blob-size: a layer over the limit is refused with the limit named, nothing tagged', async () => {
  const small = await startBerth({ upArgs: ['--registry-max-blob-size', '512KiB'] });
  try {
    const added = spawnSync(
      process.execPath,
      [berthBin, 'registry', 'user', 'add', 'alice', '--password-stdin', '--state', small.stateDir],
      { input: 'alice-pw\n', encoding: 'utf8' },
    );
    assert.equal(added.status, 0, added.stderr);
    // The test image's third layer is a 1 MiB file of random bytes: over 512 KiB compressed or not.
    await assert.rejects(
      pushLayout(images.layoutDir, 'v1', `127.0.0.1:${small.port}/alice/space:latest`, {
        username: 'alice',
        password: 'alice-pw',
      }),
      /larger than this registry's limit of 524288 bytes/,
    );
    await assert.rejects(
      run('skopeo', [
        'inspect',
        '--tls-verify=false',
        '--creds',
        'alice:alice-pw',
        `docker://127.0.0.1:${small.port}/alice/space:latest`,
      ]),
      /manifest unknown/,
    );
  } finally {
    await small.stop({ removeState: true });
  }
});
