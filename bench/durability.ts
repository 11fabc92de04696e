// npm run bench -- durability: the cost of `berth up --durability full` (synchronous=FULL, an fsync per commit)
// against the default (synchronous=NORMAL) — committed single-document writes per second, the shape of an
// acknowledged API write, in alternating rounds on a state dir on the real disk (tmpdir). Figures: docs/benchmarks.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Durability, SqlitePersistence } from '../src/adapters/sqlite/index.js';
import { measureAlternating, type Side } from './bench-kit.js';

const dir = mkdtempSync(join(process.env['BENCH_DIR'] ?? tmpdir(), 'berth-bench-durability-'));
const value = { SecretString: 'x'.repeat(200), VersionId: '00000000-0000-4000-8000-000000000000' };

function side(durability: Durability): Side & { store: SqlitePersistence } {
  const store = new SqlitePersistence(join(dir, `${durability}.db`), { durability });
  let n = 0;
  return {
    name: durability,
    store,
    run: (iterations) => {
      for (let i = 0; i < iterations; i++)
        store.transaction(() => store.put('secrets', `k${n++ % 1000}`, value));
    },
  };
}

const sides = [side('normal'), side('full')];
const rates = await measureAlternating(sides, { rounds: 5, roundMs: 400 });
for (const s of sides) s.store.close();
rmSync(dir, { recursive: true, force: true });
const [normal, full] = rates;
console.log(`node ${process.version}, state dir on ${process.env['BENCH_DIR'] ?? tmpdir()}`);
for (const r of rates)
  console.log(`${r.name.padEnd(7)} ${Math.round(r.perSecond).toLocaleString('en')} commits/s`);
console.log(`full costs ${(normal!.perSecond / full!.perSecond).toFixed(1)}× (normal ÷ full)`);
