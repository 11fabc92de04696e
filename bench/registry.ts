// npm run bench -- registry: skopeo pushes and pulls a ~1 GiB image (8 uncompressed tar layers of random bytes) to and
// from berth's registry (a real `berth up`, registry user `bench` pushing to its own namespace) and the CNCF
// Distribution registry (Debian `docker-registry`, htpasswd), alternating in one run; and through berth's ECR (a
// third `berth up`: an ECR repository, an `AWS:<token>` login from GetAuthorizationToken, pushes and pulls at
// repositoryUri, every request authorized by IAM, blob GETs redirected as ECR's are), against the plain berth
// registry path (target: within 5 %). Every round starts both on
// empty storage, so every blob is really uploaded; throughput in MB/s, the ratio berth ÷ Distribution (target ≥ 1.0×
// for push and for pull) and each server's peak RSS per phase. Both servers keep running from the push to the pull,
// as they would in use, and both answer one `skopeo inspect` before the timed pull. The side that goes first
// alternates from round to round, and every timed run starts after `sync`, a pause, and memory brought back from the
// host (see touchMemory). See docs/benchmarks.md.
// Options: BENCH_ROUNDS (default 4: each side first twice), BENCH_LAYERS (default 8), BENCH_LAYER_MB (MiB per
// layer, default 128), BENCH_SETTLE_MS (the pause, default 2000), BENCH_RESTART_BERTH=1 (restart berth on its state
// before the pull, so that the pull's peak RSS is its own and not the heap the push left; it also times a process
// that has not served a blob yet, which Distribution's side never is).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statfsSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { CreateRepositoryCommand, ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { berthBin, startBerth, tempStateDir } from '../test/integ/berth-process.js';
import { startDistributionRegistry } from '../test/integ/support/distribution-registry.js';
import { requireTool } from '../test/integ/support/system-tools.js';
import { envNumber, median, recordResult } from './bench-kit.js';
import { childPid, peakMemoryBytes, resetPeakMemory } from './support/peak-memory.js';
import { cpuSeconds, runTimed } from './support/process-cpu.js';
import { buildRandomLayerImage, type RandomLayerImage } from './support/random-layer-image.js';

const rounds = envNumber('BENCH_ROUNDS', 4);
const layerCount = envNumber('BENCH_LAYERS', 8);
const layerMiB = envNumber('BENCH_LAYER_MB', 128);
const user = 'bench';
const password = randomBytes(18).toString('base64url');
const repository = 'bench/big';
const tag = 'latest';
const phases = ['push', 'pull'] as const;
const restartBerth = process.env['BENCH_RESTART_BERTH'] === '1';
type Phase = (typeof phases)[number];

/** A registry server started for one round, on empty storage. */
interface Registry {
  readonly name: string;
  readonly host: string;
  /** The repository path on `host`, and the login skopeo gives. */
  readonly repository: string;
  readonly creds: string;
  /** The server process, whose peak RSS is recorded. */
  pid(): number;
  /** Called between the push and the pull. */
  beforePull(): Promise<void>;
  /** Bytes of everything the server keeps on disk (blobs, and links or records): proves a push uploaded. */
  storedBytes(): number;
  /** The tail of the server's own log, for a failure report. */
  logTail(): string;
  stop(): Promise<void>;
}

interface Sample {
  readonly seconds: number;
  readonly peakRss: number;
  /** CPU seconds (user + system) the server used during the run, and skopeo's. */
  readonly serverCpu: number;
  readonly clientCpu: number;
}

