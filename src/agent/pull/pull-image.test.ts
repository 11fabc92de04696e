// pullImage unpacking a layer while it downloads (issue 19 target 3): against a registry whose layer answers the test
// holds mid-body, with the real registry client, filesystem content store and unpacker. Nothing here depends on
// timing: each step waits for a state (a file in the staging directory, a committed blob), bounded only by a hang guard.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { FsContentStore } from '../../adapters/fs-content-store/index.js';
import { parsePlatform, parseReference } from '../../engines/oci/index.js';
import { RegistryClient } from '../../registry/client/index.js';
import { type BlobHold, type HeldRegistry, startHeldRegistry } from '../../testing/held-registry.js';
import { tarBytes } from '../../testing/layer-fixtures.js';
import { ImagePullError, pullImage } from './pull-image.js';
import { unpackInto } from './unpack-step.js';

const work = mkdtempSync(join(tmpdir(), 'berth-pull-follow-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Held after 2 MiB of a ~3 MiB layer: past the store's 1 MiB write coalescing, well before the end. */
const heldAt = 2 * 1024 * 1024;

/** Layer 0: a small file first, then 3 MiB of random bytes (gzip cannot shrink them), `f` and `d/x`. Layer 1 changes both. */
async function twoLayers(): Promise<Uint8Array[]> {
  return [
    await tarBytes([
      { name: 'first/', type: 'directory' },
      { name: 'first/early.txt', data: 'early' },
      { name: 'first/big', data: randomBytes(3 * 1024 * 1024) },
      { name: 'f', data: 'zero' },
      { name: 'd/', type: 'directory' },
      { name: 'd/x', data: 'x' },
    ]),
    await tarBytes([
      { name: 'f', data: 'one' },
      { name: 'd/.wh.x', data: '' },
      { name: 'late.txt', data: 'late' },
    ]),
  ];
}

async function setup(name: string) {
  const dir = join(work, name);
  const registry = await startHeldRegistry(await twoLayers());
  const store = await FsContentStore.open(join(dir, 'content'));
  const client = new RegistryClient();
  const rootfs = join(dir, 'rootfs');
  const abort = new AbortController();
  const pull = (hold: { reached: Promise<void> }) => {
    const pulling = pullImage({
      client,
      store,
      reference: parseReference(registry.reference),
      platform: parsePlatform('linux/amd64'),
      unpack: unpackInto(rootfs),
      signal: abort.signal,
    });
    pulling.catch(() => undefined);
    return hold.reached.then(() => pulling);
  };
  const close = async () => {
    await client.close();
    await registry.close();
  };
  return { dir, registry, store, rootfs, abort, pull, close };
}

/** The path of `file` in the unpack's staging directory (`.unpack-rootfs.*` beside the rootfs), if it is there. */
function staged(dir: string, file: string): string | undefined {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.unpack-rootfs.') && existsSync(join(dir, name, file))) return join(dir, name, file);
  }
  return undefined;
}

/** Waits for `condition`; fails after 30 s (a hang guard, not a timing assumption). */
async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`never: ${what}`);
    await delay(5);
  }
}

/** Nothing of the pull is left: no rootfs, no staging, no blob of `layer`, no in-progress file. */
function assertNothingLeft(s: Awaited<ReturnType<typeof setup>>, layer: HeldRegistry['layers'][number]) {
  assert.equal(existsSync(s.rootfs), false, 'no rootfs');
  assert.deepEqual(
    readdirSync(s.dir).filter((name) => name.startsWith('.unpack-')),
    [],
    'no staging directory',
  );
  assert.equal(existsSync(s.store.blobPath(layer.digest)), false, 'the layer is not in the store');
  assert.deepEqual(readdirSync(join(s.store.root, 'ingest')), [], 'no in-progress file');
}

test('a layer is unpacked while it downloads, and a later layer that finished first waits its turn', async () => {
  const s = await setup('follow');
  try {
    const [first, second] = s.registry.layers as [HeldRegistry['layers'][0], HeldRegistry['layers'][0]];
    const hold = s.registry.hold(first.digest, heldAt);
    const pulled = s.pull(hold);
    await hold.reached;
    await until('layer 0’s first file in the staging', () => staged(s.dir, 'first/early.txt') !== undefined);
    await until('layer 1 committed', async () => (await s.store.info(second.digest)) !== undefined);
    assert.equal(await s.store.info(first.digest), undefined, 'layer 0 is still downloading');
    assert.equal(staged(s.dir, 'late.txt'), undefined, 'layer 1 is not applied before layer 0');
    hold.release();
    const result = await pulled;
    assert.equal(result.unpacked?.rootfs, s.rootfs);
    assert.equal(readFileSync(join(s.rootfs, 'f'), 'utf8'), 'one', 'layer 1 over layer 0');
    assert.equal(existsSync(join(s.rootfs, 'd/x')), false, 'layer 1’s whiteout removed layer 0’s file');
    assert.equal(readFileSync(join(s.rootfs, 'late.txt'), 'utf8'), 'late');
    assert.equal(readFileSync(join(s.rootfs, 'first/big')).byteLength, 3 * 1024 * 1024);
    assert.deepEqual([s.registry.gets(first.digest), s.registry.gets(second.digest)], [1, 1]);
  } finally {
    await s.close();
  }
});

/** Pulls with layer 0 held until its first file is staged, then ends it with `end`; the pull's error. */
async function failWhileUnpacking(
  name: string,
  end: (s: Awaited<ReturnType<typeof setup>>, hold: BlobHold) => void,
): Promise<ImagePullError> {
  const s = await setup(name);
  try {
    const first = s.registry.layers[0]!;
    const hold = s.registry.hold(first.digest, heldAt);
    const pulled = s.pull(hold);
    await hold.reached;
    await until('layer 0’s first file in the staging', () => staged(s.dir, 'first/early.txt') !== undefined);
    end(s, hold);
    const error = await pulled.then(
      () => assert.fail(`the pull succeeded (${name})`),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ImagePullError, String(error));
    assertNothingLeft(s, first);
    return error;
  } finally {
    await s.close();
  }
}

test('a digest mismatch found at the end of a layer being unpacked leaves no rootfs, no staging, no blob', async () => {
  const error = await failWhileUnpacking('mismatch', (_s, hold) => hold.release({ corrupt: true }));
  assert.equal(error.code, 'BERTH_DIGEST_MISMATCH');
});

test('a download aborted while its layer is being unpacked leaves no rootfs, no staging, no blob', async () => {
  const error = await failWhileUnpacking('aborted', (s) => s.abort.abort(new Error('task stopped')));
  assert.match(error.reason, /task stopped/);
});
