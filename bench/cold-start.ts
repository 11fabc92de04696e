// npm run bench -- cold-start: time from spawning an endpoint on a FRESH state to its first answered signed request
// (STS GetCallerIdentity, the first call of most clients), berth up against `python3 -m moto.server` in the same run,
// in alternating rounds (issue 19: berth median ≤ 200 ms and ≥ 1.5× faster than moto). Both are polled the same way:
// the signed request is sent every 2 ms from the spawn until one is answered 200. The floor in the same run is a
// bare `node -e 0`. Also reported: berth's time to its listening line, the CPU time (user + system, from /proc) it
// had used by its first answer — steadier than wall time on a loaded machine — and its RSS 2 s after the first answer.
// Options: BENCH_RUNS (default 10), BENCH_PEER=none to leave moto out, BENCH_BEFORE=<another build's
// dist/cli/main.js> to time an earlier berth in the same rounds (before/after figures). One more start at the end
// reports where the idle RSS is: V8's heap against native memory and mapped code (bench/support/memory-breakdown.ts).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignatureV4 } from '@smithy/signature-v4';
import { ClientSha256 } from '../src/testing/sigv4-signing.js';
import { freePort } from '../test/integ/support/system-tools.js';
import { envNumber, median, recordResult } from './bench-kit.js';
import { memoryBreakdown, memoryReportPreload } from './support/memory-breakdown.js';
import { cpuSeconds } from './support/process-cpu.js';

const bin = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(bin)) throw new Error(`${bin} is missing: build first (npx tsc -p tsconfig.build.json)`);
const runs = envNumber('BENCH_RUNS', 10);
const withMoto = process.env['BENCH_PEER'] !== 'none';
const beforeBin = process.env['BENCH_BEFORE'];
const credentials = {
  accessKeyId: 'AKIABENCHCOLDSTART01',
  secretAccessKey: 'bench-cold-start-secret-key-000000000000',
};
const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'sts', sha256: ClientSha256 });

interface Run {
  answeredMs: number;
  cpuMs?: number;
  listeningMs?: number;
  rssMiB?: number;
}