async function startBerthRegistry(): Promise<Registry> {
  const state = tempStateDir();
  let berth = await startBerth({ state });
  const added = spawnSync(
    process.execPath,
    [berthBin, 'registry', 'user', 'add', user, '--password-stdin', '--state', state],
    { input: `${password}\n`, encoding: 'utf8' },
  );
  const stop = async () => {
    await berth.stop();
    rmSync(dirname(state), { recursive: true, force: true });
  };
  if (added.status !== 0) {
    await stop();
    throw new Error(`berth registry user add exited ${added.status}: ${added.stderr}`);
  }
  return {
    name: 'berth',
    host: `127.0.0.1:${berth.port}`,
    repository,
    creds: `${user}:${password}`,
    pid: () => berth.child.pid!,
    // With BENCH_RESTART_BERTH=1, a new `berth up` on the same state and port: the pull's peak RSS is then the
    // pull's own, not what the push left resident (V8 keeps its grown heap).
    beforePull: async () => {
      if (!restartBerth) return;
      await berth.stop();
      berth = await startBerth({ state, port: berth.port });
    },
    storedBytes: () => treeBytes(join(state, 'content')),
    logTail: () => lastLines(berth.output().stderr),
    stop,
  };
}

async function startDistribution(): Promise<Registry> {
  const registry = await startDistributionRegistry({ kind: 'htpasswd', users: { [user]: password } });
  const pid = childPid('docker-registry');
  return {
    name: 'Distribution',
    host: registry.host,
    repository,
    creds: `${user}:${password}`,
    pid: () => pid,
    beforePull: async () => {},
    storedBytes: () => treeBytes(registry.storage),
    logTail: () => lastLines(registry.log()),
    stop: registry.stop,
  };
}

/** berth's ECR door: a repository made through the API, and the `AWS:<password>` login GetAuthorizationToken gives. */
async function startBerthEcr(): Promise<Registry> {
  const state = tempStateDir();
  const berth = await startBerth({ state });
  const ecr = new ECRClient({
    endpoint: berth.endpoint,
    region: berth.region,
    credentials: berth.credentials,
  });
  const stop = async () => {
    ecr.destroy();
    await berth.stop();
    rmSync(dirname(state), { recursive: true, force: true });
  };
  try {
    await ecr.send(new CreateRepositoryCommand({ repositoryName: repository }));
    const { authorizationData } = await ecr.send(new GetAuthorizationTokenCommand({}));
    const token = Buffer.from(authorizationData![0]!.authorizationToken!, 'base64').toString('utf8');
    ecrPasswords.push(token.slice('AWS:'.length));
    return {
      name: 'berth ECR',
      host: `localhost:${berth.port}`,
      repository: `${berth.accountId}.dkr.ecr.${berth.region}/${repository}`,
      creds: token,
      pid: () => berth.child.pid!,
      beforePull: async () => {},
      storedBytes: () => treeBytes(join(state, 'content')),
      logTail: () => lastLines(berth.output().stderr),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** ECR passwords handed out, kept out of every printed line. */
const ecrPasswords: string[] = [];

const lastLines = (log: string) => log.trimEnd().split('\n').slice(-12).join('\n');

function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? treeBytes(path) : statSync(path).size;
  }
  return total;
}

function pushArgs(
  image: RandomLayerImage,
  registry: Pick<Registry, 'host' | 'repository' | 'creds'>,
): string[] {
  // --preserve-digests: skopeo would otherwise gzip the uncompressed layers on the way (docker:// asks for
  // compression), and the client's gzip, not the registry, would set the pace.
  return [
    ...['--insecure-policy', 'copy', '--quiet', '--preserve-digests', '--dest-tls-verify=false'],
    ...[
      '--dest-creds',
      registry.creds,
      `oci:${image.layoutDir}:${image.tag}`,
      `docker://${registry.host}/${registry.repository}:${tag}`,
    ],
  ];
}

type Target = Pick<Registry, 'host' | 'repository' | 'creds'>;

function pullArgs(registry: Target, into: string): string[] {
  const source = `docker://${registry.host}/${registry.repository}:${tag}`;
  return [
    ...['--insecure-policy', 'copy', '--quiet', '--src-tls-verify=false'],
    ...['--src-creds', registry.creds, source, `dir:${into}`],
  ];
}

function inspectArgs(registry: Target): string[] {
  const source = `docker://${registry.host}/${registry.repository}:${tag}`;
  return ['inspect', '--tls-verify=false', '--creds', registry.creds, source];
}

const redact = (text: string) =>
  [password, ...ecrPasswords].reduce((out, secret) => out.replaceAll(secret, '***'), text);
/**
 * A hang guard, not a timing assertion: a 1 GiB copy takes 5–15 s here. (skopeo 1.9 pulling the same image a second
 * time from one Distribution 2.8.2 process was seen to stall for good; every round starts fresh servers.)
 */
const skopeoTimeoutMs = 300_000;
/** The pause before each timed run (see measure). */
const settleMs = envNumber('BENCH_SETTLE_MS', 2000);
/** What touchMemory writes before each timed run: more than one copy of the image. */
const touchBytes = (layerCount * layerMiB + 256) * 2 ** 20;

/**
 * These VMs hand memory the guest freed back to the host (virtio-balloon free page reporting), and getting it back
 * costs a fault per page: the first 1 GiB copy after a pause paid ≈ 2.5 s more kernel time in skopeo than the next
 * one, whichever registry it talked to (skopeo's system time 4.4 s against 2.2 s). Writing and deleting `bytes` on
 * tmpfs just before a run brings that much memory back for the run to use. Skipped when `dir` is not on tmpfs
 * (writing to disk would add writeback instead).
 */
function touchMemory(dir: string, bytes: number): void {
  if (medium(dir) !== 'tmpfs') return;
  const path = join(dir, 'touch-memory');
  const chunk = Buffer.alloc(2 ** 20, 1);
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < bytes; written += chunk.length) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
    unlinkSync(path);
  }
}

