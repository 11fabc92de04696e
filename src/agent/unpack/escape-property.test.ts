// Property: whatever sequence of names, symlinks, hard links and whiteouts the layers carry — `..`, `.`, empty
// components, absolute names, the host path of the canaries, symlinks up and out — nothing outside the rootfs
// changes, the rootfs stays a real directory, and a refused layer fails with BERTH_INVALID_LAYER, never with a raw
// file-system error.
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, rmSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { MemoryContentStore } from '../../content/index.js';
import { isBerthError } from '../../errors/index.js';
import {
  type FixtureEntry,
  layerOf,
  plantCanaries,
  sandbox,
  snapshotTree,
} from '../../testing/layer-fixtures.js';
import { applyLayer } from './apply-layer.js';

const OUT = '$OUT'; // replaced by the sandbox's absolute path (where the canaries are)

const component = fc.constantFrom('a', 'b', 'c', '..', '..', '.', '', 'canary.txt', 'etc', 'victim-dir', OUT);
const whiteoutBase = fc.constantFrom(
  '.wh.a',
  '.wh.b',
  '.wh.canary.txt',
  '.wh.victim-dir',
  '.wh..wh..opq',
  '.wh.etc',
);
const path = fc
  .tuple(fc.boolean(), fc.array(component, { minLength: 1, maxLength: 5 }))
  .map(([absolute, parts]) => (absolute ? '/' : '') + parts.join('/'));
const entry: fc.Arbitrary<FixtureEntry> = fc.oneof(
  path.map((name) => ({ name, data: 'pwned' })),
  path.map((name) => ({ name, type: 'directory' as const, mode: 0o777 })),
  fc
    .tuple(path, path)
    .map(([name, linkname]) => ({ name, type: 'symlink' as const, linkname: linkname || '.' })),
  fc.tuple(path, path).map(([name, linkname]) => ({ name, type: 'link' as const, linkname })),
  fc.tuple(path, whiteoutBase).map(([dir, base]) => ({ name: `${dir}/${base}`, data: '' })),
);
const layers = fc.array(fc.array(entry, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 3 });

function substitute(entries: FixtureEntry[], out: string): FixtureEntry[] {
  const fix = (s: string): string => s.split(OUT).join(out.slice(1));
  return entries.map((e) => ({
    ...e,
    name: fix(e.name),
    ...(e.linkname === undefined ? {} : { linkname: fix(e.linkname) }),
  }));
}

test('random layers never change anything outside the rootfs', async () => {
  await fc.assert(
    fc.asyncProperty(layers, async (generated) => {
      const { dir, root } = sandbox('berth-unpack-prop-');
      try {
        plantCanaries(dir);
        mkdirSync(root);
        const before = snapshotTree(dir, ['root']);
        const store = new MemoryContentStore();
        for (const entries of generated) {
          const { layer, diffId } = await layerOf(store, substitute(entries, dir), 'none');
          try {
            await applyLayer(store, layer, diffId, root);
          } catch (error) {
            assert.ok(isBerthError(error) && error.code === 'BERTH_INVALID_LAYER', String(error));
            break;
          }
        }
        assert.deepEqual(snapshotTree(dir, ['root']), before);
        assert.ok(lstatSync(root).isDirectory() && !lstatSync(root).isSymbolicLink());
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: 300 },
  );
});