/** The signed GetCallerIdentity, answered 200 — or undefined while nothing listens yet. */
async function signedCall(port: number): Promise<boolean> {
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const request = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    path: '/',
    headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  try {
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: request.headers,
      body,
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GetCallerIdentity answered ${response.status}`);
    return true;
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') return false;
    throw error;
  }
}

async function firstAnswer(child: ChildProcess, port: number, since: () => number): Promise<number> {
  let exited = false;
  child.on('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error('the endpoint exited before answering');
    if (await signedCall(port)) return since();
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function berthColdStart(
  dir: string,
  berthBin = bin,
  breakdown?: (pid: number) => Promise<void>,
): Promise<Run> {
  const state = join(dir, `state-${Math.random().toString(36).slice(2)}`);
  const port = await freePort();
  const started = process.hrtime.bigint();
  const since = () => Number(process.hrtime.bigint() - started) / 1e6;
  const nodeArgs = breakdown ? ['--require', memoryReportPreload] : [];
  const child = spawn(
    process.execPath,
    [...nodeArgs, berthBin, 'up', '--port', String(port), '--state', state],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: {
        ...process.env,
        BERTH_BENCH_MEMORY_REPORT: join(dir, 'memory-report.json'),
        BERTH_ROOT_ACCESS_KEY_ID: credentials.accessKeyId,
        BERTH_ROOT_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      },
    },
  );
  let listeningMs: number | undefined;
  child.stdout!.once('data', () => (listeningMs = since()));
  const answeredMs = await firstAnswer(child, port, since);
  const cpuMs = cpuOf(child.pid!);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const rssMiB = rssOf(child.pid!);
  await breakdown?.(child.pid!);
  await stop(child);
  rmSync(state, { recursive: true, force: true });
  return {
    answeredMs,
    ...(cpuMs === undefined ? {} : { cpuMs }),
    ...(listeningMs === undefined ? {} : { listeningMs }),
    ...(rssMiB ? { rssMiB } : {}),
  };
}

async function motoColdStart(): Promise<Run> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const since = () => Number(process.hrtime.bigint() - started) / 1e6;
  const child = spawn('python3', ['-m', 'moto.server', '-p', String(port)], { stdio: 'ignore' });
  const answeredMs = await firstAnswer(child, port, since);
  const cpuMs = cpuOf(child.pid!);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const rssMiB = rssOf(child.pid!);
  await stop(child);
  return { answeredMs, ...(cpuMs === undefined ? {} : { cpuMs }), ...(rssMiB ? { rssMiB } : {}) };
}

/** A process's resident memory from /proc (Linux), in MiB. */
function rssOf(pid: number): number | undefined {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? undefined : Number(kib) / 1024;
  } catch {
    return undefined;
  }
}

/** A process's user + system CPU time so far, from /proc (Linux; 10 ms ticks), in ms. */
function cpuOf(pid: number): number | undefined {
  try {
    return cpuSeconds(pid) * 1000;
  } catch {
    return undefined;
  }
}

async function bareNode(): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function summary(values: number[], unit = 'ms'): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${median(values).toFixed(0)} ${unit} (min ${sorted[0]!.toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)})`;
}

const dir = mkdtempSync(join(tmpdir(), 'berth-bench-'));
try {
  await berthColdStart(dir); // warm the file system cache for both
  if (withMoto) await motoColdStart();
  const berth: Run[] = [];
  const before: Run[] = [];
  const moto: Run[] = [];
  const node: number[] = [];
  for (let i = 0; i < runs; i++) {
    berth.push(await berthColdStart(dir));
    if (beforeBin) before.push(await berthColdStart(dir, beforeBin));
    if (withMoto) moto.push(await motoColdStart());
    node.push(await bareNode());
  }
  const cpu = (list: Run[]) => summary(list.flatMap((r) => (r.cpuMs === undefined ? [] : [r.cpuMs])));
  const motoVersion = withMoto
    ? spawnSync('python3', ['-c', 'import moto; print(moto.__version__)'], { encoding: 'utf8' }).stdout.trim()
    : 'not run';
  console.log(`cold start from a fresh state to the first answered signed GetCallerIdentity, ${runs} runs`);
  console.log(`node ${process.version}, moto ${motoVersion}`);
  const berthMs = median(berth.map((r) => r.answeredMs));
  console.log(`  berth up:              ${summary(berth.map((r) => r.answeredMs))}   target ≤ 200 ms`);
  console.log(`  berth CPU to answer:   ${cpu(berth)}`);
  if (beforeBin) {
    console.log(`  before (${beforeBin}):`);
    console.log(`    first answer:        ${summary(before.map((r) => r.answeredMs))}`);
    console.log(`    CPU to answer:       ${cpu(before)}`);
    console.log(
      `    idle RSS:            ${summary(
        before.flatMap((r) => (r.rssMiB ? [r.rssMiB] : [])),
        'MiB',
      )}`,
    );
    const ratios = berth.map((r, i) => before[i]!.answeredMs / r.answeredMs);
    console.log(`    before / now:        median ${median(ratios).toFixed(2)}×`);
  }
  console.log(
    `  berth listening line:  ${summary(berth.flatMap((r) => (r.listeningMs ? [r.listeningMs] : [])))}`,
  );
  if (withMoto) {
    console.log(`  moto.server:           ${summary(moto.map((r) => r.answeredMs))}`);
    console.log(`  moto CPU to answer:    ${cpu(moto)}`);
    const ratios = berth.map((r, i) => moto[i]!.answeredMs / r.answeredMs);
    console.log(`  moto / berth:          median ${median(ratios).toFixed(2)}×   target ≥ 1.5×`);
    recordResult({
      measure: 'cold start to first signed answer',
      berth: `${berthMs.toFixed(0)} ms`,
      peer: `${median(moto.map((r) => r.answeredMs)).toFixed(0)} ms moto ${motoVersion}`,
      ratio: `${median(ratios).toFixed(2)}× faster`,
      target: '≤ 200 ms and ≥ 1.5×',
      met: berthMs <= 200 && median(ratios) >= 1.5,
    });
  } else {
    recordResult({
      measure: 'cold start to first signed answer',
      berth: `${berthMs.toFixed(0)} ms`,
      peer: 'moto not run',
      ratio: '',
      target: '≤ 200 ms',
      met: berthMs <= 200,
    });
  }
  console.log(`  bare \`node -e 0\`:      ${summary(node)}`);
  const rss = berth.flatMap((r) => (r.rssMiB ? [r.rssMiB] : []));
  if (rss.length) {
    console.log(`  berth idle RSS (2 s after the first answer): ${summary(rss, 'MiB')}   target ≤ 60 MiB`);
    recordResult({
      measure: 'idle RSS of berth up',
      berth: `${median(rss).toFixed(0)} MiB`,
      peer: '—',
      ratio: '',
      target: '≤ 60 MiB',
      met: median(rss) <= 60,
    });
  }
  const motoRss = moto.flatMap((r) => (r.rssMiB ? [r.rssMiB] : []));
  if (motoRss.length) console.log(`  moto idle RSS:         ${summary(motoRss, 'MiB')}`);
  // One more start, with the memory report preloaded, for where the idle RSS is (not part of the figures above).
  await berthColdStart(dir, bin, async (pid) => {
    console.log("  where an idle berth up's memory is (one more start, 2 s after its first answer):");
    for (const line of await memoryBreakdown(pid, join(dir, 'memory-report.json')))
      console.log(`    ${line}`);
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