/** Runs skopeo; resolves with the CPU seconds it used. */
async function skopeo(args: string[]): Promise<number> {
  let guard: NodeJS.Timeout | undefined;
  let stalled = false;
  const exit = await runTimed('skopeo', args, (kill) => {
    guard = setTimeout(() => {
      stalled = true;
      kill();
    }, skopeoTimeoutMs);
  });
  clearTimeout(guard);
  if (exit.code === 0) return exit.userSeconds + exit.systemSeconds;
  if (stalled)
    throw new Error(redact(`skopeo ${args.join(' ')} stalled: killed after ${skopeoTimeoutMs / 1000} s`));
  throw new Error(redact(`skopeo ${args.join(' ')} exited ${exit.code}: ${exit.stderr.trim()}`));
}

/** Each round's registries start empty: the image's bytes must have crossed the wire and landed on disk. */
function checkStored(registry: Registry, image: RandomLayerImage): void {
  const stored = registry.storedBytes();
  if (stored < image.totalBytes)
    throw new Error(
      `${registry.name} holds ${stored} bytes after the push, fewer than the image's ${image.totalBytes}`,
    );
}

/** The pulled layers are the layout's own, byte for byte (skopeo checked each digest): nothing was recompressed. */
function checkPulled(into: string, image: RandomLayerImage): void {
  for (const layer of image.layers) {
    const path = join(into, layer.digest.slice('sha256:'.length));
    if (statSync(path, { throwIfNoEntry: false })?.size !== layer.size)
      throw new Error(`the pull has no ${layer.size}-byte ${layer.digest}`);
  }
}

/**
 * Runs one phase against one registry: wall time of the skopeo command, and the server's peak RSS meanwhile. Each
 * run starts on a quiet machine — the previous run's writes flushed (`sync`), a pause — with memory at hand (see
 * touchMemory), so that neither side pays for the other's writeback, a server's start-up, or the VM's memory.
 */
async function measure(registry: Registry, scratch: string, run: () => Promise<number>): Promise<Sample> {
  spawnSync('sync');
  await delay(settleMs);
  touchMemory(scratch, touchBytes);
  resetPeakMemory(registry.pid());
  const serverBefore = cpuSeconds(registry.pid());
  const start = process.hrtime.bigint();
  const clientCpu = await run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const serverCpu = cpuSeconds(registry.pid()) - serverBefore;
  return { seconds, peakRss: peakMemoryBytes(registry.pid()), serverCpu, clientCpu };
}

