// npm run bench -- run-task: RunTask → RUNNING through a real `berth up` (AWS SDK, the walkthrough's secret, execution
// role and repositoryCredentials, real runc, one network namespace per task), in three parts:
//   cached  — the web image already pulled and unpacked: RunTask → RUNNING, → answering on its port, and the agent's
//             startedAt − createdAt; the peer is the floor, `runc run` of a prepared bundle of the same image.
//   cold    — a ~50 MB image on a second berth's registry, a fresh berth (empty content store and rootfs cache):
//             RunTask → RUNNING; the peer is `skopeo copy` of the same image from the same registry to a directory.
//             Twice: as the first task of a fresh `berth up` (which also loads the agent, its SDK clients and its
//             network code), and on a running berth, a fresh one whose first task (an image that does not exist,
//             which fails its pull and shares no layer) came before — a new image on a berth in use.
//             Also the same image pushed into the fresh berth's own registry (blobs already local: unpack only).
//             Each berth task also reports the CPU time its berth process used (all threads), which load distorts less.
//   fan-out — 50 tasks of that image at once on a fresh berth (RunTask count 10, five calls together): time to all
//             RUNNING, and how often each blob was fetched, from the remote registry's access log.
// See docs/benchmarks.md. Options: BENCH_RUNS (cached runs, default 20), BENCH_COLD_RUNS (default 5), BENCH_TASKS
// (fan-out, default 50), BENCH_COLD_MB (padding of the cold image, default 48), BENCH_POLL_MS (DescribeTasks poll,
// default 10), BENCH_PARTS (comma list of cached,cold,fanout; default all), BENCH_LINK_MBPS (cold part only: the remote
// registry behind a proxy that sends at most this many MB/s, shared by all connections, as one network link; default
// none, loopback speed).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Task } from '@aws-sdk/client-ecs';
import { type EcsWorld, startEcsWorld } from '../test/e2e/support/ecs-world.js';
import { buildWebImage, webPort } from '../test/e2e/support/web-image.js';
import { testTaskCidr } from '../test/integ/berth-process.js';
import { pushLayout } from '../test/integ/support/skopeo.js';
import { freePort, requireTool, run } from '../test/integ/support/system-tools.js';
import { envNumber, median, recordResult } from './bench-kit.js';
import { buildPaddedImage, type PaddedImage } from './support/padded-image.js';
import { cpuSeconds } from './support/process-cpu.js';
import { prepareRuncFloor } from './support/runc-floor.js';
import { runTasks, stopAll, type TaskTiming, timeOneTask, waitAllRunning } from './support/task-timing.js';
import { startThrottleProxy } from './support/throttle-proxy.js';
import {
  type AccessEntry,
  type RemoteRegistry,
  registerWebTask,
  startRemoteRegistry,
} from './support/web-task.js';

const runs = envNumber('BENCH_RUNS', 20);
const coldRuns = envNumber('BENCH_COLD_RUNS', 5);
const fanOut = envNumber('BENCH_TASKS', 50);
const coldPadMiB = envNumber('BENCH_COLD_MB', 48);
const pollMs = envNumber('BENCH_POLL_MS', 10);
const probeMs = 5;
const linkMBps = envNumber('BENCH_LINK_MBPS');
const parts = new Set((process.env['BENCH_PARTS'] ?? 'cached,cold,fanout').split(','));
/** ECS's limit of tasks per RunTask call. */
const perCall = 10;

const ms = (value: number) => `${Math.round(value)} ms`;
const load = () => loadavg()[0]!.toFixed(2);

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const spread = (values: readonly number[]) =>
  `median ${ms(median([...values]))}, p90 ${ms(percentile(values, 90))} (min ${ms(Math.min(...values))}, max ${ms(Math.max(...values))})`;

/** A fresh berth with the walkthrough's clients, closed after `body`. */
async function withWorld<T>(body: (world: EcsWorld) => Promise<T>): Promise<T> {
  const world = await startEcsWorld();
  try {
    return await body(world);
  } finally {
    await world.close();
  }
}

