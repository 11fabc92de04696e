// npm run fuzz -- [--minutes N] [--inputs N] [--seed S] [--service NAME]... [--path P] [--registry-inputs N]
// Fuzzes every registered operation of an in-process berth (support/fuzz-run.ts) and prints, per service, the
// inputs sent and the answers' statuses, berth's RSS before and after, and any failure with the seed and path that
// replay it. Exits 1 on a failure. Long runs: docs/robustness.md records their figures.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { startInProcessBerth } from '../integ/support/in-process-berth.js';
import { type Examples, fuzzServices } from './support/fuzz-run.js';
import { registryCase, registryUnderFuzz } from './support/registry-fuzz.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string' },
    inputs: { type: 'string' },
    seed: { type: 'string' },
    service: { type: 'string', multiple: true },
    path: { type: 'string' },
    'registry-inputs': { type: 'string' },
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
const registry = await registryUnderFuzz();
const registryRun = await fc.check(
  fc.asyncProperty(registryCase, async (c) => {
    const broken = await registry.check(c);
    if (broken) throw new Error(broken);
  }),
  { seed, numRuns: Number(values['registry-inputs'] ?? 10_000) },
);
global.gc?.();
const rssAfter = process.memoryUsage().rss;
for (const f of figures) {
  const statuses = Object.entries(f.statuses)
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');
  console.log(`${f.service.padEnd(16)} ${String(f.inputs).padStart(7)} inputs  ${statuses}`);
}
console.log(`${'registry routes'.padEnd(16)} ${String(registryRun.numRuns).padStart(7)} inputs`);
const mib = (n: number) => `${Math.round(n / 2 ** 20)} MiB`;
console.log(
  `total ${figures.reduce((n, f) => n + f.inputs, 0)} inputs in ${Math.round((performance.now() - started) / 1000)} s; RSS ${mib(rssBefore)} → ${mib(rssAfter)}`,
);
const failures = figures.flatMap((f) => (f.failure ? [f.failure] : []));
if (registryRun.failed)
  failures.push(
    `registry: seed ${registryRun.seed}: ${JSON.stringify(registryRun.counterexample)}\n  ${String(registryRun.errorInstance)}`,
  );
for (const failure of failures) console.error(`FAILED ${failure}`);
await berth.stop();
process.exit(failures.length > 0 ? 1 : 0);
