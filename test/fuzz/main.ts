// npm run fuzz -- [--minutes N] [--inputs N] [--seed S] [--service NAME]... [--path P]
// Fuzzes every registered operation of an in-process berth (support/fuzz-run.ts) and prints, per service, the
// inputs sent and the answers' statuses, berth's RSS before and after, and any failure with the seed and path that
// replay it. Exits 1 on a failure. Long runs: docs/robustness.md records their figures.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startInProcessBerth } from '../integ/support/in-process-berth.js';
import { type Examples, fuzzServices } from './support/fuzz-run.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string' },
    inputs: { type: 'string' },
    seed: { type: 'string' },
    service: { type: 'string', multiple: true },
    path: { type: 'string' },
  },
});

const examples = JSON.parse(
  readFileSync(new URL('../vectors/operation-inputs/examples.json', import.meta.url), 'utf8'),
) as Examples;
const seed = values.seed ? Number(values.seed) : Date.now() % 2 ** 31;
const berth = await startInProcessBerth();
const services = new Set(berth.operations.map((o) => o.service.name)).size;
const minutes = Number(values.minutes ?? 1);
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
console.log(`fuzz: seed ${seed}, ${minutes} min over ${services} services`);
const figures = await fuzzServices(berth, examples, {
  seed,
  inputsPerService: Number(values.inputs ?? 1_000_000),
  timeLimitMs: (minutes * 60_000) / (values.service?.length ?? services),
  ...(values.path ? { path: values.path } : {}),
  ...(values.service ? { services: values.service } : {}),
});
global.gc?.();
const rssAfter = process.memoryUsage().rss;
for (const f of figures) {
  const statuses = Object.entries(f.statuses)
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');
  console.log(`${f.service.padEnd(16)} ${String(f.inputs).padStart(7)} inputs  ${statuses}`);
}
const mib = (n: number) => `${Math.round(n / 2 ** 20)} MiB`;
console.log(
  `total ${figures.reduce((n, f) => n + f.inputs, 0)} inputs in ${Math.round((performance.now() - started) / 1000)} s; RSS ${mib(rssBefore)} → ${mib(rssAfter)}`,
);
const failures = figures.flatMap((f) => (f.failure ? [f.failure] : []));
for (const failure of failures) console.error(`FAILED ${failure}`);
await berth.stop();
process.exit(failures.length > 0 ? 1 : 0);