async function cachedPart(scratch: string): Promise<void> {
  console.log(
    `\n== cached image: ${runs} runs, DescribeTasks polled every ${pollMs} ms, port probed every ${probeMs} ms (load ${load()})`,
  );
  await withWorld(async (world) => {
    const password = 'bench-cached-pw';
    const image = await world.pushWebImage('bench', password, 'web');
    const family = await registerWebTask(world, 'benchcached', image, { username: 'bench', password });
    const floor = prepareRuncFloor({
      layoutDir: world.web.layoutDir,
      image: world.web.image,
      dir: join(scratch, 'floor-bundle'),
      port: await freePort(),
      probeIntervalMs: probeMs,
    });
    // Warm-up, not counted: the first run pulls and unpacks; the floor's first run warms runc's binary.
    const first = await timeOneTask(world.ecs, family, {
      pollMs,
      probeMs,
      port: webPort,
      subnet: world.subnet,
    });
    await stopAll(world.ecs, [first.task.taskArn!]);
    await floor.run('berth-bench-floor-warmup');
    console.log(`warm-up (pull + unpack): RUNNING after ${ms(first.runningMs)}, agent ${ms(first.agentMs)}`);

    const berth: TaskTiming[] = [];
    const floorMs: number[] = [];
    for (let index = 0; index < runs; index++) {
      // Alternating which goes first, so that machine noise falls on both alike.
      const order = index % 2 === 0 ? ['berth', 'floor'] : ['floor', 'berth'];
      for (const side of order) {
        if (side === 'floor') floorMs.push(await floor.run(`berth-bench-floor-${index}`));
        else {
          const timing = await timeOneTask(world.ecs, family, {
            pollMs,
            probeMs,
            port: webPort,
            subnet: world.subnet,
          });
          berth.push(timing);
          await stopAll(world.ecs, [timing.task.taskArn!]);
        }
      }
    }
    const runningMs = berth.map((t) => t.runningMs);
    const answeredMs = berth.map((t) => t.answeredMs);
    console.log(`berth RunTask → RUNNING seen:        ${spread(runningMs)}  (target median ≤ 300 ms)`);
    recordResult({
      measure: 'RunTask → RUNNING, cached image',
      berth: `${median(runningMs).toFixed(0)} ms`,
      peer: '— (Fargate: tens of seconds)',
      ratio: '',
      target: '≤ 300 ms',
      met: median(runningMs) <= 300,
    });
    console.log(`berth RunTask → answers on its port: ${spread(answeredMs)}`);
    console.log(`berth agent startedAt − createdAt:   ${spread(berth.map((t) => t.agentMs))}`);
    console.log(
      `  of which createdAt → pullStartedAt (network namespace, secrets): ${spread(berth.map((t) => t.beforePullMs))}`,
    );
    console.log(
      `  pullStartedAt → pullStoppedAt (resolve, cached rootfs):          ${spread(berth.map((t) => t.pullMs))}`,
    );
    console.log(
      `  pullStoppedAt → startedAt (bundle, overlay, runc):               ${spread(berth.map((t) => t.afterPullMs))}`,
    );
    console.log(`floor runc run → answers on its port: ${spread(floorMs)}`);
    console.log(
      `berth ÷ floor (answering, medians): ${(median(answeredMs) / median(floorMs)).toFixed(1)}×, ` +
        `overhead ${ms(median(answeredMs) - median(floorMs))}; load ${load()}`,
    );
  });
}

/** `skopeo copy` of `reference` into a fresh directory; its wall time in ms. */
async function skopeoCopy(reference: string, remote: RemoteRegistry, into: string): Promise<number> {
  const { username, password } = remote.login;
  const started = performance.now();
  try {
    await run(
      'skopeo',
      [
        ...['--insecure-policy', 'copy', '--quiet', '--src-tls-verify=false'],
        ...['--src-creds', `${username}:${password}`, `docker://${reference}`, `dir:${into}`],
      ],
      { timeoutMs: 300_000 },
    );
  } catch (error) {
    // run()'s message repeats the command line, credentials included.
    throw new Error(String((error as Error).message).replaceAll(password, '***'));
  }
  const elapsed = performance.now() - started;
  rmSync(into, { recursive: true, force: true });
  return elapsed;
}

