// npm run bench -- cold-start: time from spawning the built `berth up` on an EXISTING state dir to its first
// answered HTTP request (target < 500 ms), median of 10 runs. The reference in the same run is a bare
// `node -e 0`, the floor no Node program can beat on this machine. Options: BENCH_RUNS (default 10).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { envNumber, median } from './bench-kit.js';

const bin = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(bin)) throw new Error(`${bin} is missing: build first (npx tsc -p tsconfig.build.json)`);
const runs = envNumber('BENCH_RUNS', 10);

interface Run {
  listeningMs: number;
  answeredMs: number;
}

/** Spawns berth up, waits for its listening line, sends one request, stops it; returns the times from spawn. */
async function coldStart(state: string): Promise<Run> {
  const started = process.hrtime.bigint();
  const since = () => Number(process.hrtime.bigint() - started) / 1e6;
  const child = spawn(process.execPath, [bin, 'up', '--port', '0', '--state', state], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stdout = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`berth up exited ${code} before listening: ${stdout}`)));
  });
  const listeningMs = since();
  // The first request any client makes: an (unsigned) AWS Query call, answered by the gateway.
  const response = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
  });
  await response.arrayBuffer();
  const answeredMs = since();
  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`berth up exited ${code} on SIGTERM`);
  return { listeningMs, answeredMs };
}

async function bareNode(): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const dir = mkdtempSync(join(tmpdir(), 'berth-bench-'));
const state = join(dir, 'state');
try {
  await coldStart(state); // creates the state dir: master key, root credentials, database
  const berth: Run[] = [];
  const node: number[] = [];
  for (let i = 0; i < runs; i++) {
    berth.push(await coldStart(state));
    node.push(await bareNode());
  }
  const ms = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `median ${median(values).toFixed(0)} ms (min ${sorted[0]!.toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)})`;
  };
  console.log(`cold start of berth up on an existing state dir, ${runs} runs, node ${process.version}`);
  console.log(`  spawn → first answered request: ${ms(berth.map((r) => r.answeredMs))}   target < 500 ms`);
  console.log(`  spawn → listening line:          ${ms(berth.map((r) => r.listeningMs))}`);
  console.log(`  reference, bare \`node -e 0\`:     ${ms(node)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
