// npm run bench -- all: every benchmark in sequence, with short settings, then one table of measure, berth, peer,
// ratio, target and whether it is met — the page a reviewer reads first (issue 19). Each bench prints its own
// lines as usual (kept in a log beside the table) and appends its result rows to BENCH_RESULTS (bench-kit.ts
// recordResult), so the table is built from the very numbers the benches printed.
// Options: BENCH_ONLY=name,name to run some; BENCH_FULL=1 to use each bench's own (longer) defaults.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './bench-kit.js';

interface Entry {
  readonly name: string;
  /** Settings that keep the whole sequence to minutes; the bench's own docs say what they mean. */
  readonly short: Record<string, string>;
}

const entries: readonly Entry[] = [
  { name: 'cold-start', short: { BENCH_RUNS: '6' } },
  { name: 'iam', short: { BENCH_ROUNDS: '3', BENCH_ROUND_MS: '200' } },
  { name: 'secrets', short: { ROUNDS: '1', DURATION_MS: '2000' } },
  { name: 'run-task', short: { BENCH_RUNS: '6', BENCH_COLD_RUNS: '3', BENCH_PARTS: 'cached,cold' } },
  { name: 'pull', short: { BENCH_ROUNDS: '2', BENCH_LAYER_MB: '32' } },
  { name: 'registry', short: { BENCH_ROUNDS: '2', BENCH_LAYERS: '4', BENCH_LAYER_MB: '32' } },
  { name: 'service', short: { BENCH_RUNS: '2' } },
  { name: 'alb-proxy', short: { REQUESTS: '5000', ROUNDS: '2' } },
  { name: 'doctor', short: { BENCH_RUNS: '3' } },
];

const only = process.env['BENCH_ONLY']?.split(',').filter(Boolean);
const unknown = only?.filter((name) => !entries.some((e) => e.name === name)) ?? [];
if (unknown.length > 0) throw new Error(`BENCH_ONLY: no bench named ${unknown.join(', ')}`);
const full = process.env['BENCH_FULL'] === '1';
const selected = entries.filter((e) => !only || only.includes(e.name));

const dir = mkdtempSync(join(tmpdir(), 'berth-bench-all-'));
const resultsFile = join(dir, 'results.jsonl');
writeFileSync(resultsFile, '');
const failed: string[] = [];
const loadAtStart = loadavg()[0]!;
try {
  for (const entry of selected) {
    console.log(
      `\n### ${entry.name}${
        full
          ? ''
          : ` (${Object.entries(entry.short)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')})`
      }`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', `bench/${entry.name}.ts`], {
      stdio: 'inherit',
      env: { ...process.env, ...(full ? {} : entry.short), BENCH_RESULTS: resultsFile },
    });
    if (run.status !== 0) failed.push(`${entry.name} (exit ${run.status ?? run.signal})`);
  }
  const rows = readFileSync(resultsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as BenchResult & { bench: string });
  console.log(
    `\n## berth benchmarks — node ${process.version}, load ${loadAtStart.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}${full ? '' : ', short settings'}\n`,
  );
  console.log('| bench | measure | berth | peer | ratio | target | met |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.bench} | ${r.measure} | ${r.berth} | ${r.peer} | ${r.ratio || '—'} | ${r.target} | ${r.met ? 'met' : '**not met**'} |`,
    );
  }
  for (const name of failed) console.log(`| ${name} | FAILED: see its output above | | | | | |`);
  const missing = selected.filter(
    (e) => !rows.some((r) => r.bench === e.name) && !failed.some((f) => f.startsWith(e.name)),
  );
  for (const e of missing) console.log(`| ${e.name} | reported no result | | | | | |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failed.length > 0) process.exitCode = 1;