async function coldPart(image: PaddedImage, remote: RemoteRegistry, reference: string): Promise<void> {
  console.log(
    `\n== cold pull: ${coldRuns} runs of a ${(image.totalBytes / 1e6).toFixed(1)} MB image ` +
      `(${image.layers.length} gzip layers), each on a fresh berth (load ${load()})`,
  );
  const remoteRuns: TaskTiming[] = [];
  const runningRuns: TaskTiming[] = [];
  const ownRuns: TaskTiming[] = [];
  const skopeoMs: number[] = [];
  /** CPU the agent's berth process used from RunTask to RUNNING (all its threads: the layer worker's too). */
  const cpuMs = new Map<TaskTiming, number>();
  const timeWithCpu = async (world: EcsWorld, family: string): Promise<TaskTiming> => {
    const before = cpuSeconds(world.berth.child.pid!);
    const timing = await timeOneTask(world.ecs, family, {
      pollMs,
      probeMs,
      port: webPort,
      subnet: world.subnet,
    });
    cpuMs.set(timing, (cpuSeconds(world.berth.child.pid!) - before) * 1000);
    return timing;
  };
  for (let index = 0; index < coldRuns; index++) {
    const order =
      index % 2 === 0 ? ['remote', 'skopeo', 'running', 'own'] : ['skopeo', 'running', 'remote', 'own'];
    for (const side of order) {
      if (side === 'skopeo') {
        // Into the temporary directory, where the berths' state dirs are: the same disk.
        skopeoMs.push(
          await skopeoCopy(reference, remote, join(tmpdir(), `berth-bench-skopeo-${process.pid}-${index}`)),
        );
      } else if (side === 'remote' || side === 'running') {
        (side === 'remote' ? remoteRuns : runningRuns).push(
          await withWorld(async (world) => {
            const family = await registerWebTask(world, 'benchcold', reference, remote.login);
            if (side === 'running') await failedFirstTask(world, remote);
            const timing = await timeWithCpu(world, family);
            await stopAll(world.ecs, [timing.task.taskArn!]);
            return timing;
          }),
        );
      } else {
        ownRuns.push(
          await withWorld(async (world) => {
            const login = { username: 'own', password: 'bench-own-pw' };
            const added = world.cli(
              ['registry', 'user', 'add', login.username, '--password-stdin'],
              `${login.password}\n`,
            );
            if (added.code !== 0) throw new Error(`registry user add: ${added.stderr}`);
            const own = `${world.registryHost}/own/padded:latest`;
            await pushLayout(image.layoutDir, image.tag, own, login);
            const family = await registerWebTask(world, 'benchown', own, login);
            const timing = await timeWithCpu(world, family);
            await stopAll(world.ecs, [timing.task.taskArn!]);
            return timing;
          }),
        );
      }
    }
    const last = (list: TaskTiming[]) => ms(list.at(-1)!.runningMs);
    console.log(
      `run ${index + 1}: remote RUNNING ${last(remoteRuns)} (pull ${ms(remoteRuns.at(-1)!.pullMs)}), ` +
        `on a running berth ${last(runningRuns)} (pull ${ms(runningRuns.at(-1)!.pullMs)}), ` +
        `skopeo ${ms(skopeoMs.at(-1)!)}, own registry RUNNING ${last(ownRuns)}`,
    );
  }
  const skopeo = median(skopeoMs);
  console.log(`skopeo copy from the same registry:        ${spread(skopeoMs)}`);
  const sides = [
    {
      runs: remoteRuns,
      title: 'the first task of a fresh berth up',
      short: 'first task of a fresh berth up',
    },
    { runs: runningRuns, title: 'a running berth (one task before)', short: 'on a running berth' },
  ];
  for (const { runs: timings, title, short } of sides) {
    const running = median(timings.map((t) => t.runningMs));
    console.log(
      `berth, remote registry, ${title}, RunTask → RUNNING: ${spread(timings.map((t) => t.runningMs))}`,
    );
    console.log(`  agent pullStoppedAt − pullStartedAt:     ${spread(timings.map((t) => t.pullMs))}`);
    console.log(`  agent startedAt − createdAt:             ${spread(timings.map((t) => t.agentMs))}`);
    console.log(`  agent createdAt → pullStartedAt:         ${spread(timings.map((t) => t.beforePullMs))}`);
    console.log(`  agent pullStoppedAt → startedAt:         ${spread(timings.map((t) => t.afterPullMs))}`);
    console.log(`  berth process CPU, RunTask → RUNNING:    ${spread(timings.map((t) => cpuMs.get(t)!))}`);
    const ratio = running / skopeo;
    console.log(
      `  ÷ skopeo copy (medians): ${ratio.toFixed(2)}× ` +
        `(${(image.totalBytes / 1e6 / (running / 1000)).toFixed(0)} MB/s of image to a running task)`,
    );
    recordResult({
      measure: `cold RunTask → RUNNING, ${short}${linkMBps === undefined ? '' : `, at ${linkMBps} MB/s`}`,
      berth: `${running.toFixed(0)} ms`,
      peer: `${skopeo.toFixed(0)} ms skopeo copy`,
      ratio: `${ratio.toFixed(2)}× skopeo's time`,
      target: linkMBps === undefined ? '≤ 1.0× skopeo' : '≤ 1.05× skopeo',
      met: ratio <= (linkMBps === undefined ? 1.0 : 1.05),
    });
  }
  console.log(
    `berth, own registry (unpack only), RUNNING: ${spread(ownRuns.map((t) => t.runningMs))}; load ${load()}`,
  );
  console.log(`  berth process CPU, RunTask → RUNNING:    ${spread(ownRuns.map((t) => cpuMs.get(t)!))}`);
}