async function runRound(
  round: number,
  image: RandomLayerImage,
  scratch: string,
  samples: Map<string, Sample[]>,
  failures: string[],
): Promise<void> {
  const started = [await startBerthRegistry(), await startBerthEcr(), await startDistribution()];
  // Even rounds berth first, odd rounds Distribution first, in both phases (berth's ECR in the middle).
  const registries = round % 2 === 0 ? started : [...started].reverse();
  const pushed = new Set<string>();
  try {
    for (const phase of phases) {
      for (const registry of registries) {
        if (phase === 'pull' && !pushed.has(registry.name)) continue;
        const into = join(scratch, `pull-${registry.name}-${round}`);
        try {
          if (phase === 'pull') {
            await registry.beforePull();
            // Both sides get one login and one manifest read before the timed pull: the pull times the blobs, not
            // a first login (and, with BENCH_RESTART_BERTH, not a restarted berth's first scrypt check).
            await skopeo(inspectArgs(registry));
          }
          const sample = await measure(registry, scratch, () =>
            skopeo(phase === 'push' ? pushArgs(image, registry) : pullArgs(registry, into)),
          );
          if (phase === 'pull') checkPulled(into, image);
          else {
            checkStored(registry, image);
            pushed.add(registry.name);
          }
          samples.get(key(registry.name, phase))!.push(sample);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          await delay(500); // berth writes its access log in batches at least every 250 ms
          failures.push(
            `round ${round + 1}, ${registry.name} ${phase}: ${message}\n  log: ${registry.logTail()}`,
          );
        } finally {
          rmSync(into, { recursive: true, force: true });
        }
      }
    }
  } finally {
    for (const registry of registries) await registry.stop();
  }
}

/** How the printed commands name the registry (each side's own host, repository and login in the runs). */
const sampleTarget: Target = { host: 'HOST', repository: 'REPOSITORY', creds: 'USER:PASSWORD' };

const key = (name: string, phase: Phase) => `${name} ${phase}`;
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;
const rate = (bytes: number, seconds: number) => `${(bytes / seconds / 1e6).toFixed(0)} MB/s`;

function version(command: string): string {
  return spawnSync(command, ['--version'], { encoding: 'utf8' }).stdout.trim().split('\n')[0] ?? '?';
}

/** tmpfs (statfs f_type TMPFS_MAGIC) or disk, for saying where the bytes went. */
function medium(path: string): string {
  return statfsSync(path).type === 0x01021994 ? 'tmpfs' : 'disk';
}

/** /dev/shm when it has room for the layout, a pull and touchMemory's file, else the temporary directory. */
function scratchBase(bytes: number): string {
  try {
    const shm = statfsSync('/dev/shm');
    if (shm.bavail * shm.bsize > 4 * bytes) return '/dev/shm';
  } catch {
    // no /dev/shm: disk it is
  }
  return tmpdir();
}

