/**
 * Small helpers shared by the benchmarks: A/B rounds in one process, alternating so that machine noise hits both
 * sides alike, the median of the per-round rates, and the result rows `npm run bench -- all` gathers.
 */
import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';

/** One measure against its target: a row of the `npm run bench -- all` table. */
export interface BenchResult {
  measure: string;
  berth: string;
  /** The peer's figure and name, or '—' where the target is absolute. */
  peer: string;
  /** How the ratio reads, e.g. '2.41× faster'; '' when there is no peer. */
  ratio: string;
  target: string;
  met: boolean;
}

/**
 * Prints nothing: appends the row to the file named by BENCH_RESULTS (set by bench/all.ts), one JSON object a line,
 * so that each bench keeps its own human output and the table is built from the same numbers.
 */
export function recordResult(result: BenchResult): void {
  const file = process.env['BENCH_RESULTS'];
  if (!file) return;
  const bench = basename(process.argv[1] ?? 'bench', '.ts');
  appendFileSync(file, `${JSON.stringify({ bench, ...result })}\n`);
}
export interface Side {
  name: string;
  /** Runs `iterations` operations. */
  run(iterations: number): void | Promise<void>;
}

export interface Rate {
  name: string;
  perSecond: number;
}

export async function measureAlternating(
  sides: Side[],
  options: { rounds: number; roundMs: number },
): Promise<Rate[]> {
  const calibrated: { side: Side; iterations: number }[] = [];
  for (const side of sides) calibrated.push({ side, iterations: await calibrate(side, options.roundMs) });
  const rates = new Map<string, number[]>(sides.map((s) => [s.name, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (const { side, iterations } of calibrated) {
      const start = process.hrtime.bigint();
      await side.run(iterations);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      rates.get(side.name)!.push(iterations / seconds);
    }
  }
  return sides.map((side) => ({ name: side.name, perSecond: median(rates.get(side.name)!) }));
}

/** How many iterations take about `ms` milliseconds (after a warm-up). */
async function calibrate(side: Side, ms: number): Promise<number> {
  let iterations = 16;
  for (;;) {
    const start = process.hrtime.bigint();
    await side.run(iterations);
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (elapsed >= ms / 4) return Math.max(1, Math.round((iterations * ms) / elapsed));
    iterations *= 4;
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function formatRate(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString('en-US')}/s`;
}

/** A positive number from the environment (`fallback` when unset); anything else stops the bench with its name. */
export function envNumber(name: string, fallback: number): number;
export function envNumber(name: string, fallback?: undefined): number | undefined;
export function envNumber(name: string, fallback?: number): number | undefined {
  const text = process.env[name];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, not '${text}'`);
  return value;
}