/**
 * A berth's first task, of an image the registry does not have: it loads what any task loads (the agent, its SDK
 * clients, the network and registry code), fails its pull, and leaves nothing in the content store.
 */
async function failedFirstTask(world: EcsWorld, remote: RemoteRegistry): Promise<void> {
  const missing = `${remote.host}/${remote.login.username}/not-there:latest`;
  const family = await registerWebTask(world, 'benchfirst', missing, remote.login);
  const task = await world.runAndSettle(family);
  if (task.lastStatus !== 'STOPPED')
    throw new Error(`the first task was ${task.lastStatus}, expected a failed pull`);
  await world.waitFor(task.taskArn!, (t) => t.lastStatus === 'STOPPED' && t.stopCode !== undefined);
}

async function fanOutPart(image: PaddedImage, remote: RemoteRegistry, reference: string): Promise<void> {
  console.log(`\n== fan-out: ${fanOut} tasks of the cold image at once, fresh berth (load ${load()})`);
  await withWorld(async (world) => {
    const family = await registerWebTask(world, 'benchfanout', reference, remote.login);
    const before = remote.accessLog().length;
    const since = performance.now();
    const calls = Array.from({ length: Math.ceil(fanOut / perCall) }, (_, index) =>
      runTasks(world.ecs, family, world.subnet, Math.min(perCall, fanOut - index * perCall)),
    );
    const arns = (await Promise.all(calls)).flat();
    const sentMs = performance.now() - since;
    try {
      const { ms: allRunning, tasks } = await waitAllRunning(world.ecs, arns, { pollMs: 50, since });
      const between = (from: keyof Task, to: keyof Task) =>
        tasks.map((t) => (t[to] as Date).getTime() - (t[from] as Date).getTime());
      console.log(
        `${arns.length} RunTask'd in ${ms(sentMs)}; all RUNNING after ${ms(allRunning)} (DescribeTasks polled every 50 ms)`,
      );
      console.log(`agent startedAt − createdAt per task: ${spread(between('createdAt', 'startedAt'))}`);
      console.log(`  createdAt → pullStartedAt:     ${spread(between('createdAt', 'pullStartedAt'))}`);
      console.log(`  pullStartedAt → pullStoppedAt: ${spread(between('pullStartedAt', 'pullStoppedAt'))}`);
      console.log(`  pullStoppedAt → startedAt:     ${spread(between('pullStoppedAt', 'startedAt'))}`);
    } finally {
      await stopAll(world.ecs, arns);
    }
    await delay(600); // the access log is written in batches at least every 250 ms
    reportFetches(image, remote.accessLog().slice(before));
  });
}