function report(image: RandomLayerImage, samples: Map<string, Sample[]>, buildSeconds: number): void {
  console.log(
    `\nimage: ${layerCount} uncompressed tar layers of random bytes, ${mib(image.totalBytes)} ` +
      `(${image.totalBytes.toLocaleString('en-US')} bytes), built in ${buildSeconds.toFixed(1)} s; times: medians of ${rounds} rounds; peak RSS: the highest round`,
  );
  for (const phase of phases) {
    const figure = (name: string, p: Phase) => {
      const all = samples.get(key(name, p))!;
      const seconds = all.length ? median(all.map((s) => s.seconds)) : Number.NaN;
      const peak = Math.max(0, ...all.map((s) => s.peakRss));
      const cpu = (pick: (s: Sample) => number) => (all.length ? median(all.map(pick)) : Number.NaN);
      return {
        name,
        seconds,
        peak,
        runs: all.length,
        server: cpu((s) => s.serverCpu),
        client: cpu((s) => s.clientCpu),
      };
    };
    const berth = figure('berth', phase);
    const peer = figure('Distribution', phase);
    const side = (f: typeof berth) =>
      f.runs === 0
        ? `${f.name} failed`
        : `${f.name} ${f.seconds.toFixed(2)} s (${rate(image.totalBytes, f.seconds)}, peak RSS ${mib(f.peak)}, ` +
          `CPU: server ${f.server.toFixed(2)} s, skopeo ${f.client.toFixed(2)} s)`;
    console.log(
      `${phase.padEnd(5)} ${side(berth)}  ${side(peer)}  ratio berth/Distribution ` +
        `${(peer.seconds / berth.seconds).toFixed(2)}× (target ≥ 1.2×, issue 19)`,
    );
    recordResult({
      measure: `registry ${phase}, ${(image.totalBytes / 2 ** 30).toFixed(2)} GiB`,
      berth: `${berth.seconds.toFixed(2)} s, peak ${mib(berth.peak)}`,
      peer: `${peer.seconds.toFixed(2)} s, peak ${mib(peer.peak)} Distribution`,
      ratio: `${(peer.seconds / berth.seconds).toFixed(2)}× faster`,
      target: '≥ 1.2×',
      met: peer.seconds / berth.seconds >= 1.2,
    });
    const ecr = figure('berth ECR', phase);
    console.log(
      `${phase.padEnd(5)} ${side(ecr)}  ratio ECR/berth registry ` +
        `${(berth.seconds / ecr.seconds).toFixed(2)}× (target ≥ 0.95×: within 5 %)`,
    );
    recordResult({
      measure: `ECR path ${phase} vs the plain registry path`,
      berth: `${ecr.seconds.toFixed(2)} s`,
      peer: `${berth.seconds.toFixed(2)} s berth registry`,
      ratio: `${(berth.seconds / ecr.seconds).toFixed(2)}×`,
      target: '≥ 0.95× (within 5 %)',
      met: berth.seconds / ecr.seconds >= 0.95,
    });
  }
}

async function main(): Promise<void> {
  for (const tool of ['skopeo', 'docker-registry', 'htpasswd']) requireTool(tool);
  const loadAtStart = loadavg()[0]!;
  const scratch = mkdtempSync(join(scratchBase(layerCount * layerMiB * 2 ** 20), 'berth-bench-registry-'));
  const samples = new Map<string, Sample[]>(
    ['berth', 'berth ECR', 'Distribution'].flatMap((n) =>
      phases.map((p): [string, Sample[]] => [key(n, p), []]),
    ),
  );
  const failures: string[] = [];
  try {
    const started = process.hrtime.bigint();
    const image = await buildRandomLayerImage(join(scratch, 'layout'), 'v1', layerCount, layerMiB * 2 ** 20);
    const buildSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      `versions: node ${process.version}, ${version('skopeo')}, ${version('docker-registry')}\n` +
        `layout and pulls: ${scratch} (${medium(scratch)}); registry storage: under ${tmpdir()} (${medium(tmpdir())})\n` +
        `push: skopeo ${redact(pushArgs(image, sampleTarget).join(' '))}\n` +
        `pull: skopeo ${redact(pullArgs(sampleTarget, join(scratch, 'pull-NAME-ROUND')).join(' '))}`,
    );
    for (let round = 0; round < rounds; round++) {
      const before = new Map([...samples].map(([k, v]) => [k, v.length]));
      await runRound(round, image, scratch, samples, failures);
      const last = [...samples].map(([k, v]) =>
        v.length > before.get(k)! ? `${k} ${v.at(-1)!.seconds.toFixed(2)} s` : `${k} failed`,
      );
      const first = round % 2 === 0 ? 'berth' : 'Distribution';
      console.log(`round ${round + 1}/${rounds} (${first} first): ${last.join(', ')}`);
    }
    report(image, samples, buildSeconds);
    console.log(`load average: ${loadAtStart.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at the end`);
    for (const failure of failures) console.log(`FAILED ${failure}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (failures.length) process.exitCode = 1;
}

await main();
