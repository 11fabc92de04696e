// Every escape of reference/registry-protocol.md §4.2/§4.3 (containerd's TestBreakouts cases re-expressed, plus the
// two-layer CVE-2025-45582 pattern and CVE-2025-47290's replaced parent): each test plants canaries beside the
// rootfs and proves that nothing outside the rootfs changed, whether the layer is accepted or refused.
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MemoryContentStore } from '../../content/index.js';
import { isBerthError } from '../../errors/index.js';
import {
  type FixtureEntry,
  layerOf,
  plantCanaries,
  sandbox,
  snapshotTree,
} from '../../testing/layer-fixtures.js';
import { applyLayer, type LayerApplyResult } from './apply-layer.js';

interface Outcome {
  root: string;
  dir: string;
  results: LayerApplyResult[];
  error: unknown;
}

/** Applies `layers` (built with the sandbox path) over canaries; asserts that only the rootfs changed. */
async function attempt(
  layers: (dir: string) => FixtureEntry[][],
  check: (o: Outcome) => void,
): Promise<void> {
  const { dir, root } = sandbox();
  try {
    plantCanaries(dir);
    mkdirSync(root);
    const before = snapshotTree(dir, ['root']);
    const store = new MemoryContentStore();
    const results: LayerApplyResult[] = [];
    let error: unknown;
    try {
      for (const entries of layers(dir)) {
        const { layer, diffId } = await layerOf(store, entries);
        results.push(await applyLayer(store, layer, diffId, root));
      }
    } catch (caught) {
      error = caught;
    }
    assert.deepEqual(snapshotTree(dir, ['root']), before, 'something outside the rootfs changed');
    assert.ok(lstatSync(root).isDirectory(), 'the rootfs is still a real directory');
    check({ root, dir, results, error });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pwned = 'pwned';
const file = (name: string, data = pwned): FixtureEntry => ({ name, data });
const dir = (name: string, mode?: number): FixtureEntry => ({
  name,
  type: 'directory',
  ...(mode ? { mode } : {}),
});
const symlink = (name: string, linkname: string): FixtureEntry => ({ name, type: 'symlink', linkname });
const hardlink = (name: string, linkname: string): FixtureEntry => ({ name, type: 'link', linkname });

function ok(o: Outcome): void {
  assert.equal(o.error, undefined, String(o.error));
}
function refused(code = 'BERTH_INVALID_LAYER') {
  return (o: Outcome): void => {
    assert.ok(isBerthError(o.error), `expected ${code}, got ${String(o.error)}`);
    assert.equal(o.error.code, code, o.error.message);
  };
}
const read = (path: string): string => readFileSync(path, 'utf8');

test('`..` components are clamped at the root', () =>
  attempt(
    () => [
      [
        file('../escape.txt'),
        file('a/../../escape2.txt'),
        file('../../../../../../canary.txt'),
        dir('../victim-dir'),
        file('../victim-dir/keep.txt'),
      ],
    ],
    (o) => {
      ok(o);
      assert.equal(read(join(o.root, 'escape.txt')), pwned);
      assert.equal(read(join(o.root, 'escape2.txt')), pwned);
      assert.equal(read(join(o.root, 'canary.txt')), pwned);
      assert.equal(read(join(o.root, 'victim-dir/keep.txt')), pwned);
    },
  ));

test('absolute names, including the host path of the canaries, land inside the root', () =>
  attempt(
    (d) => [[file(`${d}/canary.txt`), file('/victim-dir/keep.txt'), file('//etc///passwd')]],
    (o) => {
      ok(o);
      assert.equal(read(join(o.root, o.dir, 'canary.txt')), pwned);
      assert.equal(read(join(o.root, 'victim-dir/keep.txt')), pwned);
      assert.equal(read(join(o.root, 'etc/passwd')), pwned);
    },
  ));

test('a symlink then a write through it, in one layer, stays inside (relative and absolute targets)', () =>
  attempt(
    (d) => [
      [
        symlink('up', '../../..'),
        file('up/canary.txt'),
        symlink('abs', d),
        file('abs/canary.txt'),
        symlink('updown', 'x/../../victim-dir'),
        file('updown/keep.txt'),
      ],
    ],
    (o) => {
      ok(o);
      assert.equal(read(join(o.root, 'canary.txt')), pwned);
      assert.equal(read(join(o.root, o.dir, 'canary.txt')), pwned);
      assert.equal(read(join(o.root, 'victim-dir/keep.txt')), pwned);
      assert.equal(readlinkSync(join(o.root, 'abs')), o.dir, 'symlink targets are stored verbatim');
    },
  ));

test('a symlink from one layer is followed in-root by the next (GNU tar CVE-2025-45582 pattern)', () =>
  attempt(
    (d) => [
      [symlink('x', d), symlink('y', '../../../../..'), symlink('z', `${d}/victim-dir`)],
      [file('x/canary.txt'), dir('y/victim-dir', 0o777), file('y/victim-dir/keep.txt'), file('z/keep.txt')],
    ],
    (o) => {
      ok(o);
      assert.equal(read(join(o.root, o.dir, 'canary.txt')), pwned);
      assert.equal(read(join(o.root, 'victim-dir/keep.txt')), pwned);
      assert.equal(read(join(o.root, o.dir, 'victim-dir/keep.txt')), pwned);
    },
  ));

test('a directory replaced by a symlink mid-layer is re-resolved for the next entry (CVE-2025-47290)', () =>
  attempt(
    (d) => [
      [
        dir('d'),
        file('d/a'),
        symlink('d', d),
        file('d/canary.txt'),
        dir('e'),
        file('e/x'),
        symlink('e', '..'),
      ],
      [file('e/canary.txt'), file('d/victim-dir/keep.txt')],
    ],
    (o) => {
      ok(o);
      assert.ok(lstatSync(join(o.root, 'd')).isSymbolicLink());
      assert.equal(read(join(o.root, o.dir, 'canary.txt')), pwned);
      assert.equal(read(join(o.root, 'canary.txt')), pwned);
      assert.equal(read(join(o.root, o.dir, 'victim-dir/keep.txt')), pwned);
    },
  ));

for (const [label, entries] of [
  ['relative', (_d: string) => [hardlink('stolen', '../canary.txt')]],
  ['absolute host path', (d: string) => [hardlink('stolen', `${d}/canary.txt`)]],
  ['through a symlinked directory', (d: string) => [symlink('s', d), hardlink('stolen', 's/canary.txt')]],
  [
    'through a symlink up and out',
    (_d: string) => [symlink('s', '../../..'), hardlink('stolen', 's/canary.txt')],
  ],
] as const) {
  test(`a hard link to a file outside the root is refused (${label})`, () =>
    attempt(
      (d) => [entries(d)],
      (o) => {
        refused()(o);
        assert.match((o.error as Error).message, /hard link target .* does not exist/);
      },
    ));
}

test('a hard link whose target is a symlink out of the root links the symlink itself; nothing follows it', () =>
  attempt(
    (d) => [
      [
        symlink('p', `${d}/canary.txt`),
        hardlink('l', 'p'),
        symlink('q', `${d}/victim-dir`),
        hardlink('m', 'q'),
      ],
      [file('l'), dir('m', 0o777), file('m/keep.txt')],
    ],
    (o) => {
      ok(o);
      assert.equal(read(join(o.root, 'l')), pwned, 'the later file replaced the link, not its target');
      assert.ok(lstatSync(join(o.root, 'm')).isDirectory());
      assert.ok(lstatSync(join(o.root, 'p')).isSymbolicLink());
      assert.equal(lstatSync(join(o.root, 'q')).nlink, 1);
    },
  ));

test('a hard link to a symlink keeps the symlink (no chmod or chown through it)', () =>
  attempt(
    (d) => [[{ ...symlink('ep', `${d}/canary.txt`), mode: 0o777 }, hardlink('sketchy', 'ep')]],
    (o) => {
      ok(o);
      const link = lstatSync(join(o.root, 'sketchy'));
      assert.ok(link.isSymbolicLink());
      assert.equal(link.ino, lstatSync(join(o.root, 'ep')).ino);
    },
  ));

test('the root cannot be replaced by a symlink or a file; the refusal is reported', () =>
  attempt(
    (d) => [
      [symlink('.', d), symlink('./', d), symlink('/', d), symlink('..', d), symlink('a/..', d)],
      [file('.'), hardlink('./', 'x'), file('canary.txt')],
    ],
    (o) => {
      ok(o);
      assert.equal(o.results[0]!.skippedCount, 5);
      assert.equal(o.results[1]!.skippedCount, 2);
      assert.match(o.results[0]!.skipped[0]!.reason, /root itself is refused/);
      assert.equal(read(join(o.root, 'canary.txt')), pwned);
    },
  ));

test('whiteouts resolve in-root: through symlinks, `..`, absolute names; a whited-out symlink goes, not its target', () =>
  attempt(
    (d) => [
      [
        file('keep.txt', 'keep'),
        symlink('s', d),
        symlink('up', '..'),
        symlink('v', `${d}/victim-dir`),
        dir('w'),
      ],
      [
        file('../.wh.canary.txt'),
        file('s/.wh.canary.txt'),
        file('up/.wh.canary.txt'),
        file(`${d}/.wh.victim-dir`),
        file('s/.wh..wh..opq'),
        file('v/.wh.keep.txt'),
        file('.wh.v'),
        file('w/.wh..wh..opq'),
      ],
    ],
    (o) => {
      ok(o);
      assert.equal(read(join(o.root, 'keep.txt')), 'keep');
      assert.throws(() => lstatSync(join(o.root, 'v')), /ENOENT/);
      assert.ok(lstatSync(join(o.root, 's')).isSymbolicLink());
    },
  ));

for (const name of ['.wh...', '.wh..', 'etc/.wh..', 'etc/.wh...', '.wh.']) {
  test(`a whiteout naming the directory itself or its parent is refused: ${JSON.stringify(name)}`, () =>
    attempt(() => [[dir('etc'), file('etc/x')], [file(name, '')]], refused()));
}

test('an opaque marker under a symlink to the root clears only in-root content', () =>
  attempt(
    () => [
      [file('a'), dir('b'), file('b/c'), symlink('up', '../..')],
      [file('up/.wh..wh..opq'), file('new')],
    ],
    (o) => {
      ok(o);
      assert.throws(() => lstatSync(join(o.root, 'a')), /ENOENT/);
      assert.equal(read(join(o.root, 'new')), pwned);
    },
  ));

test('device nodes and FIFOs are skipped, and reported', () =>
  attempt(
    () => [
      [
        { name: 'dev/null', type: 'character-device' },
        { name: 'dev/sda', type: 'block-device' },
        { name: 'run/fifo', type: 'fifo' },
      ],
    ],
    (o) => {
      ok(o);
      assert.equal(o.results[0]!.skippedCount, 3);
      assert.deepEqual(
        o.results[0]!.skipped.map((s) => s.name),
        ['dev/null', 'dev/sda', 'run/fifo'],
      );
      assert.throws(() => lstatSync(join(o.root, 'dev/null')), /ENOENT/);
    },
  ));

test('a NUL byte in a name or link target is refused', async () => {
  await attempt(
    () => [[{ name: 'innocent', data: 'x', pax: { path: 'evil\0/../../canary.txt' } }]],
    refused(),
  );
  await attempt(
    () => [[{ name: 'l', type: 'symlink', linkname: 'x', pax: { linkpath: '../\0' } }]],
    refused(),
  );
});

test('odd names are created verbatim inside the root; an over-long component is refused', async () => {
  const odd = ['new\nline', 'back\\slash', 'ünïcødé ✓', 'sp ace', '-dash', '...', '.wh', 'x'.repeat(255)];
  await attempt(
    () => [odd.map((name) => file(`odd/${name}`, name))],
    (o) => {
      ok(o);
      for (const name of odd) assert.equal(read(join(o.root, 'odd', name)), name);
    },
  );
  await attempt(() => [[file('x'.repeat(256))]], refused());
});

test('symlink loops and files used as directories are refused', async () => {
  await attempt(() => [[symlink('a', 'b'), symlink('b', 'a'), file('a/x')]], refused());
  await attempt(() => [[file('f'), file('f/x')]], refused());
  await attempt(() => [[file('f'), symlink('g', 'f/..'), file('g/x')]], refused());
});

test('a file or directory entry replaces a symlink at its path instead of writing through it', () =>
  attempt(
    (d) => [
      [
        symlink('target', `${d}/canary.txt`),
        symlink('localetc', `${d}/victim-dir`),
        symlink('t2', '../canary.txt'),
      ],
      [file('target'), dir('localetc', 0o700), file('t2')],
    ],
    (o) => {
      ok(o);
      assert.equal(read(join(o.root, 'target')), pwned);
      assert.ok(lstatSync(join(o.root, 'localetc')).isDirectory());
      assert.equal(lstatSync(join(o.root, 'localetc')).mode & 0o7777, 0o700);
      assert.equal(read(join(o.root, 't2')), pwned);
    },
  ));