/**
 * How often each of the image's blobs was fetched (answered 200), and what else the pulls asked: the manifest (HEAD by
 * tag, GET by digest), the config blob, tokens. Layers are the bytes that matter: each must come exactly once.
 */
function reportFetches(image: PaddedImage, log: readonly AccessEntry[]): void {
  const count = (method: string, suffix: string) =>
    log.filter((e) => e.method === method && e.status === 200 && e.path.endsWith(suffix)).length;
  const [manifest, config, ...layers] = image.blobs;
  const layerCounts = layers.map((layer) => count('GET', `/blobs/${layer.digest}`));
  const once = layerCounts.every((n) => n === 1);
  console.log(
    `layer blob GETs: ${layerCounts.join(', ')} (${once ? 'each exactly once' : 'NOT each exactly once'})`,
  );
  console.log(
    `per-pull requests: HEAD manifest by tag ${count('HEAD', '/manifests/latest')}, ` +
      `GET manifest by tag ${count('GET', '/manifests/latest')}, by digest ${count('GET', `/manifests/${manifest!.digest}`)}, ` +
      `GET config blob ${count('GET', `/blobs/${config!.digest}`)}, token ${count('GET', '/token') + count('POST', '/token')}`,
  );
  if (!once) process.exitCode = 1;
}

async function main(): Promise<void> {
  for (const tool of ['skopeo', 'runc']) requireTool(tool);
  const scratch = mkdtempSync(join(tmpdir(), 'berth-bench-run-task-'));
  const versions = await run('dpkg-query', ['-W', 'runc', 'skopeo']);
  console.log(
    `node ${process.version}; ${versions.stdout.trim().replaceAll('\n', ', ').replaceAll('\t', ' ')}; load ${load()}`,
  );
  let remote: RemoteRegistry | undefined;
  try {
    if (parts.has('cached')) await cachedPart(scratch);
    if (parts.has('cold') || parts.has('fanout')) {
      const web = await buildWebImage(join(scratch, 'web'));
      const padded = await buildPaddedImage({
        baseLayout: web.layoutDir,
        base: web.image,
        layoutDir: join(scratch, 'padded'),
        tag: 'padded',
        extraLayers: 4,
        bytesPerLayer: (coldPadMiB / 4) * 2 ** 20,
      });
      // Its own task range, away from the agent berths' (testTaskCidr); it never runs a task, so never makes a bridge.
      remote = await startRemoteRegistry(otherCidr(testTaskCidr()));
      const reference = await remote.push(padded.layoutDir, padded.tag, 'padded');
      if (parts.has('cold')) {
        const link = linkMBps === undefined ? undefined : await startThrottleProxy(remote.host, linkMBps);
        try {
          if (link) console.log(`\nthe remote registry behind a ${linkMBps} MB/s link (${link.host})`);
          await coldPart(padded, remote, link ? reference.replace(remote.host, link.host) : reference);
        } finally {
          await link?.stop();
        }
      }
      if (parts.has('fanout')) await fanOutPart(padded, remote, reference);
    }
  } finally {
    await remote?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The /24 beside `cidr`'s (third octet + 128). */
function otherCidr(cidr: string): string {
  const [a, b, c] = cidr.split('.').map(Number) as [number, number, number];
  return `${a}.${b}.${(c + 128) % 256}.0/24`;
}

await main();
