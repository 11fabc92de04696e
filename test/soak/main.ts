// npm run soak -- [--cycles N] [--writers N] [--durability full]: the kill -9 soak (soak-run.ts) on the built
// berth; prints each cycle and the totals, exits 1 if an acknowledged write was lost or a torn blob was visible.
import { parseArgs } from 'node:util';
import { runSoak } from './soak-run.js';

const { values } = parseArgs({
  options: { cycles: { type: 'string' }, writers: { type: 'string' }, durability: { type: 'string' } },
});
const started = performance.now();
const figures = await runSoak({
  cycles: Number(values.cycles ?? 100),
  writers: Number(values.writers ?? 8),
  killAfterMs: [100, 1_500],
  upArgs: values.durability ? ['--durability', values.durability] : [],
  log: (line) => console.log(line),
});
const sorted = [...figures.restartMs].sort((a, b) => a - b);
console.log(
  `${figures.cycles} cycles, ${figures.acknowledged} acknowledged writes, lost ${figures.lost.length}, torn ${figures.torn.length}; ` +
    `restart p50 ${Math.round(sorted[sorted.length >> 1]!)} ms, max ${Math.round(sorted.at(-1)!)} ms; ${Math.round((performance.now() - started) / 1000)} s`,
);
for (const line of [...figures.lost, ...figures.torn]) console.error(line);
process.exit(figures.lost.length + figures.torn.length > 0 ? 1 : 0);
