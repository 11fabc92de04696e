// `berth pull` through the built bin (npm test builds dist/ first) against the real Distribution registry with
// Basic auth: progress lines, digest, blobs in <state>/content, --rootfs, --json, exit codes 0/2/3 and the ECS text
// on stderr.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type RunningRegistry, startDistributionRegistry } from './support/distribution-registry.js';
import { buildTestImages, pushTestImages, type TestImages } from './support/test-images.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'dist/cli/main.js');
const password = 's3cret-cli-pw';

let registry: RunningRegistry;
let images: TestImages;
let state: string;

before(async () => {
  images = await buildTestImages();
  registry = await startDistributionRegistry({ kind: 'htpasswd', users: { alice: password } });
  await pushTestImages(images, registry.host, 'private/app', { username: 'alice', password });
  state = mkdtempSync(join(tmpdir(), 'berth-state-'));
});

after(async () => {
  await registry?.stop();
  if (images) rmSync(images.layoutDir, { recursive: true, force: true });
  if (state) rmSync(state, { recursive: true, force: true });
});

function berth(args: string[], stdin = `${password}\n`) {
  const run = spawnSync(process.execPath, [bin, 'pull', ...args], {
    input: stdin,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

const login = ['--username', 'alice', '--password-stdin', '--platform', 'linux/amd64'];

describe('berth pull', () => {
  test('pulls into <state>/content with docker-style lines and the digest', () => {
    const run = berth([`${registry.host}/private/app:v1`, ...login, '--state', state]);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /^v1: Pulling from private\/app$/m);
    for (const layer of images.app.layers) {
      const id = layer.digest.slice(7, 19);
      assert.match(run.out, new RegExp(`^${id}: Pulling fs layer$`, 'm'));
      assert.match(run.out, new RegExp(`^${id}: Download complete$`, 'm'));
      assert.ok(existsSync(join(state, 'content', 'blobs', 'sha256', layer.digest.slice(7))));
    }
    assert.match(run.out, new RegExp(`^Digest: ${images.app.digest}$`, 'm'));
    assert.ok(!run.out.includes(password) && !run.err.includes(password));
  });

  test('--rootfs unpacks; layers already in the store are not fetched again', () => {
    const rootfs = join(state, 'rootfs-multi');
    const run = berth([`${registry.host}/private/app:multi`, ...login, '--state', state, '--rootfs', rootfs]);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /: Already exists$/m);
    assert.match(run.out, /: Pull complete$/m);
    assert.match(run.out, new RegExp(`^Digest: ${images.multi.digest}$`, 'm'));
    assert.equal(readFileSync(join(rootfs, 'bin/hello'), 'utf8'), '#!/bin/sh\necho hello\n');
  });

  test('--json prints the result for scripts', () => {
    const run = berth([
      `${registry.host}/private/app:multi`,
      ...login,
      '--state',
      state,
      '--json',
      '--platform',
      'linux/arm64',
    ]);
    assert.equal(run.code, 0, run.err);
    const json = JSON.parse(run.out);
    assert.equal(json.digest, images.multi.digest);
    assert.equal(json.manifestDigest, images.armOnly.digest);
    assert.equal(json.platform, 'linux/arm64');
    assert.equal(json.reference, `${registry.host}/private/app:multi`);
  });

  test('a failed pull: exit 3 and the ECS text on stderr', () => {
    const ref = `${registry.host}/private/app:v1`;
    const run = berth([ref, ...login, '--state', state], 'wrong-password\n');
    assert.equal(run.code, 3);
    assert.equal(
      run.err,
      `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${ref}: unexpected status from HEAD request to http://${registry.host}/v2/private/app/manifests/v1: 401 Unauthorized\n`,
    );
    assert.ok(!run.out.includes('wrong-password') && !run.err.includes('wrong-password'));
  });

  test('bad input: exit 2 and nothing pulled', () => {
    for (const args of [
      [`${registry.host}/private/App:v1`, '--state', state],
      [`${registry.host}/private/app:v1`, '--username', 'alice', '--state', state],
      [`${registry.host}/private/app:v1`, '--platform', 'linux', '--state', state],
      [`${registry.host}/private/app:v1`, ...login, '--state', state, '--rootfs', join(root, 'src')],
    ]) {
      const run = berth(args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.err}`);
      assert.match(run.err, /^berth: /);
    }
  });
});
